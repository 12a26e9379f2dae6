import { fault, unknownResource } from '../../errors';
import { optionalString, requiredName, requiredString } from '../../validate';
import type { DataPlane } from '../core';
import { historyOf } from '../history';
import {
  optionalDuration,
  optionalPriority,
  readChildPolicy,
  readData,
  readExecutionRef,
  readTagList,
  readTaskList,
  readTypeRef,
} from '../input';
import { requestCancelExecution, resolveStart, signalExecution, startExecution, StartFailureCause, terminateExecution } from '../lifecycle';
import { ExecutionRecord, isOpen, seconds } from '../model';
import { pageOf, readPageRequest, SortOrder } from '../paging';
import { executionInfo } from '../views';

type Input = Record<string, unknown>;

const START_FAULTS: Record<StartFailureCause, (type: string) => ReturnType<typeof fault>> = {
  WORKFLOW_TYPE_DOES_NOT_EXIST: (type) => fault('UnknownResourceFault', `Unknown type: ${type}`),
  WORKFLOW_TYPE_DEPRECATED: (type) => fault('TypeDeprecatedFault', type),
  DEFAULT_TASK_LIST_UNDEFINED: () =>
    fault('DefaultUndefinedFault', 'No taskList was given and the workflow type has no defaultTaskList: pass taskList'),
  DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED: () =>
    fault('DefaultUndefinedFault', 'No executionStartToCloseTimeout was given and the workflow type has no default: pass executionStartToCloseTimeout'),
  DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED: () =>
    fault('DefaultUndefinedFault', 'No taskStartToCloseTimeout was given and the workflow type has no default: pass taskStartToCloseTimeout'),
  DEFAULT_CHILD_POLICY_UNDEFINED: () =>
    fault('DefaultUndefinedFault', 'No childPolicy was given and the workflow type has no defaultChildPolicy: pass childPolicy'),
};

export function startWorkflowExecution(plane: DataPlane, input: Input): { runId: string } {
  const domain = requiredName(input, 'domain', 256);
  const workflowId = requiredName(input, 'workflowId', 256);
  const workflowType = readTypeRef(input, 'workflowType');
  const request = {
    domain,
    workflowId,
    workflowType,
    taskList: readTaskList(input, 'taskList'),
    taskPriority: optionalPriority(input, 'taskPriority'),
    input: readData(input, 'input'),
    executionStartToCloseTimeout: optionalDuration(input, 'executionStartToCloseTimeout', false),
    taskStartToCloseTimeout: optionalDuration(input, 'taskStartToCloseTimeout', true),
    childPolicy: readChildPolicy(input, 'childPolicy'),
    tagList: readTagList(input, 'tagList'),
    lambdaRole: optionalString(input, 'lambdaRole', 1600, 1),
  };
  plane.registeredDomain(domain);
  const resolved = resolveStart(plane, request);
  if ('cause' in resolved) {
    throw START_FAULTS[resolved.cause](`WorkflowType=[name=${workflowType.name}, version=${workflowType.version}]`);
  }
  if (plane.findOpenExecution(domain, workflowId)) {
    throw fault('WorkflowExecutionAlreadyStartedFault', `An execution with workflowId ${workflowId} is already open in domain ${domain}`);
  }
  return { runId: startExecution(plane, resolved).runId };
}

function openTarget(plane: DataPlane, input: Input): ExecutionRecord {
  const domain = requiredName(input, 'domain', 256);
  const workflowId = requiredName(input, 'workflowId', 256);
  const runId = optionalString(input, 'runId', 64);
  plane.domain(domain);
  return plane.requireOpenExecution(domain, workflowId, runId || undefined);
}

export function signalWorkflowExecution(plane: DataPlane, input: Input): void {
  const signalName = requiredString(input, 'signalName', 256);
  const data = readData(input, 'input');
  signalExecution(plane, openTarget(plane, input), { signalName, input: data });
}

export function requestCancelWorkflowExecution(plane: DataPlane, input: Input): void {
  requestCancelExecution(plane, openTarget(plane, input));
}

export function terminateWorkflowExecution(plane: DataPlane, input: Input): void {
  const reason = optionalString(input, 'reason', 256);
  const details = readData(input, 'details');
  const childPolicy = readChildPolicy(input, 'childPolicy');
  terminateExecution(plane, openTarget(plane, input), { reason, details, childPolicy, cause: 'OPERATOR_INITIATED' });
}

function anyExecution(plane: DataPlane, input: Input): ExecutionRecord {
  const domain = requiredName(input, 'domain', 256);
  const ref = readExecutionRef(input, 'execution');
  plane.domain(domain);
  const execution = plane.findExecution(domain, ref.workflowId, ref.runId);
  if (!execution) throw unknownResource(`Unknown execution: WorkflowExecution=[workflowId=${ref.workflowId}, runId=${ref.runId}]`);
  return execution;
}

export function describeWorkflowExecution(plane: DataPlane, input: Input): unknown {
  const execution = anyExecution(plane, input);
  const open = isOpen(execution);
  return {
    executionInfo: executionInfo(execution),
    executionConfiguration: {
      taskStartToCloseTimeout: execution.taskStartToCloseTimeout,
      executionStartToCloseTimeout: execution.executionStartToCloseTimeout,
      taskList: { name: execution.taskList },
      taskPriority: execution.taskPriority,
      childPolicy: execution.childPolicy,
      lambdaRole: execution.lambdaRole,
    },
    openCounts: {
      openActivityTasks: open ? Object.keys(execution.activities).length : 0,
      openDecisionTasks: open && (execution.decisionScheduled || execution.decisionStarted) ? 1 : 0,
      openTimers: open ? Object.keys(execution.timers).length : 0,
      openChildWorkflowExecutions: open ? Object.keys(execution.children).length : 0,
      openLambdaFunctions: open ? Object.keys(execution.lambdaFunctions ?? {}).length : 0,
    },
    latestActivityTaskTimestamp:
      execution.latestActivityTaskTimestamp === undefined ? undefined : seconds(execution.latestActivityTaskTimestamp),
    latestExecutionContext: execution.latestExecutionContext,
  };
}

const EVENT_ORDER: SortOrder<{ eventId: number }, number> = {
  keyOf: (event) => event.eventId,
  compare: (a, b) => a - b,
  isKey: (value) => typeof value === 'number',
};

export function getWorkflowExecutionHistory(plane: DataPlane, input: Input, now: number): unknown {
  const execution = anyExecution(plane, input);
  const request = readPageRequest(input);
  const events = historyOf(plane.store, execution.runId);
  const page = pageOf(events, EVENT_ORDER, request, ['history', execution.runId], now);
  return { events: page.items, nextPageToken: page.nextPageToken };
}
