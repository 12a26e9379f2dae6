import { LAMBDA_TASK_LIMITS } from '../../common/lambda-limits';
import { validationError } from '../errors';
import { ACTIVITY_TYPES, typeKey, TypeRecord } from '../records';
import { optionalObject, optionalString, requiredName, requiredString } from '../validate';
import type { DataPlane } from './core';
import {
  optionalDuration,
  optionalPriority,
  readChildPolicy,
  readData,
  readTagList,
  readTaskList,
  readTypeRef,
} from './input';
import {
  closeExecution,
  ExternalSender,
  moveChildRun,
  requestCancelExecution,
  resolveStart,
  signalExecution,
  startExecution,
  StartRequest,
} from './lifecycle';
import { durationMs, ExecutionRecord, refOf } from './model';

type Input = Record<string, unknown>;

/** Per-execution limits SWF enforces on open items (they cannot be raised). */
const MAX_OPEN_ACTIVITIES = 1000;
const MAX_OPEN_TIMERS = 1000;
const MAX_OPEN_CHILDREN = 1000;

/** What applying a decision needs: the execution, the DecisionTaskCompleted event id, and whether new events arrived. */
interface DecisionContext {
  plane: DataPlane;
  execution: ExecutionRecord;
  completedEventId: number;
  /** A decision task was scheduled while the decider worked: closing decisions must fail with UNHANDLED_DECISION. */
  unhandledEvents: boolean;
  /** When the decision task completed: every decision of the response is applied at this instant. */
  completedAt: number;
}

interface DecisionSpec<T> {
  /** Validates the attributes (before anything changes); throws ValidationException. */
  parse(attributes: Input, path: string): T;
  apply(context: DecisionContext, decision: T): void;
}

function spec<T>(parse: DecisionSpec<T>['parse'], apply: DecisionSpec<T>['apply']): DecisionSpec<unknown> {
  return { parse, apply } as DecisionSpec<unknown>;
}

/** Records a `*Failed` decision event; the decider hears about it in a new decision task. */
function failDecision(context: DecisionContext, eventType: string, attributes: Input): void {
  context.plane.record(context.execution, eventType, { ...attributes, decisionTaskCompletedEventId: context.completedEventId });
  context.plane.save(context.execution);
  context.plane.requestDecision(context.execution);
}

// ---- ScheduleActivityTask ----

interface ScheduleActivity {
  activityType: { name: string; version: string };
  activityId: string;
  control?: string;
  input?: string;
  taskList?: string;
  taskPriority?: string;
  scheduleToStartTimeout?: string;
  scheduleToCloseTimeout?: string;
  startToCloseTimeout?: string;
  heartbeatTimeout?: string;
}

