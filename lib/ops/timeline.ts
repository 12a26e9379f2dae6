import type { HistoryEvent } from '@aws-sdk/client-swf';
import { eventAttributes } from './history';

/** How a task, timer or child workflow ended, or `open` if it has not. */
export type Outcome = 'completed' | 'failed' | 'timedOut' | 'canceled' | 'terminated' | 'continuedAsNew' | 'open';

export type TimelineRowKind = 'activity' | 'timer' | 'child' | 'lambda';

/** One bar: scheduled → started (waiting for a worker) → closed (running), in epoch milliseconds. */
export interface TimelineRow {
  readonly kind: TimelineRowKind;
  readonly label: string;
  readonly scheduledAt: number;
  startedAt?: number;
  closedAt?: number;
  outcome: Outcome;
  /** Why it ended that way (failure reason, timeout type, cause), when SWF said. */
  detail?: string;
}

export type TimelineMarkKind = 'signal' | 'decision' | 'marker' | 'cancelRequest' | 'decisionTimeout';

/** A moment on the execution: a signal received, a decision task completed, a marker recorded. */
export interface TimelineMark {
  readonly kind: TimelineMarkKind;
  readonly at: number;
  readonly label: string;
}

export interface Timeline {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType?: string;
  readonly startedAt: number;
  /** When the execution closed, or (still open) the time the picture was drawn. */
  readonly endedAt: number;
  readonly outcome: Outcome;
  readonly closeDetail?: string;
  readonly rows: TimelineRow[];
  readonly marks: TimelineMark[];
}

const EXECUTION_CLOSE: Record<string, Outcome> = {
  WorkflowExecutionCompleted: 'completed',
  WorkflowExecutionFailed: 'failed',
  WorkflowExecutionTimedOut: 'timedOut',
  WorkflowExecutionCanceled: 'canceled',
  WorkflowExecutionTerminated: 'terminated',
  WorkflowExecutionContinuedAsNew: 'continuedAsNew',
};

/** For each kind of row: the event that opens it, the start event, and the closing events with their outcome. */
const ROW_EVENTS: Array<{
  kind: TimelineRowKind;
  open: string;
  started?: string;
  closes: Record<string, Outcome>;
  /** The attribute of later events that points back at the opening event. */
  ref: string;
}> = [
  {
    kind: 'activity',
    open: 'ActivityTaskScheduled',
    started: 'ActivityTaskStarted',
    closes: {
      ActivityTaskCompleted: 'completed',
      ActivityTaskFailed: 'failed',
      ActivityTaskTimedOut: 'timedOut',
      ActivityTaskCanceled: 'canceled',
    },
    ref: 'scheduledEventId',
  },
  {
    kind: 'timer',
    open: 'TimerStarted',
    closes: { TimerFired: 'completed', TimerCanceled: 'canceled' },
    ref: 'startedEventId',
  },
  {
    kind: 'child',
    open: 'StartChildWorkflowExecutionInitiated',
    started: 'ChildWorkflowExecutionStarted',
    closes: {
      ChildWorkflowExecutionCompleted: 'completed',
      ChildWorkflowExecutionFailed: 'failed',
      ChildWorkflowExecutionTimedOut: 'timedOut',
      ChildWorkflowExecutionCanceled: 'canceled',
      ChildWorkflowExecutionTerminated: 'terminated',
      StartChildWorkflowExecutionFailed: 'failed',
    },
    ref: 'initiatedEventId',
  },
  {
    kind: 'lambda',
    open: 'LambdaFunctionScheduled',
    started: 'LambdaFunctionStarted',
    closes: {
      LambdaFunctionCompleted: 'completed',
      LambdaFunctionFailed: 'failed',
      LambdaFunctionTimedOut: 'timedOut',
      StartLambdaFunctionFailed: 'failed',
    },
    ref: 'scheduledEventId',
  },
];

/** Decisions that failed before anything was scheduled still deserve a (zero-length, failed) row. */
const SCHEDULE_FAILURES: Record<string, { kind: TimelineRowKind; label: (a: Record<string, unknown>) => string }> = {
  ScheduleActivityTaskFailed: { kind: 'activity', label: (a) => `${typeName(a.activityType)} (${a.activityId})` },
  StartTimerFailed: { kind: 'timer', label: (a) => `timer ${a.timerId}` },
  ScheduleLambdaFunctionFailed: { kind: 'lambda', label: (a) => `lambda ${a.name} (${a.id})` },
};

/**
 * Folds a workflow execution's history (ascending, all pages) into rows and marks for the timeline picture.
 * `now` is used as the right edge while the execution is still open.
 */
