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
  'closeStatus', 'timeoutType', 'cause', 'reason', 'message', 'startToFireTimeout', 'identity', 'input', 'result', 'details',
];

/** Events of a Lambda task after it was scheduled: they carry only the scheduling event's id. */
const LAMBDA_TASK_EVENTS = new Set([
  'LambdaFunctionStarted',
  'LambdaFunctionCompleted',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'StartLambdaFunctionFailed',
]);

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

/**
 * One summary per event of a whole history (oldest first). A Lambda task's later events name the task they belong
 * to (`name=FraudCheck id=fraud-check result=...`), taken from its LambdaFunctionScheduled event.
 */
export function summarizeEvents(events: readonly HistoryEvent[], max = 100): string[] {
  const lambdaTasks = new Map<number, string>();
  return events.map((event) => {
    const attributes = eventAttributes(event);
    if (event.eventType === 'LambdaFunctionScheduled') {
      lambdaTasks.set(event.eventId ?? 0, `name=${summarizeValue(attributes.name)} id=${summarizeValue(attributes.id)}`);
    }
    const task = LAMBDA_TASK_EVENTS.has(event.eventType ?? '') ? lambdaTasks.get(Number(attributes.scheduledEventId)) : undefined;
    return task ? truncate(`${task} ${summarizeEvent(event, max)}`.trim(), max) : summarizeEvent(event, max);
  });
}
