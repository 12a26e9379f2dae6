import type { Store } from '../store';
import { ExecutionRecord, HISTORIES, seconds } from './model';

/** Exactly SWF's HistoryEvent: `{ eventId, eventTimestamp, eventType, <camelCaseType>EventAttributes }`. */
export interface HistoryEvent {
  eventId: number;
  eventTimestamp: number;
  eventType: string;
  [attributes: string]: unknown;
}

/** `ActivityTaskScheduled` → `activityTaskScheduledEventAttributes`. */
export function attributesKey(eventType: string): string {
  return eventType.charAt(0).toLowerCase() + eventType.slice(1) + 'EventAttributes';
}

/** Appends an event to the execution's history and returns its id. The caller saves the execution record. */
export function appendEvent(
  store: Store,
  execution: ExecutionRecord,
  eventType: string,
  attributes: Record<string, unknown>,
  now: number,
): number {
  const eventId = execution.nextEventId++;
  const event: HistoryEvent = {
    eventId,
    eventTimestamp: seconds(now),
    eventType,
    [attributesKey(eventType)]: withoutUndefined(attributes),
  };
  store.append(HISTORIES, execution.runId, event);
  return eventId;
}

export function historyOf(store: Store, runId: string): readonly HistoryEvent[] {
  return store.get<HistoryEvent[]>(HISTORIES, runId) ?? [];
}

function withoutUndefined(attributes: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) clean[key] = value;
  return clean;
}
