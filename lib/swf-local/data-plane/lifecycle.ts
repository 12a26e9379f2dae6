import { typeKey, TypeRecord, WORKFLOW_TYPES } from '../records';
import type { DataPlane } from './core';
import { ChildPolicy, CloseStatus, ExecutionRecord, ExecutionRef, isOpen, refOf, TypeRef } from './model';

/** What starting an execution asks for (StartWorkflowExecution, StartChildWorkflowExecution, ContinueAsNew). */
export interface StartRequest {
  domain: string;
  workflowId: string;
  workflowType: TypeRef;
  taskList?: string;
  taskPriority?: string;
  input?: string;
  executionStartToCloseTimeout?: string;
  taskStartToCloseTimeout?: string;
  childPolicy?: ChildPolicy;
  tagList?: string[];
  lambdaRole?: string;
}

export interface ResolvedStart extends StartRequest {
  taskList: string;
  executionStartToCloseTimeout: string;
  taskStartToCloseTimeout: string;
  childPolicy: ChildPolicy;
  tagList: string[];
}

/** SWF's causes for a start that cannot happen (as the *Failed decision events name them). */
export type StartFailureCause =
  | 'WORKFLOW_TYPE_DOES_NOT_EXIST'
  | 'WORKFLOW_TYPE_DEPRECATED'
  | 'DEFAULT_TASK_LIST_UNDEFINED'
  | 'DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED'
  | 'DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED'
  | 'DEFAULT_CHILD_POLICY_UNDEFINED';

