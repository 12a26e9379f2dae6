import { SWF_LIMITS } from '../../../common/swf-constraints';
import type { OperationContext } from '../../context';
import { optionalString, requiredName, requiredString } from '../../validate';
import type { DataPlane } from '../core';
import { readData, requireTaskList } from '../input';
import { ActivityState, ExecutionRecord, isOpen, refOf } from '../model';
import { queueKey, QueuedTask } from '../task-queues';
import { ActivityTaskToken, decodeTaskToken, encodeTaskToken, staleTask } from '../tokens';

type Input = Record<string, unknown>;

const EMPTY_ACTIVITY_TASK = { taskToken: '', startedEventId: 0 };

export function pollForActivityTask(plane: DataPlane, input: Input, ctx: OperationContext): unknown {
  const domain = requiredName(input, 'domain', 256);
  const taskList = requireTaskList(input, 'taskList');
  const identity = optionalString(input, 'identity', 256);
  plane.domain(domain);

  const take = (task: QueuedTask) => {
    const execution = plane.execution(task.runId);
    const activity = task.activityId === undefined ? undefined : execution?.activities[task.activityId];
    if (!execution || !activity || !plane.isPending(task)) return undefined;
    const startedEventId = plane.record(execution, 'ActivityTaskStarted', { identity, scheduledEventId: activity.scheduledEventId });
    activity.startedEventId = startedEventId;
    activity.startedAt = plane.now();
    plane.save(execution);
    return {
      taskToken: encodeTaskToken(plane.store, { kind: 'activity', runId: execution.runId, activityId: activity.activityId, startedEventId }),
      activityId: activity.activityId,
      startedEventId,
      workflowExecution: refOf(execution),
      activityType: activity.activityType,
      input: activity.input,
    };
  };
  const result = plane.queues.poll(queueKey(domain, 'activity', taskList), ctx.signal, take);
  return result instanceof Promise ? result.then((task) => task ?? EMPTY_ACTIVITY_TASK) : (result ?? EMPTY_ACTIVITY_TASK);
}

/** The started activity a task token names; UnknownResourceFault once it completed, timed out or its run closed. */
function startedActivity(plane: DataPlane, input: Input): { execution: ExecutionRecord; activity: ActivityState } {
  const token = decodeTaskToken(plane.store, requiredString(input, 'taskToken', 1024), 'activity') as ActivityTaskToken;
  const execution = plane.execution(token.runId);
  const activity = execution && isOpen(execution) ? execution.activities[token.activityId] : undefined;
  if (!execution || !activity || activity.startedEventId !== token.startedEventId) throw staleTask();
  return { execution, activity };
}

export function recordActivityTaskHeartbeat(plane: DataPlane, input: Input): unknown {
  const details = readData(input, 'details', SWF_LIMITS.heartbeatDetailsLength);
  const { execution, activity } = startedActivity(plane, input);
  activity.lastHeartbeatAt = plane.now();
  if (details !== undefined) activity.heartbeatDetails = details;
  plane.save(execution);
  return { cancelRequested: activity.cancelRequestedEventId !== undefined };
}

function finishActivity(
  plane: DataPlane,
  input: Input,
  eventType: string,
  attributes: (activity: ActivityState) => Record<string, unknown>,
): void {
  const { execution, activity } = startedActivity(plane, input);
  plane.record(execution, eventType, {
    ...attributes(activity),
    scheduledEventId: activity.scheduledEventId,
    startedEventId: activity.startedEventId,
  });
  delete execution.activities[activity.activityId];
  plane.save(execution);
  plane.requestDecision(execution);
}

export function respondActivityTaskCompleted(plane: DataPlane, input: Input): void {
  const result = readData(input, 'result');
  finishActivity(plane, input, 'ActivityTaskCompleted', () => ({ result }));
}

export function respondActivityTaskFailed(plane: DataPlane, input: Input): void {
  const reason = optionalString(input, 'reason', 256);
  const details = readData(input, 'details');
  finishActivity(plane, input, 'ActivityTaskFailed', () => ({ reason, details }));
}

export function respondActivityTaskCanceled(plane: DataPlane, input: Input): void {
  const details = readData(input, 'details');
  finishActivity(plane, input, 'ActivityTaskCanceled', (activity) => ({
    details,
    latestCancelRequestedEventId: activity.cancelRequestedEventId,
  }));
}

export function countPendingActivityTasks(plane: DataPlane, input: Input): unknown {
  const domain = requiredName(input, 'domain', 256);
  const taskList = requireTaskList(input, 'taskList');
  plane.domain(domain);
  return { count: plane.queues.countPending(queueKey(domain, 'activity', taskList)), truncated: false };
}