export function buildTimeline(events: HistoryEvent[], execution: { workflowId: string; runId: string }, now = Date.now()): Timeline {
  const rowsByOpeningEvent = new Map<number, TimelineRow>();
  const rows: TimelineRow[] = [];
  const marks: TimelineMark[] = [];
  let startedAt: number | undefined;
  let closedAt: number | undefined;
  let outcome: Outcome = 'open';
  let closeDetail: string | undefined;
  let workflowType: string | undefined;
  let lastEventAt = 0;

  for (const event of events) {
    const type = event.eventType ?? '';
    const at = event.eventTimestamp?.getTime() ?? lastEventAt;
    lastEventAt = Math.max(lastEventAt, at);
    const attributes = eventAttributes(event);
    const eventId = event.eventId ?? 0;

    if (type === 'WorkflowExecutionStarted') {
      startedAt = at;
      workflowType = typeName(attributes.workflowType);
      continue;
    }
    if (type in EXECUTION_CLOSE) {
      closedAt = at;
      outcome = EXECUTION_CLOSE[type];
      closeDetail = reasonOf(attributes);
      continue;
    }
    const mark = markFor(type, attributes, at);
    if (mark) {
      marks.push(mark);
      continue;
    }
    const failure = SCHEDULE_FAILURES[type];
    if (failure) {
      rows.push({ kind: failure.kind, label: failure.label(attributes), scheduledAt: at, closedAt: at, outcome: 'failed', detail: reasonOf(attributes) });
      continue;
    }
    for (const spec of ROW_EVENTS) {
      if (type === spec.open) {
        const row: TimelineRow = {
          kind: spec.kind,
          label: rowLabel(spec.kind, attributes),
          scheduledAt: at,
          // A timer runs from the moment it starts: it never waits for a worker.
          startedAt: spec.kind === 'timer' ? at : undefined,
          outcome: 'open',
        };
        rowsByOpeningEvent.set(eventId, row);
        rows.push(row);
        break;
      }
      const row = rowsByOpeningEvent.get(Number(attributes[spec.ref]));
      if (!row || row.kind !== spec.kind) continue;
      if (type === spec.started) {
        row.startedAt = at;
        break;
      }
      if (type in spec.closes) {
        row.closedAt = at;
        row.outcome = spec.closes[type];
        row.detail = reasonOf(attributes);
        break;
      }
    }
  }

  if (closedAt !== undefined) closeLeftovers(rows, outcome, closedAt);
  const begin = startedAt ?? (events[0]?.eventTimestamp?.getTime() ?? now);
  return {
    workflowId: execution.workflowId,
    runId: execution.runId,
    workflowType,
    startedAt: begin,
    endedAt: closedAt ?? Math.max(now, lastEventAt, begin),
    outcome,
    closeDetail,
    rows,
    marks,
  };
}

const ROW_NOUNS: Array<[TimelineRowKind, string, string]> = [
  ['activity', 'activity task', 'activity tasks'],
  ['lambda', 'Lambda task', 'Lambda tasks'],
  ['timer', 'timer', 'timers'],
  ['child', 'child workflow', 'child workflows'],
];

/** `6 rows (3 activity tasks, 1 Lambda task, 2 timers)`: what the picture shows, by kind. */
export function describeTimelineRows(rows: readonly TimelineRow[]): string {
  if (rows.length === 0) return 'no activity task, Lambda task, timer or child workflow rows';
  const parts = ROW_NOUNS.flatMap(([kind, one, many]) => {
    const count = rows.filter((row) => row.kind === kind).length;
    return count === 0 ? [] : [`${count} ${count === 1 ? one : many}`];
  });
  return `${rows.length} ${rows.length === 1 ? 'row' : 'rows'} (${parts.join(', ')})`;
}

/**
 * SWF records nothing more for tasks, timers and children still open when their execution closes: they end with it.
 * Drawn as terminated or timed out along with the execution, otherwise as canceled (abandoned), never as still open.
 */
function closeLeftovers(rows: TimelineRow[], executionOutcome: Outcome, closedAt: number): void {
  const outcome: Outcome = executionOutcome === 'terminated' || executionOutcome === 'timedOut' ? executionOutcome : 'canceled';
  for (const row of rows) {
    if (row.outcome !== 'open') continue;
    row.outcome = outcome;
    row.closedAt = closedAt;
    row.detail = `still open when the execution closed (${executionOutcome})`;
  }
}

function markFor(type: string, a: Record<string, unknown>, at: number): TimelineMark | undefined {
  switch (type) {
    case 'WorkflowExecutionSignaled':
      return { kind: 'signal', at, label: `signal ${a.signalName}` };
    case 'DecisionTaskCompleted':
      return { kind: 'decision', at, label: 'decision' };
    case 'DecisionTaskTimedOut':
      return { kind: 'decisionTimeout', at, label: `decision task timed out (${a.timeoutType})` };
    case 'MarkerRecorded':
      return { kind: 'marker', at, label: `marker ${a.markerName}` };
    case 'WorkflowExecutionCancelRequested':
      return { kind: 'cancelRequest', at, label: 'cancel requested' };
    default:
      return undefined;
  }
}

function rowLabel(kind: TimelineRowKind, a: Record<string, unknown>): string {
  switch (kind) {
    case 'activity':
      return `${typeName(a.activityType)} (${a.activityId})`;
    case 'timer':
      return `timer ${a.timerId} (${a.startToFireTimeout}s)`;
    case 'child':
      return `child ${typeName(a.workflowType)} (${a.workflowId})`;
    case 'lambda':
      return `lambda ${a.name} (${a.id})`;
  }
}

function typeName(value: unknown): string {
  const t = (value ?? {}) as { name?: string; version?: string };
  return t.version !== undefined ? `${t.name}@${t.version}` : String(t.name ?? '?');
}

function reasonOf(a: Record<string, unknown>): string | undefined {
  const parts = [a.timeoutType, a.cause, a.reason].filter((v) => v !== undefined && v !== null && v !== '');
  return parts.length > 0 ? parts.join(': ') : undefined;
}