const scheduleActivityTask = spec<ScheduleActivity>(
  (a, path) => ({
    activityType: readTypeRef(a, 'activityType', `${path}.activityType`),
    activityId: requiredName(a, 'activityId', 256, `${path}.activityId`),
    control: readData(a, 'control', undefined, `${path}.control`),
    input: readData(a, 'input', undefined, `${path}.input`),
    taskList: readTaskList(a, 'taskList', `${path}.taskList`),
    taskPriority: optionalPriority(a, 'taskPriority', `${path}.taskPriority`),
    scheduleToStartTimeout: optionalDuration(a, 'scheduleToStartTimeout', true, `${path}.scheduleToStartTimeout`),
    scheduleToCloseTimeout: optionalDuration(a, 'scheduleToCloseTimeout', true, `${path}.scheduleToCloseTimeout`),
    startToCloseTimeout: optionalDuration(a, 'startToCloseTimeout', true, `${path}.startToCloseTimeout`),
    heartbeatTimeout: optionalDuration(a, 'heartbeatTimeout', true, `${path}.heartbeatTimeout`),
  }),
  (context, d) => {
    const { plane, execution } = context;
    const fail = (cause: string) =>
      failDecision(context, 'ScheduleActivityTaskFailed', { activityType: d.activityType, activityId: d.activityId, cause });
    const type = plane.store.get<TypeRecord>(ACTIVITY_TYPES, typeKey(execution.domain, d.activityType.name, d.activityType.version));
    if (!type) return fail('ACTIVITY_TYPE_DOES_NOT_EXIST');
    if (type.status !== 'REGISTERED') return fail('ACTIVITY_TYPE_DEPRECATED');
    if (execution.activities[d.activityId]) return fail('ACTIVITY_ID_ALREADY_IN_USE');
    if (Object.keys(execution.activities).length >= MAX_OPEN_ACTIVITIES) return fail('OPEN_ACTIVITIES_LIMIT_EXCEEDED');
    const defaults = type.configuration as {
      defaultTaskList?: { name?: string };
      defaultTaskPriority?: string;
      defaultTaskScheduleToStartTimeout?: string;
      defaultTaskScheduleToCloseTimeout?: string;
      defaultTaskStartToCloseTimeout?: string;
      defaultTaskHeartbeatTimeout?: string;
    };
    const taskList = d.taskList ?? defaults.defaultTaskList?.name;
    if (taskList === undefined) return fail('DEFAULT_TASK_LIST_UNDEFINED');
    const scheduleToStartTimeout = d.scheduleToStartTimeout ?? defaults.defaultTaskScheduleToStartTimeout;
    if (scheduleToStartTimeout === undefined) return fail('DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED');
    const scheduleToCloseTimeout = d.scheduleToCloseTimeout ?? defaults.defaultTaskScheduleToCloseTimeout;
    if (scheduleToCloseTimeout === undefined) return fail('DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED');
    const startToCloseTimeout = d.startToCloseTimeout ?? defaults.defaultTaskStartToCloseTimeout;
    if (startToCloseTimeout === undefined) return fail('DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED');
    // SWF documents no fault for a missing heartbeat timeout: without one, the task has no heartbeat clock.
    const heartbeatTimeout = d.heartbeatTimeout ?? defaults.defaultTaskHeartbeatTimeout ?? 'NONE';
    const taskPriority = d.taskPriority ?? defaults.defaultTaskPriority;
    const scheduledEventId = plane.record(execution, 'ActivityTaskScheduled', {
      activityType: d.activityType,
      activityId: d.activityId,
      input: d.input,
      control: d.control,
      scheduleToStartTimeout,
      scheduleToCloseTimeout,
      startToCloseTimeout,
      taskList: { name: taskList },
      taskPriority,
      decisionTaskCompletedEventId: context.completedEventId,
      heartbeatTimeout,
    });
    const now = plane.now();
    execution.activities[d.activityId] = {
      activityId: d.activityId,
      activityType: d.activityType,
      scheduledEventId,
      scheduledAt: now,
      taskList,
      taskPriority,
      input: d.input,
      scheduleToStartTimeout,
      scheduleToCloseTimeout,
      startToCloseTimeout,
      heartbeatTimeout,
    };
    execution.latestActivityTaskTimestamp = now;
    plane.save(execution);
  },
);

// ---- RequestCancelActivityTask ----

const requestCancelActivityTask = spec<{ activityId: string }>(
  (a, path) => ({ activityId: requiredName(a, 'activityId', 256, `${path}.activityId`) }),
  (context, d) => {
    const { plane, execution } = context;
    const activity = execution.activities[d.activityId];
    if (!activity) {
      return failDecision(context, 'RequestCancelActivityTaskFailed', { activityId: d.activityId, cause: 'ACTIVITY_ID_UNKNOWN' });
    }
    const requestedEventId = plane.record(execution, 'ActivityTaskCancelRequested', {
      decisionTaskCompletedEventId: context.completedEventId,
      activityId: d.activityId,
    });
    if (activity.startedEventId === undefined) {
      // Not yet handed to a worker: SWF cancels it at once.
      plane.record(execution, 'ActivityTaskCanceled', {
        scheduledEventId: activity.scheduledEventId,
        startedEventId: 0,
        latestCancelRequestedEventId: requestedEventId,
      });
      delete execution.activities[d.activityId];
      plane.requestDecision(execution);
    } else {
      activity.cancelRequestedEventId = requestedEventId;
    }
    plane.save(execution);
  },
);

