import type { Decision, HistoryEvent } from '@aws-sdk/client-swf';
import type { DecisionFailureView, WorkflowHistory } from './history';

/**
 * The stuck-workflow guard. A decision task answer is *stuck* when, once SWF applied it, nothing could ever wake the
 * decider again and the execution would not close:
 * - nothing is open: no activity scheduled or started, no timer running, no child workflow initiated or running, no
 *   Lambda task scheduled or running, no external signal or cancel request in flight (each of those ends with an
 *   event that schedules a decision task);
 * - the answer closes nothing (no Complete/Fail/Cancel/ContinueAsNew) and opens nothing new. A decision repeating one
 *   SWF already refused `repeatLimit` times (same decision type and id) does not count as opening anything: that is the
 *   hot loop of a decide function that ignores `decisionFailures` (each refusal schedules a new decision task at once).
 *
 * Such an execution would sit until its execution timeout (up to a year), or hot-loop; the runtime fails it instead.
 * A workflow that deliberately waits for a signal with nothing open sets `waitsForSignals` on its definition.
 */

/** How many times a decision may be refused by SWF before repeating it counts as a loop. */
export const DEFAULT_REPEAT_LIMIT = 3;

/** The reason of the FailWorkflowExecution decision the guard sends. */
export const STUCK_WORKFLOW_REASON = 'cdk-swf: stuck workflow';

export interface StuckVerdict {
  /** Why the answer makes no progress, for the log line and the failure details. */
  readonly problem: string;
  /** The most recent decision SWF refused in this execution, if any. */
  readonly lastFailure?: DecisionFailureView;
}

/** Undefined when the answer makes progress; otherwise why it does not. */
export function stuckVerdict(history: WorkflowHistory, decisions: readonly Decision[], repeatLimit = DEFAULT_REPEAT_LIMIT): StuckVerdict | undefined {
  if (decisions.some((d) => CLOSING_DECISIONS.has(String(d.decisionType)))) return undefined;
  const lastFailure = history.decisionFailures[history.decisionFailures.length - 1];
  const canceledTimers = new Set(decisions.filter((d) => d.decisionType === 'CancelTimer').map((d) => d.cancelTimerDecisionAttributes?.timerId));
  const openTimers = history.openTimers().filter((timer) => !canceledTimers.has(timer.timerId));
  if (history.openActivities().length > 0 || openTimers.length > 0 || openOtherWork(history.events) > 0) return undefined;

  const refusals = refusalCounts(history.decisionFailures);
  const opening = decisions.filter((d) => OPENING_DECISIONS.has(String(d.decisionType)));
  const fresh = opening.filter((d) => (refusals.get(decisionKey(d)) ?? 0) < repeatLimit);
  if (fresh.length > 0) return undefined;
  const problem =
    opening.length > 0
      ? `decide repeats decisions SWF refused ${repeatLimit} times already (${[...new Set(opening.map(decisionKey))].join(', ')}) while nothing else is open`
      : 'decide returned no decision that opens or closes anything while nothing is open';
  return { problem, lastFailure };
}

/** `ScheduleActivityTaskFailed cause=ACTIVITY_TYPE_DEPRECATED id=charge (event 12)`, or `none`. */
export function describeFailure(failure: DecisionFailureView | undefined): string {
  if (!failure) return 'none';
  return `${failure.eventType} cause=${failure.cause}${failure.id !== undefined ? ` id=${failure.id}` : ''} (event ${failure.eventId})`;
}

const CLOSING_DECISIONS = new Set([
  'CompleteWorkflowExecution',
  'FailWorkflowExecution',
  'CancelWorkflowExecution',
  'ContinueAsNewWorkflowExecution',
]);

/** Decisions after which SWF records an event that schedules a decision task later (or a refusal at once). */
const OPENING_DECISIONS = new Set([
  'ScheduleActivityTask',
  'StartTimer',
  'StartChildWorkflowExecution',
  'ScheduleLambdaFunction',
  'SignalExternalWorkflowExecution',
  'RequestCancelExternalWorkflowExecution',
  'RequestCancelActivityTask',
]);

/** The refused decision each `*Failed` event answers, with the id field the history summary keeps. */
const REFUSED_DECISION: Record<string, string> = {
  ScheduleActivityTaskFailed: 'ScheduleActivityTask',
  StartTimerFailed: 'StartTimer',
  StartChildWorkflowExecutionFailed: 'StartChildWorkflowExecution',
  ScheduleLambdaFunctionFailed: 'ScheduleLambdaFunction',
  SignalExternalWorkflowExecutionFailed: 'SignalExternalWorkflowExecution',
  RequestCancelExternalWorkflowExecutionFailed: 'RequestCancelExternalWorkflowExecution',
  RequestCancelActivityTaskFailed: 'RequestCancelActivityTask',
};

