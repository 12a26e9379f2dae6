import type { Engine, Operation, OperationContext } from '../context';
import type { SwfLocalEnv } from '../env';
import { DataPlane } from './core';
import {
  countPendingActivityTasks,
  pollForActivityTask,
  recordActivityTaskHeartbeat,
  respondActivityTaskCanceled,
  respondActivityTaskCompleted,
  respondActivityTaskFailed,
} from './operations/activity-tasks';
import { countPendingDecisionTasks, pollForDecisionTask, respondDecisionTaskCompleted } from './operations/decision-tasks';
import {
  describeWorkflowExecution,
  getWorkflowExecutionHistory,
  requestCancelWorkflowExecution,
  signalWorkflowExecution,
  startWorkflowExecution,
  terminateWorkflowExecution,
} from './operations/executions';
import {
  countClosedWorkflowExecutions,
  countOpenWorkflowExecutions,
  listClosedWorkflowExecutions,
  listOpenWorkflowExecutions,
} from './operations/visibility';

type Handler = (plane: DataPlane, input: Record<string, unknown>, ctx: OperationContext) => unknown;

/** Operations that change nothing and read no task list: answered without waiting for a restart's restore. */
const READS = new Set([
  'DescribeWorkflowExecution',
  'GetWorkflowExecutionHistory',
  'ListOpenWorkflowExecutions',
  'ListClosedWorkflowExecutions',
  'CountOpenWorkflowExecutions',
  'CountClosedWorkflowExecutions',
]);

const HANDLERS: Record<string, Handler> = {
  StartWorkflowExecution: (plane, input) => startWorkflowExecution(plane, input),
  SignalWorkflowExecution: (plane, input) => signalWorkflowExecution(plane, input),
  RequestCancelWorkflowExecution: (plane, input) => requestCancelWorkflowExecution(plane, input),
  TerminateWorkflowExecution: (plane, input) => terminateWorkflowExecution(plane, input),
  DescribeWorkflowExecution: (plane, input) => describeWorkflowExecution(plane, input),
  GetWorkflowExecutionHistory: (plane, input, ctx) => getWorkflowExecutionHistory(plane, input, ctx.now()),
  ListOpenWorkflowExecutions: (plane, input, ctx) => listOpenWorkflowExecutions(plane, input, ctx.now()),
  ListClosedWorkflowExecutions: (plane, input, ctx) => listClosedWorkflowExecutions(plane, input, ctx.now()),
  CountOpenWorkflowExecutions: (plane, input) => countOpenWorkflowExecutions(plane, input),
  CountClosedWorkflowExecutions: (plane, input) => countClosedWorkflowExecutions(plane, input),
  PollForDecisionTask: pollForDecisionTask,
  RespondDecisionTaskCompleted: (plane, input) => respondDecisionTaskCompleted(plane, input),
  CountPendingDecisionTasks: (plane, input) => countPendingDecisionTasks(plane, input),
  PollForActivityTask: pollForActivityTask,
  RecordActivityTaskHeartbeat: (plane, input) => recordActivityTaskHeartbeat(plane, input),
  RespondActivityTaskCompleted: (plane, input) => respondActivityTaskCompleted(plane, input),
  RespondActivityTaskFailed: (plane, input) => respondActivityTaskFailed(plane, input),
  RespondActivityTaskCanceled: (plane, input) => respondActivityTaskCanceled(plane, input),
  CountPendingActivityTasks: (plane, input) => countPendingActivityTasks(plane, input),
};

/**
 * Executions, decision and activity tasks, long polls, timers and timeouts. Built from the shared store: open
 * executions found there (after a restart) get their tasks queued and their deadlines re-armed (restart-restore.ts).
 */
export function createDataPlane(env: SwfLocalEnv): Engine {
  const plane = new DataPlane(env);
  const operations: Record<string, Operation> = {};
  for (const [name, handler] of Object.entries(HANDLERS)) {
    operations[name] = READS.has(name)
      ? (input, ctx) => plane.read(() => handler(plane, input, ctx))
      : (input, ctx) => plane.mutate(() => handler(plane, input, ctx));
  }
  return { operations, close: () => plane.close() };
}