// ---- closing decisions ----

function closingDecision<T>(
  failedEventType: string,
  parse: DecisionSpec<T>['parse'],
  close: (context: DecisionContext, decision: T) => void,
): DecisionSpec<unknown> {
  return spec<T>(parse, (context, d) => {
    if (context.unhandledEvents) return failDecision(context, failedEventType, { cause: 'UNHANDLED_DECISION' });
    close(context, d);
  });
}

const completeWorkflowExecution = closingDecision<{ result?: string }>(
  'CompleteWorkflowExecutionFailed',
  (a, path) => ({ result: readData(a, 'result', undefined, `${path}.result`) }),
  (context, d) =>
    closeExecution(context.plane, context.execution, {
      status: 'COMPLETED',
      eventType: 'WorkflowExecutionCompleted',
      attributes: { result: d.result, decisionTaskCompletedEventId: context.completedEventId },
      childAttributes: { result: d.result },
    }),
);

const failWorkflowExecution = closingDecision<{ reason?: string; details?: string }>(
  'FailWorkflowExecutionFailed',
  (a, path) => ({
    reason: optionalString(a, 'reason', 256, 0, `${path}.reason`),
    details: readData(a, 'details', undefined, `${path}.details`),
  }),
  (context, d) =>
    closeExecution(context.plane, context.execution, {
      status: 'FAILED',
      eventType: 'WorkflowExecutionFailed',
      attributes: { reason: d.reason, details: d.details, decisionTaskCompletedEventId: context.completedEventId },
      childAttributes: { reason: d.reason, details: d.details },
    }),
);

const cancelWorkflowExecution = closingDecision<{ details?: string }>(
  'CancelWorkflowExecutionFailed',
  (a, path) => ({ details: readData(a, 'details', undefined, `${path}.details`) }),
  (context, d) =>
    closeExecution(context.plane, context.execution, {
      status: 'CANCELED',
      eventType: 'WorkflowExecutionCanceled',
      attributes: { details: d.details, decisionTaskCompletedEventId: context.completedEventId },
      childAttributes: { details: d.details },
    }),
);

/** The members ContinueAsNew and StartChildWorkflowExecution both take for the run they start, read in this order. */
type StartAttributes = Pick<
  StartRequest,
  'input' | 'executionStartToCloseTimeout' | 'taskList' | 'taskPriority' | 'taskStartToCloseTimeout' | 'childPolicy' | 'tagList'
>;

function readStartAttributes(a: Input, path: string): StartAttributes {
  return {
    input: readData(a, 'input', undefined, `${path}.input`),
    executionStartToCloseTimeout: optionalDuration(a, 'executionStartToCloseTimeout', true, `${path}.executionStartToCloseTimeout`),
    taskList: readTaskList(a, 'taskList', `${path}.taskList`),
    taskPriority: optionalPriority(a, 'taskPriority', `${path}.taskPriority`),
    taskStartToCloseTimeout: optionalDuration(a, 'taskStartToCloseTimeout', true, `${path}.taskStartToCloseTimeout`),
    childPolicy: readChildPolicy(a, 'childPolicy', `${path}.childPolicy`),
    tagList: readTagList(a, 'tagList', `${path}.tagList`),
  };
}

type ContinueAsNew = Omit<StartRequest, 'domain' | 'workflowId' | 'workflowType'> & { workflowTypeVersion?: string };

