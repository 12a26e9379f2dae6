import { ChildPolicyName, SWF_LIMITS } from '../common/swf-constraints';
import type { Decision } from '@aws-sdk/client-swf';
import { toWireData, truncate } from './json';

/** Seconds as a number, or SWF's own string form ("30", "NONE"). */
export type TimeoutValue = number | string;

/** Data sent to SWF: a string goes as-is, anything else is JSON-encoded. */
export type WireData = unknown;

export interface ScheduleActivityOptions {
  readonly activityId: string;
  /** Activity type name. */
  readonly name: string;
  /** @default - the version given for this name in the decider's `activityVersions` (SWF_ACTIVITY_VERSIONS) */
  readonly version?: string;
  readonly input?: WireData;
  readonly control?: string;
  /** @default - the activity type's default task list */
  readonly taskList?: string;
  readonly taskPriority?: string;
  /** @default - the activity type's registered defaults */
  readonly scheduleToStartTimeout?: TimeoutValue;
  readonly startToCloseTimeout?: TimeoutValue;
  readonly scheduleToCloseTimeout?: TimeoutValue;
  readonly heartbeatTimeout?: TimeoutValue;
}

export interface StartChildOptions {
  readonly workflowId: string;
  readonly name: string;
  /** @default - the version given for this name in the decider's `workflowVersions` (SWF_WORKFLOW_VERSIONS) */
  readonly version?: string;
  readonly input?: WireData;
  readonly control?: string;
  readonly taskList?: string;
  readonly executionStartToCloseTimeout?: TimeoutValue;
  readonly taskStartToCloseTimeout?: TimeoutValue;
  readonly childPolicy?: ChildPolicyName;
  readonly tagList?: string[];
}

export interface ContinueAsNewOptions {
  readonly input?: WireData;
  /** @default - the current workflow type version */
  readonly workflowTypeVersion?: string;
  readonly taskList?: string;
  readonly executionStartToCloseTimeout?: TimeoutValue;
  readonly taskStartToCloseTimeout?: TimeoutValue;
  readonly childPolicy?: ChildPolicyName;
  readonly tagList?: string[];
}

/**
 * Builders for the decisions a decide function returns. Each returns a plain SDK `Decision`, so a decide function
 * can mix them with hand-written decisions.
 */
export interface DecisionBuilders {
  scheduleActivity(options: ScheduleActivityOptions): Decision;
  requestCancelActivity(activityId: string): Decision;
  startTimer(timerId: string, seconds: TimeoutValue, control?: string): Decision;
  cancelTimer(timerId: string): Decision;
  recordMarker(name: string, details?: WireData): Decision;
  /** Closes the execution as COMPLETED. */
  complete(result?: WireData): Decision;
  /** Closes the execution as FAILED. This is the only way the runtime fails a workflow. */
  fail(reason: string, details?: WireData): Decision;
  /** Closes the execution as CANCELED (the answer to a cancel request). */
  cancel(details?: WireData): Decision;
  continueAsNew(options?: ContinueAsNewOptions): Decision;
  signalExternal(options: { workflowId: string; runId?: string; signalName: string; input?: WireData; control?: string }): Decision;
  requestCancelExternal(options: { workflowId: string; runId?: string; control?: string }): Decision;
  startChild(options: StartChildOptions): Decision;
}

export interface DecisionBuilderDefaults {
  /** Activity name -> version, used when `scheduleActivity` gets no version. */
  readonly activityVersions?: Readonly<Record<string, string>>;
  /** Workflow name -> version, used when `startChild` gets no version. */
  readonly workflowVersions?: Readonly<Record<string, string>>;
}

export function duration(value: TimeoutValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new Error(`A duration must be whole seconds >= 0, got ${value}`);
    return String(value);
  }
  return value;
}

function versionFor(kind: 'activity' | 'workflow', name: string, explicit: string | undefined, known?: Readonly<Record<string, string>>): string {
  const version = explicit ?? known?.[name];
  if (version === undefined) {
    const variable = kind === 'activity' ? 'SWF_ACTIVITY_VERSIONS' : 'SWF_WORKFLOW_VERSIONS';
    throw new Error(`No version for ${kind} type "${name}": pass version, or list it in ${variable} / the decider's ${kind}Versions`);
  }
  return version;
}

