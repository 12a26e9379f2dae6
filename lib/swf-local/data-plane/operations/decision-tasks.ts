import type { OperationContext } from '../../context';
import { optionalBoolean, optionalString, requiredName, requiredString } from '../../validate';
import type { DataPlane } from '../core';
import { applyDecisions, parseDecisions } from '../decisions';
import { historyOf } from '../history';
import { optionalDuration, readData, readTaskList, requireTaskList } from '../input';
import { ExecutionRecord, isOpen, refOf } from '../model';
import { decodePageToken, encodePageToken, readPageRequest } from '../paging';
import { queueKey, QueuedTask } from '../task-queues';
import { decodeTaskToken, encodeTaskToken, staleTask } from '../tokens';

type Input = Record<string, unknown>;

/** Where a decision task's history page continues (the page token's content). */
interface HistoryPosition {
  runId: string;
  startedEventId: number;
  previousStartedEventId: number;
  /** First event id of the range handed out (startAtPreviousStartedEvent). */
  from: number;
  /** Last event id already handed out. */
  after?: number;
}

const EMPTY_DECISION_TASK = { taskToken: '', startedEventId: 0, previousStartedEventId: 0, events: [] };

export function pollForDecisionTask(plane: DataPlane, input: Input, ctx: OperationContext): unknown {
  const domain = requiredName(input, 'domain', 256);
  const taskList = requireTaskList(input, 'taskList');
  const identity = optionalString(input, 'identity', 256);
  const request = readPageRequest(input);
  const startAtPrevious = optionalBoolean(input, 'startAtPreviousStartedEvent') ?? false;
  plane.domain(domain);
  const tokenQuery = ['decision-task', request.reverseOrder];

  if (request.token !== undefined) {
    // The next page of a task already handed out: no new task.
    const position = decodePageToken<HistoryPosition>(request.token, tokenQuery, ctx.now());
    const execution = plane.execution(position.runId);
    if (!execution || execution.domain !== domain) throw staleTask();
    return decisionTaskPage(plane, execution, position, request.pageSize, request.reverseOrder, tokenQuery, ctx.now());
  }

  const take = (task: QueuedTask) => {
    const execution = plane.execution(task.runId);
    const scheduled = execution?.decisionScheduled;
    if (!execution || !scheduled || !plane.isPending(task)) return undefined;
    const startedEventId = plane.record(execution, 'DecisionTaskStarted', { identity, scheduledEventId: scheduled.scheduledEventId });
    execution.decisionStarted = { ...scheduled, startedEventId, startedAt: plane.now() };
    execution.decisionScheduled = undefined;
    plane.save(execution);
    const from = startAtPrevious && execution.previousStartedEventId > 0 ? execution.previousStartedEventId : 1;
    const position = { runId: execution.runId, startedEventId, previousStartedEventId: execution.previousStartedEventId, from };
    return decisionTaskPage(plane, execution, position, request.pageSize, request.reverseOrder, tokenQuery, plane.now());
  };
  const result = plane.queues.poll(queueKey(domain, 'decision', taskList), ctx.signal, take);
  return result instanceof Promise ? result.then((task) => task ?? EMPTY_DECISION_TASK) : (result ?? EMPTY_DECISION_TASK);
}

function decisionTaskPage(
  plane: DataPlane,
  execution: ExecutionRecord,
  position: HistoryPosition,
  pageSize: number,
  reverseOrder: boolean,
  tokenQuery: unknown,
  now: number,
): unknown {
  // Event ids are 1-based and contiguous, so the range [from, startedEventId] is a slice.
  const range = historyOf(plane.store, execution.runId).slice(position.from - 1, position.startedEventId);
  const ordered = reverseOrder ? [...range].reverse() : range;
  const start = position.after === undefined ? 0 : ordered.findIndex((event) => event.eventId === position.after) + 1;
  const events = ordered.slice(start, start + pageSize);
  const more = start + pageSize < ordered.length;
  return {
    taskToken: encodeTaskToken(plane.store, { kind: 'decision', runId: execution.runId, startedEventId: position.startedEventId }),
    startedEventId: position.startedEventId,
    workflowExecution: refOf(execution),
    workflowType: execution.workflowType,
    events,
    nextPageToken: more ? encodePageToken({ ...position, after: events[events.length - 1].eventId }, tokenQuery, now) : undefined,
    previousStartedEventId: position.previousStartedEventId,
  };
}

export function respondDecisionTaskCompleted(plane: DataPlane, input: Input): void {
  const token = decodeTaskToken(plane.store, requiredString(input, 'taskToken', 1024), 'decision');
  const decisions = parseDecisions(input.decisions);
  const executionContext = readData(input, 'executionContext');
  const taskList = readTaskList(input, 'taskList');
  const taskListScheduleToStartTimeout = optionalDuration(input, 'taskListScheduleToStartTimeout', true);
  const execution = plane.execution(token.runId);
  const started = execution?.decisionStarted;
  if (!execution || !isOpen(execution) || !started || started.startedEventId !== token.startedEventId) throw staleTask();

  // Events that arrived while the decider worked already scheduled the next decision task.
  const unhandledEvents = execution.decisionScheduled !== undefined;
  const completedEventId = plane.record(execution, 'DecisionTaskCompleted', {
    executionContext,
    scheduledEventId: started.scheduledEventId,
    startedEventId: started.startedEventId,
    taskList: taskList === undefined ? undefined : { name: taskList },
    taskListScheduleToStartTimeout,
  });
  execution.decisionStarted = undefined;
  execution.previousStartedEventId = started.startedEventId;
  if (executionContext !== undefined) execution.latestExecutionContext = executionContext;
  if (taskList !== undefined) overrideTaskList(execution, taskList, taskListScheduleToStartTimeout);
  plane.save(execution);
  applyDecisions(plane, execution, decisions, completedEventId, unhandledEvents);
}

/**
 * Sends the execution's future decision tasks to another list: for good, or (with a schedule-to-start timeout) until a
 * decision task waits there longer than that timeout.
 */
function overrideTaskList(execution: ExecutionRecord, taskList: string, scheduleToStartTimeout: string | undefined): void {
  if (scheduleToStartTimeout === undefined) {
    execution.originalTaskList = undefined;
    execution.taskListScheduleToStartTimeout = undefined;
  } else {
    execution.originalTaskList ??= execution.taskList;
    execution.taskListScheduleToStartTimeout = scheduleToStartTimeout;
  }
  execution.taskList = taskList;
}

export function countPendingDecisionTasks(plane: DataPlane, input: Input): unknown {
  const domain = requiredName(input, 'domain', 256);
  const taskList = requireTaskList(input, 'taskList');
  plane.domain(domain);
  return { count: plane.queues.countPending(queueKey(domain, 'decision', taskList)), truncated: false };
}