const continueAsNewWorkflowExecution = closingDecision<ContinueAsNew>(
  'ContinueAsNewWorkflowExecutionFailed',
  (a, path) => ({
    ...readStartAttributes(a, path),
    workflowTypeVersion: optionalString(a, 'workflowTypeVersion', 64, 1, `${path}.workflowTypeVersion`),
    lambdaRole: optionalString(a, 'lambdaRole', 1600, 1, `${path}.lambdaRole`),
  }),
  (context, d) => {
    const { plane, execution } = context;
    const { workflowTypeVersion, ...rest } = d;
    const resolved = resolveStart(plane, {
      ...rest,
      domain: execution.domain,
      workflowId: execution.workflowId,
      workflowType: { name: execution.workflowType.name, version: workflowTypeVersion ?? execution.workflowType.version },
    });
    if ('cause' in resolved) return failDecision(context, 'ContinueAsNewWorkflowExecutionFailed', { cause: resolved.cause });
    const newRunId = plane.newRunId();
    closeExecution(plane, execution, {
      status: 'CONTINUED_AS_NEW',
      eventType: 'WorkflowExecutionContinuedAsNew',
      attributes: {
        input: resolved.input,
        decisionTaskCompletedEventId: context.completedEventId,
        newExecutionRunId: newRunId,
        executionStartToCloseTimeout: resolved.executionStartToCloseTimeout,
        taskList: { name: resolved.taskList },
        taskPriority: resolved.taskPriority,
        taskStartToCloseTimeout: resolved.taskStartToCloseTimeout,
        childPolicy: resolved.childPolicy,
        tagList: resolved.tagList.length ? resolved.tagList : undefined,
        workflowType: resolved.workflowType,
        lambdaRole: resolved.lambdaRole,
      },
    });
    const next = startExecution(plane, resolved, {
      runId: newRunId,
      parent: execution.parent,
      continuedExecutionRunId: execution.runId,
    });
    moveChildRun(plane, execution, next);
  },
);

// ---- RecordMarker ----

const recordMarker = spec<{ markerName: string; details?: string }>(
  (a, path) => ({
    markerName: requiredString(a, 'markerName', 256, 1, `${path}.markerName`),
    details: readData(a, 'details', undefined, `${path}.details`),
  }),
  (context, d) => {
    context.plane.record(context.execution, 'MarkerRecorded', {
      markerName: d.markerName,
      details: d.details,
      decisionTaskCompletedEventId: context.completedEventId,
    });
    context.plane.save(context.execution);
  },
);

// ---- timers ----

const startTimer = spec<{ timerId: string; control?: string; startToFireTimeout: string }>(
  (a, path) => {
    const startToFireTimeout = optionalDuration(a, 'startToFireTimeout', false, `${path}.startToFireTimeout`);
    if (startToFireTimeout === undefined) {
      throw validationError(`1 validation error detected: Value null at '${path}.startToFireTimeout' failed to satisfy constraint: Member must not be null`);
    }
    return {
      timerId: requiredName(a, 'timerId', 256, `${path}.timerId`),
      control: readData(a, 'control', undefined, `${path}.control`),
      startToFireTimeout,
    };
  },
  (context, d) => {
    const { plane, execution } = context;
    if (execution.timers[d.timerId]) return failDecision(context, 'StartTimerFailed', { timerId: d.timerId, cause: 'TIMER_ID_ALREADY_IN_USE' });
    if (Object.keys(execution.timers).length >= MAX_OPEN_TIMERS) {
      return failDecision(context, 'StartTimerFailed', { timerId: d.timerId, cause: 'OPEN_TIMERS_LIMIT_EXCEEDED' });
    }
    const startedEventId = plane.record(execution, 'TimerStarted', {
      timerId: d.timerId,
      control: d.control,
      startToFireTimeout: d.startToFireTimeout,
      decisionTaskCompletedEventId: context.completedEventId,
    });
    execution.timers[d.timerId] = { timerId: d.timerId, startedEventId, fireAt: plane.now() + durationMs(d.startToFireTimeout)! };
    plane.save(execution);
  },
);

const cancelTimer = spec<{ timerId: string }>(
  (a, path) => ({ timerId: requiredName(a, 'timerId', 256, `${path}.timerId`) }),
  (context, d) => {
    const { plane, execution } = context;
    const timer = execution.timers[d.timerId];
    if (!timer) return failDecision(context, 'CancelTimerFailed', { timerId: d.timerId, cause: 'TIMER_ID_UNKNOWN' });
    plane.record(execution, 'TimerCanceled', {
      timerId: d.timerId,
      startedEventId: timer.startedEventId,
      decisionTaskCompletedEventId: context.completedEventId,
    });
    delete execution.timers[d.timerId];
    plane.save(execution);
  },
);

