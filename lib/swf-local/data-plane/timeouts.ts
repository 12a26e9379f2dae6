import type { DataPlane } from './core';
import { closeExecution } from './lifecycle';
import { ActivityState, durationMs, ExecutionRecord } from './model';

type ActivityTimeoutType = 'SCHEDULE_TO_START' | 'SCHEDULE_TO_CLOSE' | 'START_TO_CLOSE' | 'HEARTBEAT';

interface Deadline {
  at: number;
  fire(): void;
}

/** Adds `duration` (SWF seconds string or NONE) to `from`; undefined when there is no limit. */
function after(from: number | undefined, duration: string): number | undefined {
  const ms = durationMs(duration);
  return from === undefined || ms === undefined ? undefined : from + ms;
}

/** Every deadline an open execution has, derived from its record alone (so a restart re-arms them all). */
function deadlinesOf(plane: DataPlane, execution: ExecutionRecord): Deadline[] {
  const deadlines: Deadline[] = [];
  const push = (at: number | undefined, fire: () => void) => {
    if (at !== undefined) deadlines.push({ at, fire });
  };

  push(after(execution.startedAt, execution.executionStartToCloseTimeout), () =>
    closeExecution(plane, execution, {
      status: 'TIMED_OUT',
      eventType: 'WorkflowExecutionTimedOut',
      attributes: { timeoutType: 'START_TO_CLOSE', childPolicy: execution.childPolicy },
      childAttributes: { timeoutType: 'START_TO_CLOSE' },
    }),
  );

  const scheduled = execution.decisionScheduled;
  if (scheduled?.scheduleToStartTimeout !== undefined && !execution.decisionStarted) {
    push(after(scheduled.scheduledAt, scheduled.scheduleToStartTimeout), () => {
      plane.record(execution, 'DecisionTaskTimedOut', {
        timeoutType: 'SCHEDULE_TO_START',
        scheduledEventId: scheduled.scheduledEventId,
        startedEventId: 0,
      });
      // Nobody polled the temporary task list in time: SWF reverts the override and schedules on the original list.
      execution.decisionScheduled = undefined;
      if (execution.originalTaskList !== undefined) execution.taskList = execution.originalTaskList;
      execution.originalTaskList = undefined;
      execution.taskListScheduleToStartTimeout = undefined;
      plane.save(execution);
      plane.requestDecision(execution);
    });
  }

  const started = execution.decisionStarted;
  if (started) {
    push(after(started.startedAt, started.startToCloseTimeout), () => {
      plane.record(execution, 'DecisionTaskTimedOut', {
        timeoutType: 'START_TO_CLOSE',
        scheduledEventId: started.scheduledEventId,
        startedEventId: started.startedEventId,
      });
      execution.decisionStarted = undefined;
      plane.save(execution);
      plane.requestDecision(execution);
    });
  }

  for (const activity of Object.values(execution.activities)) {
    for (const [type, at] of activityDeadlines(activity)) {
      push(at, () => {
        plane.record(execution, 'ActivityTaskTimedOut', {
          timeoutType: type,
          scheduledEventId: activity.scheduledEventId,
          startedEventId: activity.startedEventId ?? 0,
          details: type === 'HEARTBEAT' ? activity.heartbeatDetails : undefined,
        });
        delete execution.activities[activity.activityId];
        plane.save(execution);
        plane.requestDecision(execution);
      });
    }
  }

  for (const task of Object.values(execution.lambdaFunctions ?? {})) {
    // Only a started Lambda task has a clock: SWF gives Lambda tasks a start-to-close timeout alone.
    push(after(task.startedAt, task.startToCloseTimeout), () => {
      plane.record(execution, 'LambdaFunctionTimedOut', {
        scheduledEventId: task.scheduledEventId,
        startedEventId: task.startedEventId,
        timeoutType: 'START_TO_CLOSE',
      });
      delete execution.lambdaFunctions![task.id];
      plane.save(execution);
      plane.requestDecision(execution);
    });
  }

  for (const timer of Object.values(execution.timers)) {
    push(timer.fireAt, () => {
      plane.record(execution, 'TimerFired', { timerId: timer.timerId, startedEventId: timer.startedEventId });
      delete execution.timers[timer.timerId];
      plane.save(execution);
      plane.requestDecision(execution);
    });
  }
  return deadlines;
}

function activityDeadlines(activity: ActivityState): Array<[ActivityTimeoutType, number | undefined]> {
  if (activity.startedAt === undefined) {
    return [
      ['SCHEDULE_TO_START', after(activity.scheduledAt, activity.scheduleToStartTimeout)],
      ['SCHEDULE_TO_CLOSE', after(activity.scheduledAt, activity.scheduleToCloseTimeout)],
    ];
  }
  return [
    ['START_TO_CLOSE', after(activity.startedAt, activity.startToCloseTimeout)],
    ['HEARTBEAT', after(activity.lastHeartbeatAt ?? activity.startedAt, activity.heartbeatTimeout)],
    ['SCHEDULE_TO_CLOSE', after(activity.scheduledAt, activity.scheduleToCloseTimeout)],
  ];
}

export function nextDeadline(plane: DataPlane, execution: ExecutionRecord): number | undefined {
  let earliest: number | undefined;
  for (const { at } of deadlinesOf(plane, execution)) if (earliest === undefined || at < earliest) earliest = at;
  return earliest;
}

/**
 * Fires what is due, earliest first. Each deadline is recomputed after the previous one fired, since firing one can
 * remove others (an execution timeout ends everything; one activity timeout ends that activity's other clocks).
 */
export function fireDueDeadlines(plane: DataPlane, execution: ExecutionRecord): void {
  const now = plane.now();
  while (execution.closeStatus === undefined) {
    const due = deadlinesOf(plane, execution)
      .filter((deadline) => deadline.at <= now)
      .sort((a, b) => a.at - b.at)[0];
    if (!due) return;
    due.fire();
  }
}
