import {
  Decision,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decide, last, pollActivity, pollDecision, start, types, useFixture } from './data-plane-fixtures';

/** Every SWF timeout kind with 1 s durations; each test uses its own task lists so they run concurrently. */
describe.concurrent('swf-local timeouts', () => {
  const fx = useFixture({ longPollTimeoutMs: 5000 });

  /** An execution on its own decision task list, with its first decision task already answered by `decisions`. */
  async function running(decisions: Decision[], extra: Record<string, unknown> = {}) {
    const taskList = `t-${randomUUID()}`;
    const execution = await start(fx, undefined, { taskList: { name: taskList }, ...extra });
    const poll = () => pollDecision(fx, { taskList: { name: taskList } });
    const first = await poll();
    await decide(fx, first.taskToken!, decisions);
    return { execution, poll, taskList };
  }

  const activity = (activityId: string, taskList: string, timeouts: Record<string, string>): Decision => ({
    decisionType: 'ScheduleActivityTask',
    scheduleActivityTaskDecisionAttributes: {
      activityType: fx.activityType,
      activityId,
      taskList: { name: taskList },
      scheduleToStartTimeout: '60',
      scheduleToCloseTimeout: '120',
      startToCloseTimeout: '60',
      heartbeatTimeout: 'NONE',
      ...timeouts,
    },
  });

  it('times out a decision task that is not answered (START_TO_CLOSE) and schedules a new one', async () => {
    const taskList = `t-${randomUUID()}`;
    await start(fx, undefined, { taskList: { name: taskList }, taskStartToCloseTimeout: '1' });
    const first = await pollDecision(fx, { taskList: { name: taskList } });
    const begun = Date.now();
    const second = await pollDecision(fx, { taskList: { name: taskList } });
    expect(Date.now() - begun).toBeGreaterThanOrEqual(800);
    expect(types(second.events).slice(3)).toEqual(['DecisionTaskTimedOut', 'DecisionTaskScheduled', 'DecisionTaskStarted']);
    expect(last(second.events, 'DecisionTaskTimedOut').decisionTaskTimedOutEventAttributes).toEqual({
      timeoutType: 'START_TO_CLOSE',
      scheduledEventId: 2,
      startedEventId: 3,
    });
    expect(second.previousStartedEventId).toBe(0);
    await expect(decide(fx, first.taskToken!, [])).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await decide(fx, second.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('times out a decision task on a temporary task-list override (SCHEDULE_TO_START) and reverts the override', async () => {
    const taskList = `t-${randomUUID()}`;
    const temporary = `temp-${randomUUID()}`;
    const execution = await start(fx, undefined, { taskList: { name: taskList } });
    const first = await pollDecision(fx, { taskList: { name: taskList } });
    await fx.swf.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: first.taskToken, taskList: { name: temporary }, taskListScheduleToStartTimeout: '1' }),
    );
    await fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId, signalName: 'go' }));
    const task = await pollDecision(fx, { taskList: { name: taskList } });
    expect(types(task.events).slice(3)).toEqual([
      'DecisionTaskCompleted',
      'WorkflowExecutionSignaled',
      'DecisionTaskScheduled',
      'DecisionTaskTimedOut',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
    ]);
    expect(task.events![3].decisionTaskCompletedEventAttributes).toMatchObject({
      taskList: { name: temporary },
      taskListScheduleToStartTimeout: '1',
    });
    expect(task.events![5].decisionTaskScheduledEventAttributes).toMatchObject({ taskList: { name: temporary }, scheduleToStartTimeout: '1' });
    expect(task.events![6].decisionTaskTimedOutEventAttributes).toEqual({ timeoutType: 'SCHEDULE_TO_START', scheduledEventId: 6, startedEventId: 0 });
    expect(task.events![7].decisionTaskScheduledEventAttributes!.taskList).toEqual({ name: taskList });
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('times out an activity nobody picks up (SCHEDULE_TO_START)', async () => {
    const { poll } = await running([activity('a', `idle-${randomUUID()}`, { scheduleToStartTimeout: '1' })]);
    const task = await poll();
    expect(last(task.events, 'ActivityTaskTimedOut').activityTaskTimedOutEventAttributes).toEqual({
      timeoutType: 'SCHEDULE_TO_START',
      scheduledEventId: 5,
      startedEventId: 0,
    });
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('times out a started activity that runs too long (START_TO_CLOSE); its token goes stale', async () => {
    const workList = `w-${randomUUID()}`;
    const { poll } = await running([activity('a', workList, { startToCloseTimeout: '1' })]);
    const work = await pollActivity(fx, workList);
    const task = await poll();
    expect(last(task.events, 'ActivityTaskTimedOut').activityTaskTimedOutEventAttributes).toEqual({
      timeoutType: 'START_TO_CLOSE',
      scheduledEventId: 5,
      startedEventId: 6,
    });
    await expect(fx.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: work.taskToken }))).rejects.toMatchObject({
      name: 'UnknownResourceFault',
    });
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('times out an activity whose heartbeats stop (HEARTBEAT), keeping the last heartbeat details', async () => {
    const workList = `w-${randomUUID()}`;
    const { poll } = await running([activity('a', workList, { heartbeatTimeout: '1' })]);
    const work = await pollActivity(fx, workList);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await fx.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: work.taskToken, details: 'half' }));
    const begun = Date.now();
    const task = await poll();
    expect(Date.now() - begun).toBeGreaterThanOrEqual(800); // the heartbeat reset the clock
    expect(last(task.events, 'ActivityTaskTimedOut').activityTaskTimedOutEventAttributes).toEqual({
      timeoutType: 'HEARTBEAT',
      scheduledEventId: 5,
      startedEventId: 6,
      details: 'half',
    });
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('times out an activity past its schedule-to-close limit even while started (SCHEDULE_TO_CLOSE)', async () => {
    const workList = `w-${randomUUID()}`;
    const { poll } = await running([activity('a', workList, { scheduleToCloseTimeout: '1' })]);
    await pollActivity(fx, workList);
    const task = await poll();
    expect(last(task.events, 'ActivityTaskTimedOut').activityTaskTimedOutEventAttributes).toMatchObject({
      timeoutType: 'SCHEDULE_TO_CLOSE',
      startedEventId: 6,
    });
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('fires a timer (TimerFired) and wakes the decider', async () => {
    const { poll } = await running([{ decisionType: 'StartTimer', startTimerDecisionAttributes: { timerId: 'nap', startToFireTimeout: '1' } }]);
    const task = await poll();
    expect(types(task.events).slice(-3)).toEqual(['TimerFired', 'DecisionTaskScheduled', 'DecisionTaskStarted']);
    expect(last(task.events, 'TimerFired').timerFiredEventAttributes).toEqual({ timerId: 'nap', startedEventId: 5 });
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('times out an execution (WorkflowExecutionTimedOut) and tells its parent', async () => {
    const childList = `c-${randomUUID()}`;
    const { execution: parent, poll } = await running([
      {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          workflowType: fx.workflowType,
          workflowId: `child-${randomUUID()}`,
          taskList: { name: childList },
          executionStartToCloseTimeout: '1',
          childPolicy: 'ABANDON',
        },
      },
    ]);
    const first = await poll(); // ChildWorkflowExecutionStarted
    await decide(fx, first.taskToken!, []);
    const task = await poll();
    const timedOut = last(task.events, 'ChildWorkflowExecutionTimedOut').childWorkflowExecutionTimedOutEventAttributes!;
    expect(timedOut).toMatchObject({ timeoutType: 'START_TO_CLOSE', workflowType: fx.workflowType, initiatedEventId: 5, startedEventId: 6 });
    const child = await fx.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution: timedOut.workflowExecution as { workflowId: string; runId: string } }),
    );
    expect(child.executionInfo).toMatchObject({ executionStatus: 'CLOSED', closeStatus: 'TIMED_OUT' });
    const childHistory = await fx.swf.send(
      new GetWorkflowExecutionHistoryCommand({ domain: fx.domain, execution: timedOut.workflowExecution as { workflowId: string; runId: string } }),
    );
    expect(last(childHistory.events, 'WorkflowExecutionTimedOut').workflowExecutionTimedOutEventAttributes).toEqual({
      timeoutType: 'START_TO_CLOSE',
      childPolicy: 'ABANDON',
    });
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
    const detail = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution: parent }));
    expect(detail.executionInfo!.closeStatus).toBe('COMPLETED');
  });
});