// ---- external executions ----

/** (A type, not an interface, so that a decision's attributes spread into an event's attributes.) */
type ExternalTarget = {
  workflowId: string;
  runId?: string;
  control?: string;
};

function readExternalTarget(a: Input, path: string): ExternalTarget {
  return {
    workflowId: requiredName(a, 'workflowId', 256, `${path}.workflowId`),
    runId: optionalString(a, 'runId', 64, 0, `${path}.runId`) || undefined,
    control: readData(a, 'control', undefined, `${path}.control`),
  };
}

/**
 * A decision aimed at another open execution of the domain: `<decisionType>Initiated` (the decision's attributes), then
 * either `<decisionType>Failed` when there is no such execution, or delivery to it and `deliveredEventType` here.
 */
function externalDecision<T extends ExternalTarget>(
  decisionType: 'SignalExternalWorkflowExecution' | 'RequestCancelExternalWorkflowExecution',
  parse: DecisionSpec<T>['parse'],
  deliveredEventType: string,
  deliver: (plane: DataPlane, recipient: ExecutionRecord, sender: ExternalSender, decision: T) => void,
): DecisionSpec<unknown> {
  return spec<T>(parse, (context, d) => {
    const { plane, execution } = context;
    const initiatedEventId = plane.record(execution, `${decisionType}Initiated`, {
      ...d,
      decisionTaskCompletedEventId: context.completedEventId,
    });
    plane.save(execution);
    const recipient = plane.findOpenExecution(execution.domain, d.workflowId, d.runId);
    if (!recipient) {
      return failDecision(context, `${decisionType}Failed`, {
        workflowId: d.workflowId,
        runId: d.runId,
        control: d.control,
        cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION',
        initiatedEventId,
      });
    }
    deliver(plane, recipient, { execution: refOf(execution), initiatedEventId }, d);
    plane.record(execution, deliveredEventType, { workflowExecution: refOf(recipient), initiatedEventId });
    plane.save(execution);
    plane.requestDecision(execution);
  });
}

const signalExternalWorkflowExecution = externalDecision<ExternalTarget & { signalName: string; input?: string }>(
  'SignalExternalWorkflowExecution',
  (a, path) => ({
    ...readExternalTarget(a, path),
    signalName: requiredString(a, 'signalName', 256, 1, `${path}.signalName`),
    input: readData(a, 'input', undefined, `${path}.input`),
  }),
  'ExternalWorkflowExecutionSignaled',
  (plane, recipient, sender, d) => signalExecution(plane, recipient, { signalName: d.signalName, input: d.input, sender }),
);

const requestCancelExternalWorkflowExecution = externalDecision<ExternalTarget>(
  'RequestCancelExternalWorkflowExecution',
  (a, path) => readExternalTarget(a, path),
  'ExternalWorkflowExecutionCancelRequested',
  (plane, recipient, sender) => requestCancelExecution(plane, recipient, { sender }),
);

// ---- StartChildWorkflowExecution ----

type StartChild = Omit<StartRequest, 'domain'> & { control?: string };