/** Fills the request's gaps from the workflow type's defaults. */
export function resolveStart(plane: DataPlane, request: StartRequest): ResolvedStart | { cause: StartFailureCause } {
  const { name, version } = request.workflowType;
  const type = plane.store.get<TypeRecord>(WORKFLOW_TYPES, typeKey(request.domain, name, version));
  if (!type) return { cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST' };
  if (type.status !== 'REGISTERED') return { cause: 'WORKFLOW_TYPE_DEPRECATED' };
  const defaults = type.configuration as {
    defaultTaskList?: { name?: string };
    defaultTaskPriority?: string;
    defaultExecutionStartToCloseTimeout?: string;
    defaultTaskStartToCloseTimeout?: string;
    defaultChildPolicy?: ChildPolicy;
    defaultLambdaRole?: string;
  };
  const taskList = request.taskList ?? defaults.defaultTaskList?.name;
  if (taskList === undefined) return { cause: 'DEFAULT_TASK_LIST_UNDEFINED' };
  const executionStartToCloseTimeout = request.executionStartToCloseTimeout ?? defaults.defaultExecutionStartToCloseTimeout;
  if (executionStartToCloseTimeout === undefined) return { cause: 'DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED' };
  const taskStartToCloseTimeout = request.taskStartToCloseTimeout ?? defaults.defaultTaskStartToCloseTimeout;
  if (taskStartToCloseTimeout === undefined) return { cause: 'DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED' };
  const childPolicy = request.childPolicy ?? defaults.defaultChildPolicy;
  if (childPolicy === undefined) return { cause: 'DEFAULT_CHILD_POLICY_UNDEFINED' };
  return {
    ...request,
    taskList,
    taskPriority: request.taskPriority ?? defaults.defaultTaskPriority,
    executionStartToCloseTimeout,
    taskStartToCloseTimeout,
    childPolicy,
    tagList: request.tagList ?? [],
    lambdaRole: request.lambdaRole ?? defaults.defaultLambdaRole,
  };
}

export interface StartOptions {
  runId?: string;
  parent?: ExecutionRef & { initiatedEventId: number };
  continuedExecutionRunId?: string;
}

/** Opens an execution: WorkflowExecutionStarted, then its first decision task. */
export function startExecution(plane: DataPlane, start: ResolvedStart, options: StartOptions = {}): ExecutionRecord {
  const execution: ExecutionRecord = {
    domain: start.domain,
    workflowId: start.workflowId,
    runId: options.runId ?? plane.newRunId(),
    workflowType: { name: start.workflowType.name, version: start.workflowType.version },
    taskList: start.taskList,
    taskPriority: start.taskPriority,
    executionStartToCloseTimeout: start.executionStartToCloseTimeout,
    taskStartToCloseTimeout: start.taskStartToCloseTimeout,
    childPolicy: start.childPolicy,
    lambdaRole: start.lambdaRole,
    tagList: start.tagList,
    startedAt: plane.now(),
    cancelRequested: false,
    parent: options.parent,
    nextEventId: 1,
    previousStartedEventId: 0,
    activities: {},
    timers: {},
    children: {},
  };
  plane.addExecution(execution);
  plane.record(execution, 'WorkflowExecutionStarted', {
    input: start.input,
    executionStartToCloseTimeout: start.executionStartToCloseTimeout,
    taskStartToCloseTimeout: start.taskStartToCloseTimeout,
    childPolicy: start.childPolicy,
    taskList: { name: start.taskList },
    taskPriority: start.taskPriority,
    workflowType: execution.workflowType,
    tagList: start.tagList.length ? start.tagList : undefined,
    continuedExecutionRunId: options.continuedExecutionRunId,
    parentWorkflowExecution: options.parent ? { workflowId: options.parent.workflowId, runId: options.parent.runId } : undefined,
    parentInitiatedEventId: options.parent?.initiatedEventId,
    lambdaRole: start.lambdaRole,
  });
  plane.save(execution);
  plane.requestDecision(execution);
  return execution;
}

/** How an execution closes: its closing event, and what its parent is told. */
export interface Closing {
  status: CloseStatus;
  eventType: string;
  attributes: Record<string, unknown>;
  /** Extra attributes of the parent's ChildWorkflowExecution* event (result, reason, ...). */
  childAttributes?: Record<string, unknown>;
  /** Overrides the execution's child policy (TerminateWorkflowExecution). */
  childPolicy?: ChildPolicy;
}

const CHILD_EVENT: Record<Exclude<CloseStatus, 'CONTINUED_AS_NEW'>, string> = {
  COMPLETED: 'ChildWorkflowExecutionCompleted',
  FAILED: 'ChildWorkflowExecutionFailed',
  CANCELED: 'ChildWorkflowExecutionCanceled',
  TERMINATED: 'ChildWorkflowExecutionTerminated',
  TIMED_OUT: 'ChildWorkflowExecutionTimedOut',
};

/** Closes an execution: its tasks and timers end, the child policy is applied, and the parent is told. */
export function closeExecution(plane: DataPlane, execution: ExecutionRecord, closing: Closing): void {
  plane.record(execution, closing.eventType, closing.attributes);
  execution.closeStatus = closing.status;
  execution.closedAt = plane.now();
  execution.decisionScheduled = undefined;
  execution.decisionStarted = undefined;
  execution.activities = {};
  execution.timers = {};
  if (execution.lambdaFunctions) execution.lambdaFunctions = {};
  const children = Object.values(execution.children);
  execution.children = {};
  plane.markClosed(execution);
  plane.save(execution);

  const policy = closing.childPolicy ?? execution.childPolicy;
  for (const child of children) {
    const childExecution = plane.execution(child.runId);
    if (!childExecution || !isOpen(childExecution)) continue;
    if (policy === 'TERMINATE') {
      terminateExecution(plane, childExecution, { cause: 'CHILD_POLICY_APPLIED' });
    } else if (policy === 'REQUEST_CANCEL') {
      requestCancelExecution(plane, childExecution, { cause: 'CHILD_POLICY_APPLIED' });
    }
  }

  if (closing.status !== 'CONTINUED_AS_NEW') notifyParent(plane, execution, closing);
}

function notifyParent(plane: DataPlane, execution: ExecutionRecord, closing: Closing): void {
  if (!execution.parent) return;
  const parent = plane.execution(execution.parent.runId);
  if (!parent || !isOpen(parent)) return;
  const initiatedEventId = String(execution.parent.initiatedEventId);
  const child = parent.children[initiatedEventId];
  if (!child) return;
  delete parent.children[initiatedEventId];
  plane.record(parent, CHILD_EVENT[closing.status as keyof typeof CHILD_EVENT], {
    workflowExecution: refOf(execution),
    workflowType: execution.workflowType,
    ...closing.childAttributes,
    initiatedEventId: child.initiatedEventId,
    startedEventId: child.startedEventId,
  });
  plane.save(parent);
  plane.requestDecision(parent);
}

/** A run continued as new stays its parent's child under the new runId. */
export function moveChildRun(plane: DataPlane, from: ExecutionRecord, to: ExecutionRecord): void {
  if (!from.parent) return;
  const parent = plane.execution(from.parent.runId);
  const child = parent?.children[String(from.parent.initiatedEventId)];
  if (!parent || !child) return;
  child.runId = to.runId;
  plane.save(parent);
}

export interface ExternalSender {
  execution: ExecutionRef;
  initiatedEventId: number;
}

export function signalExecution(
  plane: DataPlane,
  execution: ExecutionRecord,
  signal: { signalName: string; input?: string; sender?: ExternalSender },
): void {
  plane.record(execution, 'WorkflowExecutionSignaled', {
    signalName: signal.signalName,
    input: signal.input,
    externalWorkflowExecution: signal.sender?.execution,
    externalInitiatedEventId: signal.sender?.initiatedEventId,
  });
  plane.save(execution);
  plane.requestDecision(execution);
}

export function requestCancelExecution(
  plane: DataPlane,
  execution: ExecutionRecord,
  request: { sender?: ExternalSender; cause?: 'CHILD_POLICY_APPLIED' } = {},
): void {
  plane.record(execution, 'WorkflowExecutionCancelRequested', {
    externalWorkflowExecution: request.sender?.execution,
    externalInitiatedEventId: request.sender?.initiatedEventId,
    cause: request.cause,
  });
  execution.cancelRequested = true;
  plane.save(execution);
  plane.requestDecision(execution);
}

export function terminateExecution(
  plane: DataPlane,
  execution: ExecutionRecord,
  termination: {
    reason?: string;
    details?: string;
    childPolicy?: ChildPolicy;
    cause: 'CHILD_POLICY_APPLIED' | 'EVENT_LIMIT_EXCEEDED' | 'OPERATOR_INITIATED';
  },
): void {
  const childPolicy = termination.childPolicy ?? execution.childPolicy;
  closeExecution(plane, execution, {
    status: 'TERMINATED',
    eventType: 'WorkflowExecutionTerminated',
    attributes: { reason: termination.reason, details: termination.details, childPolicy, cause: termination.cause },
    childPolicy,
  });
}