export function decisionBuilders(defaults: DecisionBuilderDefaults = {}): DecisionBuilders {
  return {
    scheduleActivity: (o) => ({
      decisionType: 'ScheduleActivityTask',
      scheduleActivityTaskDecisionAttributes: {
        activityId: o.activityId,
        activityType: { name: o.name, version: versionFor('activity', o.name, o.version, defaults.activityVersions) },
        input: toWireData(o.input),
        control: o.control,
        taskList: o.taskList === undefined ? undefined : { name: o.taskList },
        taskPriority: o.taskPriority,
        scheduleToStartTimeout: duration(o.scheduleToStartTimeout),
        startToCloseTimeout: duration(o.startToCloseTimeout),
        scheduleToCloseTimeout: duration(o.scheduleToCloseTimeout),
        heartbeatTimeout: duration(o.heartbeatTimeout),
      },
    }),
    requestCancelActivity: (activityId) => ({
      decisionType: 'RequestCancelActivityTask',
      requestCancelActivityTaskDecisionAttributes: { activityId },
    }),
    startTimer: (timerId, seconds, control) => ({
      decisionType: 'StartTimer',
      startTimerDecisionAttributes: { timerId, startToFireTimeout: duration(seconds), control },
    }),
    cancelTimer: (timerId) => ({ decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId } }),
    recordMarker: (markerName, details) => ({
      decisionType: 'RecordMarker',
      recordMarkerDecisionAttributes: { markerName, details: toWireData(details) },
    }),
    complete: (result) => ({
      decisionType: 'CompleteWorkflowExecution',
      completeWorkflowExecutionDecisionAttributes: { result: toWireData(result) },
    }),
    fail: (reason, details) => ({
      decisionType: 'FailWorkflowExecution',
      failWorkflowExecutionDecisionAttributes: {
        reason: truncate(reason, SWF_LIMITS.reasonLength),
        details: truncate(toWireData(details), SWF_LIMITS.dataLength),
      },
    }),
    cancel: (details) => ({
      decisionType: 'CancelWorkflowExecution',
      cancelWorkflowExecutionDecisionAttributes: { details: toWireData(details) },
    }),
    continueAsNew: (o = {}) => ({
      decisionType: 'ContinueAsNewWorkflowExecution',
      continueAsNewWorkflowExecutionDecisionAttributes: {
        input: toWireData(o.input),
        workflowTypeVersion: o.workflowTypeVersion,
        taskList: o.taskList === undefined ? undefined : { name: o.taskList },
        executionStartToCloseTimeout: duration(o.executionStartToCloseTimeout),
        taskStartToCloseTimeout: duration(o.taskStartToCloseTimeout),
        childPolicy: o.childPolicy,
        tagList: o.tagList,
      },
    }),
    signalExternal: (o) => ({
      decisionType: 'SignalExternalWorkflowExecution',
      signalExternalWorkflowExecutionDecisionAttributes: {
        workflowId: o.workflowId,
        runId: o.runId,
        signalName: o.signalName,
        input: toWireData(o.input),
        control: o.control,
      },
    }),
    requestCancelExternal: (o) => ({
      decisionType: 'RequestCancelExternalWorkflowExecution',
      requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId: o.workflowId, runId: o.runId, control: o.control },
    }),
    startChild: (o) => ({
      decisionType: 'StartChildWorkflowExecution',
      startChildWorkflowExecutionDecisionAttributes: {
        workflowId: o.workflowId,
        workflowType: { name: o.name, version: versionFor('workflow', o.name, o.version, defaults.workflowVersions) },
        input: toWireData(o.input),
        control: o.control,
        taskList: o.taskList === undefined ? undefined : { name: o.taskList },
        executionStartToCloseTimeout: duration(o.executionStartToCloseTimeout),
        taskStartToCloseTimeout: duration(o.taskStartToCloseTimeout),
        childPolicy: o.childPolicy,
        tagList: o.tagList,
      },
    }),
  };
}