const startChildWorkflowExecution = spec<StartChild>(
  (a, path) => ({
    workflowType: readTypeRef(a, 'workflowType', `${path}.workflowType`),
    workflowId: requiredName(a, 'workflowId', 256, `${path}.workflowId`),
    control: readData(a, 'control', undefined, `${path}.control`),
    ...readStartAttributes(a, path),
    lambdaRole: optionalString(a, 'lambdaRole', 1600, 1, `${path}.lambdaRole`),
  }),
  (context, d) => {
    const { plane, execution } = context;
    const { control, ...request } = d;
    const failed = (cause: string, initiatedEventId: number) =>
      failDecision(context, 'StartChildWorkflowExecutionFailed', {
        workflowType: d.workflowType,
        cause,
        workflowId: d.workflowId,
        initiatedEventId,
        control,
      });
    const resolved = resolveStart(plane, { ...request, domain: execution.domain });
    if ('cause' in resolved) return failed(resolved.cause, 0);
    if (Object.keys(execution.children).length >= MAX_OPEN_CHILDREN) return failed('OPEN_CHILDREN_LIMIT_EXCEEDED', 0);
    const initiatedEventId = plane.record(execution, 'StartChildWorkflowExecutionInitiated', {
      workflowId: d.workflowId,
      workflowType: d.workflowType,
      control,
      input: resolved.input,
      executionStartToCloseTimeout: resolved.executionStartToCloseTimeout,
      taskList: { name: resolved.taskList },
      taskPriority: resolved.taskPriority,
      decisionTaskCompletedEventId: context.completedEventId,
      childPolicy: resolved.childPolicy,
      taskStartToCloseTimeout: resolved.taskStartToCloseTimeout,
      tagList: resolved.tagList.length ? resolved.tagList : undefined,
      lambdaRole: resolved.lambdaRole,
    });
    plane.save(execution);
    if (plane.findOpenExecution(execution.domain, d.workflowId)) return failed('WORKFLOW_ALREADY_RUNNING', initiatedEventId);
    const child = startExecution(plane, resolved, { parent: { ...refOf(execution), initiatedEventId } });
    const startedEventId = plane.record(execution, 'ChildWorkflowExecutionStarted', {
      workflowExecution: refOf(child),
      workflowType: child.workflowType,
      initiatedEventId,
    });
    execution.children[String(initiatedEventId)] = {
      workflowId: child.workflowId,
      workflowType: child.workflowType,
      initiatedEventId,
      startedEventId,
      runId: child.runId,
    };
    plane.save(execution);
    plane.requestDecision(execution);
  },
);

// ---- ScheduleLambdaFunction ----

interface ScheduleLambda {
  id: string;
  name: string;
  control?: string;
  input?: string;
  startToCloseTimeout?: string;
}

const scheduleLambdaFunction = spec<ScheduleLambda>(
  (a, path) => {
    const startToCloseTimeout = optionalDuration(a, 'startToCloseTimeout', false, `${path}.startToCloseTimeout`);
    const { minStartToCloseSeconds: min, maxStartToCloseSeconds: max } = LAMBDA_TASK_LIMITS;
    if (startToCloseTimeout !== undefined && !(Number(startToCloseTimeout) >= min && Number(startToCloseTimeout) <= max)) {
      throw validationError(
        `1 validation error detected: Value '${startToCloseTimeout}' at '${path}.startToCloseTimeout' failed to satisfy constraint: Member must be a whole number of seconds from ${min} to ${max}`,
      );
    }
    return {
      id: requiredName(a, 'id', LAMBDA_TASK_LIMITS.maxIdLength, `${path}.id`),
      name: requiredString(a, 'name', LAMBDA_TASK_LIMITS.maxFunctionNameLength, 1, `${path}.name`),
      control: readData(a, 'control', undefined, `${path}.control`),
      input: readData(a, 'input', undefined, `${path}.input`),
      startToCloseTimeout,
    };
  },
  (context, d) => {
    const { plane, execution } = context;
    const fail = (cause: string) => failDecision(context, 'ScheduleLambdaFunctionFailed', { id: d.id, name: d.name, cause });
    const open = (execution.lambdaFunctions ??= {});
    // swf-local started without a way to run functions is a Region without Lambda tasks.
    if (!plane.lambdaTasks.available) return fail('LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION');
    // No role to run it with (neither the start request nor the workflow type gave one).
    if (!execution.lambdaRole) return fail('OPERATION_NOT_PERMITTED');
    if (open[d.id]) return fail('ID_ALREADY_IN_USE');
    if (!plane.lambdaTasks.takeScheduleToken(context.completedAt)) return fail('LAMBDA_FUNCTION_CREATION_RATE_EXCEEDED');
    if (Object.keys(open).length >= LAMBDA_TASK_LIMITS.maxOpenPerExecution) return fail('OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED');
    const startToCloseTimeout = d.startToCloseTimeout ?? String(LAMBDA_TASK_LIMITS.defaultStartToCloseSeconds);
    const scheduledEventId = plane.record(execution, 'LambdaFunctionScheduled', {
      id: d.id,
      name: d.name,
      control: d.control,
      input: d.input,
      startToCloseTimeout,
      decisionTaskCompletedEventId: context.completedEventId,
    });
    open[d.id] = { id: d.id, name: d.name, scheduledEventId, scheduledAt: plane.now(), input: d.input, startToCloseTimeout };
    plane.save(execution);
  },
);