function refusalCounts(failures: readonly DecisionFailureView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const failure of failures) {
    const decisionType = REFUSED_DECISION[failure.eventType];
    if (!decisionType) continue;
    const key = `${decisionType}:${failure.id ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function decisionKey(decision: Decision): string {
  const id =
    decision.scheduleActivityTaskDecisionAttributes?.activityId ??
    decision.startTimerDecisionAttributes?.timerId ??
    decision.startChildWorkflowExecutionDecisionAttributes?.workflowId ??
    decision.scheduleLambdaFunctionDecisionAttributes?.id ??
    decision.signalExternalWorkflowExecutionDecisionAttributes?.workflowId ??
    decision.requestCancelExternalWorkflowExecutionDecisionAttributes?.workflowId ??
    decision.requestCancelActivityTaskDecisionAttributes?.activityId ??
    '';
  return `${decision.decisionType}:${id}`;
}

/**
 * Child workflows, Lambda tasks and external signal/cancel requests still open, read from the raw events (the history
 * summary does not track them all).
 */
function openOtherWork(events: readonly HistoryEvent[]): number {
  const open = new Set<string>();
  for (const event of events) {
    const id = event.eventId ?? 0;
    switch (event.eventType) {
      case 'StartChildWorkflowExecutionInitiated':
        open.add(`child:${id}`);
        break;
      case 'StartChildWorkflowExecutionFailed':
        open.delete(`child:${event.startChildWorkflowExecutionFailedEventAttributes?.initiatedEventId}`);
        break;
      case 'ChildWorkflowExecutionCompleted':
        open.delete(`child:${event.childWorkflowExecutionCompletedEventAttributes?.initiatedEventId}`);
        break;
      case 'ChildWorkflowExecutionFailed':
        open.delete(`child:${event.childWorkflowExecutionFailedEventAttributes?.initiatedEventId}`);
        break;
      case 'ChildWorkflowExecutionTimedOut':
        open.delete(`child:${event.childWorkflowExecutionTimedOutEventAttributes?.initiatedEventId}`);
        break;
      case 'ChildWorkflowExecutionCanceled':
        open.delete(`child:${event.childWorkflowExecutionCanceledEventAttributes?.initiatedEventId}`);
        break;
      case 'ChildWorkflowExecutionTerminated':
        open.delete(`child:${event.childWorkflowExecutionTerminatedEventAttributes?.initiatedEventId}`);
        break;
      case 'LambdaFunctionScheduled':
        open.add(`lambda:${id}`);
        break;
      case 'StartLambdaFunctionFailed':
        open.delete(`lambda:${event.startLambdaFunctionFailedEventAttributes?.scheduledEventId}`);
        break;
      case 'LambdaFunctionCompleted':
        open.delete(`lambda:${event.lambdaFunctionCompletedEventAttributes?.scheduledEventId}`);
        break;
      case 'LambdaFunctionFailed':
        open.delete(`lambda:${event.lambdaFunctionFailedEventAttributes?.scheduledEventId}`);
        break;
      case 'LambdaFunctionTimedOut':
        open.delete(`lambda:${event.lambdaFunctionTimedOutEventAttributes?.scheduledEventId}`);
        break;
      case 'SignalExternalWorkflowExecutionInitiated':
        open.add(`signal:${id}`);
        break;
      case 'ExternalWorkflowExecutionSignaled':
        open.delete(`signal:${event.externalWorkflowExecutionSignaledEventAttributes?.initiatedEventId}`);
        break;
      case 'SignalExternalWorkflowExecutionFailed':
        open.delete(`signal:${event.signalExternalWorkflowExecutionFailedEventAttributes?.initiatedEventId}`);
        break;
      case 'RequestCancelExternalWorkflowExecutionInitiated':
        open.add(`cancel:${id}`);
        break;
      case 'ExternalWorkflowExecutionCancelRequested':
        open.delete(`cancel:${event.externalWorkflowExecutionCancelRequestedEventAttributes?.initiatedEventId}`);
        break;
      case 'RequestCancelExternalWorkflowExecutionFailed':
        open.delete(`cancel:${event.requestCancelExternalWorkflowExecutionFailedEventAttributes?.initiatedEventId}`);
        break;
      default:
        break;
    }
  }
  return open.size;
}
