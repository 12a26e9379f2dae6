import type { ActivityTaskTimeoutType, HistoryEvent, LambdaFunctionTimeoutType, WorkflowExecution, WorkflowType } from '@aws-sdk/client-swf';

export type ActivityStatus = 'scheduled' | 'started' | 'completed' | 'failed' | 'timedOut' | 'canceled';

/** One scheduling of an activity (a retry that reuses the activityId is a new view with `attempt + 1`). */
export interface ActivityView {
  readonly activityId: string;
  readonly name: string;
  readonly version: string;
  /** 1 for the first scheduling of this activityId, 2 for the next, ... */
  readonly attempt: number;
  readonly scheduledEventId: number;
  readonly status: ActivityStatus;
  readonly input?: string;
  readonly control?: string;
  /** The decider asked to cancel it (ActivityTaskCancelRequested) and it has not closed yet, or closed after that. */
  readonly cancelRequested: boolean;
  readonly result?: string;
  readonly reason?: string;
  /** Failure, cancellation or last-heartbeat details. */
  readonly details?: string;
  readonly timeoutType?: ActivityTaskTimeoutType;
}

export type LambdaTaskStatus = 'scheduled' | 'started' | 'completed' | 'failed' | 'timedOut' | 'startFailed';

/** One scheduling of a Lambda task (a retry that reuses the id is a new view with `attempt + 1`), like ActivityView. */
export interface LambdaTaskView {
  readonly id: string;
  /** The function's name or ARN, as scheduled. */
  readonly name: string;
  /** 1 for the first scheduling of this id, 2 for the next, ... */
  readonly attempt: number;
  readonly scheduledEventId: number;
  readonly status: LambdaTaskStatus;
  readonly input?: string;
  readonly control?: string;
  readonly result?: string;
  /** The function's error type (failed), or the cause SWF could not start it (startFailed, e.g. ASSUME_ROLE_FAILED). */
  readonly reason?: string;
  /** The function's error payload (failed), or SWF's message (startFailed). */
  readonly details?: string;
  readonly timeoutType?: LambdaFunctionTimeoutType;
}

export interface TimerView {
  readonly timerId: string;
  readonly status: 'started' | 'fired' | 'canceled';
  readonly startedEventId: number;
  readonly startToFireTimeout?: string;
  readonly control?: string;
}

export interface SignalView {
  readonly name: string;
  readonly input?: string;
  readonly eventId: number;
  readonly timestamp?: Date;
}

export interface MarkerView {
  readonly name: string;
  readonly details?: string;
  readonly eventId: number;
}

/** A decision SWF refused (ScheduleActivityTaskFailed, StartTimerFailed, CompleteWorkflowExecutionFailed, ...). */
export interface DecisionFailureView {
  readonly eventType: string;
  readonly cause: string;
  readonly eventId: number;
  /** The activityId or timerId the failed decision was about, when there is one. */
  readonly id?: string;
}

/** What a decide function sees: the whole history, summarised. Everything is derived from `events`. */
export interface WorkflowHistory {
  readonly workflowType: WorkflowType;
  readonly execution: WorkflowExecution;
  /** The workflow input exactly as started (a string on the wire; see `parseJson`). */
  readonly input?: string;
  readonly tagList: readonly string[];
  /** Every event, oldest first, all pages included. */
  readonly events: readonly HistoryEvent[];
  /** Events since the previous decision task was started: what this decision task is about. */
  readonly newEvents: readonly HistoryEvent[];
  /** Every activity scheduling, in order. */
  readonly activities: readonly ActivityView[];
  /** Every Lambda task scheduling, in order. */
  readonly lambdaTasks: readonly LambdaTaskView[];
  readonly timers: readonly TimerView[];
  readonly signals: readonly SignalView[];
  readonly markers: readonly MarkerView[];
  readonly decisionFailures: readonly DecisionFailureView[];
  /** How many decision tasks timed out so far (a decider crashed, hung or threw). */
  readonly decisionTaskTimeouts: number;
  /** Someone called RequestCancelWorkflowExecution. */
  readonly cancelRequested: boolean;
  /** The latest scheduling of this activityId. */
  activity(activityId: string): ActivityView | undefined;
  /** The latest scheduling of this Lambda task id. */
  lambdaTask(id: string): LambdaTaskView | undefined;
  /** The latest timer with this id. */
  timer(timerId: string): TimerView | undefined;
  /** Signals with this name, oldest first. */
  signalsNamed(name: string): readonly SignalView[];
  marker(name: string): MarkerView | undefined;
  /** Activities still scheduled or started. */
  openActivities(): readonly ActivityView[];
  /** Lambda tasks still scheduled or started (SWF is running them). */
  openLambdaTasks(): readonly LambdaTaskView[];
  /** Timers started and not yet fired or canceled. */
  openTimers(): readonly TimerView[];
}