const DECISIONS: Record<string, DecisionSpec<unknown>> = {
  ScheduleActivityTask: scheduleActivityTask,
  RequestCancelActivityTask: requestCancelActivityTask,
  CompleteWorkflowExecution: completeWorkflowExecution,
  FailWorkflowExecution: failWorkflowExecution,
  CancelWorkflowExecution: cancelWorkflowExecution,
  ContinueAsNewWorkflowExecution: continueAsNewWorkflowExecution,
  RecordMarker: recordMarker,
  StartTimer: startTimer,
  CancelTimer: cancelTimer,
  SignalExternalWorkflowExecution: signalExternalWorkflowExecution,
  RequestCancelExternalWorkflowExecution: requestCancelExternalWorkflowExecution,
  StartChildWorkflowExecution: startChildWorkflowExecution,
  ScheduleLambdaFunction: scheduleLambdaFunction,
};

/** Decisions whose attributes may be omitted entirely (all their members are optional). */
const OPTIONAL_ATTRIBUTES = new Set(['CompleteWorkflowExecution', 'FailWorkflowExecution', 'CancelWorkflowExecution', 'ContinueAsNewWorkflowExecution']);

export interface ParsedDecision {
  readonly spec: DecisionSpec<unknown>;
  readonly decision: unknown;
}

/** Validates every decision before any is applied, so a malformed list changes nothing. */
export function parseDecisions(value: unknown): ParsedDecision[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError("Field 'decisions' must be a list");
  return value.map((item, index) => {
    const path = `decisions.${index + 1}.member`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw validationError(`Field '${path}' must be an object`);
    const decisionType = (item as Input).decisionType;
    const decisionSpec = typeof decisionType === 'string' && Object.prototype.hasOwnProperty.call(DECISIONS, decisionType)
      ? DECISIONS[decisionType]
      : undefined;
    if (!decisionSpec) {
      throw validationError(
        `1 validation error detected: Value '${String(decisionType)}' at '${path}.decisionType' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(DECISIONS).join(', ')}]`,
      );
    }
    const typeName = decisionType as string;
    const key = `${typeName.charAt(0).toLowerCase()}${typeName.slice(1)}DecisionAttributes`;
    let attributes = optionalObject(item as Input, key, `${path}.${key}`);
    if (!attributes) {
      if (!OPTIONAL_ATTRIBUTES.has(typeName)) {
        throw validationError(`Decision ${decisionType} at '${path}' needs '${key}'`);
      }
      attributes = {};
    }
    return { spec: decisionSpec, decision: decisionSpec.parse(attributes, `${path}.${key}`) };
  });
}

/** Applies the decisions in order; decisions after one that closed the execution are ignored. */
export function applyDecisions(
  plane: DataPlane,
  execution: ExecutionRecord,
  decisions: readonly ParsedDecision[],
  completedEventId: number,
  unhandledEvents: boolean,
): void {
  const context: DecisionContext = { plane, execution, completedEventId, unhandledEvents, completedAt: plane.now() };
  for (const { spec: decisionSpec, decision } of decisions) {
    if (execution.closeStatus !== undefined) break;
    decisionSpec.apply(context, decision);
  }
}
