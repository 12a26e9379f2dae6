import type { HistoryEvent } from '@aws-sdk/client-swf';
import { truncate } from './output';

/** The `<eventType>EventAttributes` member of a history event (SWF sets exactly one, named after the type). */
export function eventAttributes(event: HistoryEvent): Record<string, unknown> {
  const type = event.eventType ?? '';
  const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventAttributes`;
  return ((event as unknown as Record<string, unknown>)[key] as Record<string, unknown> | undefined) ?? {};
}

// The attributes a person scanning a history wants first, in this order. Event-id cross references are left out.
const SUMMARY_FIELDS = [
  'activityType', 'activityId', 'workflowType', 'workflowId', 'timerId', 'signalName', 'markerName', 'name', 'id',
  'closeStatus', 'timeoutType', 'cause', 'reason', 'startToFireTimeout', 'identity', 'input', 'result', 'details',
];

/** One line saying what an event carries: `activityType=resize@1 activityId=a1 input={"w":4}`. */
export function summarizeEvent(event: HistoryEvent, max = 100): string {
  const attributes = eventAttributes(event);
  const parts: string[] = [];
  for (const field of SUMMARY_FIELDS) {
    const value = attributes[field];
    if (value === undefined || value === null || value === '') continue;
    parts.push(`${field}=${summarizeValue(value)}`);
  }
  return truncate(parts.join(' '), max);
}

function summarizeValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const v = value as { name?: string; version?: string; workflowId?: string };
    if (v.name !== undefined && v.version !== undefined) return `${v.name}@${v.version}`;
    if (v.name !== undefined) return v.name;
    return JSON.stringify(value);
  }
  return truncate(String(value).replace(/\s+/g, ' '), 40);
}