export interface DecisionTaskFacts {
  readonly workflowType: WorkflowType;
  readonly execution: WorkflowExecution;
  readonly previousStartedEventId?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Folds raw events into the view. Unknown or uninteresting event types are kept in `events` only. */
export function summarizeHistory(events: readonly HistoryEvent[], facts: DecisionTaskFacts): WorkflowHistory {
  const activities: Array<Mutable<ActivityView>> = [];
  const bySchedule = new Map<number, Mutable<ActivityView>>();
  const latestActivity = new Map<string, Mutable<ActivityView>>();
  const lambdaTasks: Array<Mutable<LambdaTaskView>> = [];
  const lambdaBySchedule = new Map<number, Mutable<LambdaTaskView>>();
  const latestLambda = new Map<string, Mutable<LambdaTaskView>>();
  const timers: Array<Mutable<TimerView>> = [];
  const latestTimer = new Map<string, Mutable<TimerView>>();
  const signals: SignalView[] = [];
  const markers: MarkerView[] = [];
  const decisionFailures: DecisionFailureView[] = [];
  let input: string | undefined;
  let tagList: readonly string[] = [];
  let cancelRequested = false;
  let decisionTaskTimeouts = 0;

  const closeActivity = (scheduledEventId: number | undefined, changes: Partial<Mutable<ActivityView>>) => {
    const activity = scheduledEventId === undefined ? undefined : bySchedule.get(scheduledEventId);
    if (activity) Object.assign(activity, changes);
  };
  const closeLambda = (scheduledEventId: number | undefined, changes: Partial<Mutable<LambdaTaskView>>) => {
    const task = scheduledEventId === undefined ? undefined : lambdaBySchedule.get(scheduledEventId);
    if (task) Object.assign(task, changes);
  };
  const failure = (event: HistoryEvent, attrs: { cause?: string } | undefined, id?: string) => {
    decisionFailures.push({ eventType: String(event.eventType), cause: String(attrs?.cause), eventId: event.eventId ?? 0, id });
  };

  for (const event of events) {
    const eventId = event.eventId ?? 0;
    switch (event.eventType) {
      case 'WorkflowExecutionStarted':
        input = event.workflowExecutionStartedEventAttributes?.input;
        tagList = event.workflowExecutionStartedEventAttributes?.tagList ?? [];
        break;
      case 'WorkflowExecutionCancelRequested':
        cancelRequested = true;
        break;
      case 'WorkflowExecutionSignaled': {
        const attrs = event.workflowExecutionSignaledEventAttributes;
        signals.push({ name: attrs?.signalName ?? '', input: attrs?.input, eventId, timestamp: event.eventTimestamp });
        break;
      }
      case 'MarkerRecorded': {
        const attrs = event.markerRecordedEventAttributes;
        markers.push({ name: attrs?.markerName ?? '', details: attrs?.details, eventId });
        break;
      }
      case 'DecisionTaskTimedOut':
        decisionTaskTimeouts++;
        break;
      case 'ActivityTaskScheduled': {
        const attrs = event.activityTaskScheduledEventAttributes;
        const activityId = attrs?.activityId ?? '';
        const activity: Mutable<ActivityView> = {
          activityId,
          name: attrs?.activityType?.name ?? '',
          version: attrs?.activityType?.version ?? '',
          attempt: (latestActivity.get(activityId)?.attempt ?? 0) + 1,
          scheduledEventId: eventId,
          status: 'scheduled',
          input: attrs?.input,
          control: attrs?.control,
          cancelRequested: false,
        };
        activities.push(activity);
        bySchedule.set(eventId, activity);
        latestActivity.set(activityId, activity);
        break;
      }
      case 'ActivityTaskStarted':
        closeActivity(event.activityTaskStartedEventAttributes?.scheduledEventId, { status: 'started' });
        break;
      case 'ActivityTaskCompleted': {
        const attrs = event.activityTaskCompletedEventAttributes;
        closeActivity(attrs?.scheduledEventId, { status: 'completed', result: attrs?.result });
        break;
      }
      case 'ActivityTaskFailed': {
        const attrs = event.activityTaskFailedEventAttributes;
        closeActivity(attrs?.scheduledEventId, { status: 'failed', reason: attrs?.reason, details: attrs?.details });
        break;
      }
      case 'ActivityTaskTimedOut': {
        const attrs = event.activityTaskTimedOutEventAttributes;
        closeActivity(attrs?.scheduledEventId, { status: 'timedOut', timeoutType: attrs?.timeoutType, details: attrs?.details });
        break;
      }
      case 'ActivityTaskCanceled': {
        const attrs = event.activityTaskCanceledEventAttributes;
        closeActivity(attrs?.scheduledEventId, { status: 'canceled', details: attrs?.details });
        break;
      }
      case 'ActivityTaskCancelRequested': {
        const activity = latestActivity.get(event.activityTaskCancelRequestedEventAttributes?.activityId ?? '');
        if (activity) activity.cancelRequested = true;
        break;
      }
      case 'LambdaFunctionScheduled': {
        const attrs = event.lambdaFunctionScheduledEventAttributes;
        const id = attrs?.id ?? '';
        const task: Mutable<LambdaTaskView> = {
          id,
          name: attrs?.name ?? '',
          attempt: (latestLambda.get(id)?.attempt ?? 0) + 1,
          scheduledEventId: eventId,
          status: 'scheduled',
          input: attrs?.input,
          control: attrs?.control,
        };
        lambdaTasks.push(task);
        lambdaBySchedule.set(eventId, task);
        latestLambda.set(id, task);
        break;
      }
      case 'LambdaFunctionStarted':
        closeLambda(event.lambdaFunctionStartedEventAttributes?.scheduledEventId, { status: 'started' });
        break;
      case 'LambdaFunctionCompleted': {
        const attrs = event.lambdaFunctionCompletedEventAttributes;
        closeLambda(attrs?.scheduledEventId, { status: 'completed', result: attrs?.result });
        break;
      }
      case 'LambdaFunctionFailed': {
        const attrs = event.lambdaFunctionFailedEventAttributes;
        closeLambda(attrs?.scheduledEventId, { status: 'failed', reason: attrs?.reason, details: attrs?.details });
        break;
      }
      case 'LambdaFunctionTimedOut': {
        const attrs = event.lambdaFunctionTimedOutEventAttributes;
        closeLambda(attrs?.scheduledEventId, { status: 'timedOut', timeoutType: attrs?.timeoutType });
        break;
      }
      case 'StartLambdaFunctionFailed': {
        const attrs = event.startLambdaFunctionFailedEventAttributes;
        closeLambda(attrs?.scheduledEventId, { status: 'startFailed', reason: attrs?.cause, details: attrs?.message });
        break;
      }
      case 'ScheduleLambdaFunctionFailed':
        failure(event, event.scheduleLambdaFunctionFailedEventAttributes, event.scheduleLambdaFunctionFailedEventAttributes?.id);
        break;
      case 'TimerStarted': {
        const attrs = event.timerStartedEventAttributes;
        const timer: Mutable<TimerView> = {
          timerId: attrs?.timerId ?? '',
          status: 'started',
          startedEventId: eventId,
          startToFireTimeout: attrs?.startToFireTimeout,
          control: attrs?.control,
        };
        timers.push(timer);
        latestTimer.set(timer.timerId, timer);
        break;
      }
      case 'TimerFired': {
        const timer = latestTimer.get(event.timerFiredEventAttributes?.timerId ?? '');
        if (timer) timer.status = 'fired';
        break;
      }
      case 'TimerCanceled': {
        const timer = latestTimer.get(event.timerCanceledEventAttributes?.timerId ?? '');
        if (timer) timer.status = 'canceled';
        break;
      }
      case 'ScheduleActivityTaskFailed':
        failure(event, event.scheduleActivityTaskFailedEventAttributes, event.scheduleActivityTaskFailedEventAttributes?.activityId);
        break;
      case 'RequestCancelActivityTaskFailed':
        failure(event, event.requestCancelActivityTaskFailedEventAttributes, event.requestCancelActivityTaskFailedEventAttributes?.activityId);
        break;
      case 'StartTimerFailed':
        failure(event, event.startTimerFailedEventAttributes, event.startTimerFailedEventAttributes?.timerId);
        break;
      case 'CancelTimerFailed':
        failure(event, event.cancelTimerFailedEventAttributes, event.cancelTimerFailedEventAttributes?.timerId);
        break;
      case 'RecordMarkerFailed':
        failure(event, event.recordMarkerFailedEventAttributes, event.recordMarkerFailedEventAttributes?.markerName);
        break;
      case 'CompleteWorkflowExecutionFailed':
        failure(event, event.completeWorkflowExecutionFailedEventAttributes);
        break;
      case 'FailWorkflowExecutionFailed':
        failure(event, event.failWorkflowExecutionFailedEventAttributes);
        break;
      case 'CancelWorkflowExecutionFailed':
        failure(event, event.cancelWorkflowExecutionFailedEventAttributes);
        break;
      case 'ContinueAsNewWorkflowExecutionFailed':
        failure(event, event.continueAsNewWorkflowExecutionFailedEventAttributes);
        break;
      case 'StartChildWorkflowExecutionFailed':
        failure(event, event.startChildWorkflowExecutionFailedEventAttributes, event.startChildWorkflowExecutionFailedEventAttributes?.workflowId);
        break;
      case 'SignalExternalWorkflowExecutionFailed':
        failure(event, event.signalExternalWorkflowExecutionFailedEventAttributes, event.signalExternalWorkflowExecutionFailedEventAttributes?.workflowId);
        break;
      case 'RequestCancelExternalWorkflowExecutionFailed':
        failure(
          event,
          event.requestCancelExternalWorkflowExecutionFailedEventAttributes,
          event.requestCancelExternalWorkflowExecutionFailedEventAttributes?.workflowId,
        );
        break;
      default:
        break;
    }
  }

  const previous = facts.previousStartedEventId ?? 0;
  return {
    workflowType: facts.workflowType,
    execution: facts.execution,
    input,
    tagList,
    events,
    newEvents: events.filter((event) => (event.eventId ?? 0) > previous),
    activities,
    lambdaTasks,
    timers,
    signals,
    markers,
    decisionFailures,
    decisionTaskTimeouts,
    cancelRequested,
    activity: (activityId) => latestActivity.get(activityId),
    lambdaTask: (id) => latestLambda.get(id),
    timer: (timerId) => latestTimer.get(timerId),
    signalsNamed: (name) => signals.filter((signal) => signal.name === name),
    marker: (name) => [...markers].reverse().find((marker) => marker.name === name),
    openActivities: () => [...latestActivity.values()].filter((a) => a.status === 'scheduled' || a.status === 'started'),
    openLambdaTasks: () => [...latestLambda.values()].filter((t) => t.status === 'scheduled' || t.status === 'started'),
    openTimers: () => [...latestTimer.values()].filter((t) => t.status === 'started'),
  };
}
