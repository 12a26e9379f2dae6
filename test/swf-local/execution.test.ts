import {
  CountPendingDecisionTasksCommand,
  DeprecateDomainCommand,
  DeprecateWorkflowTypeCommand,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  HistoryEvent,
  RegisterWorkflowTypeCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { decide, last, nextDecision, pollActivity, pollDecision, registerFixture, start, types, useFixture } from './data-plane-fixtures';

describe('swf-local executions', () => {
  const fx = useFixture();

  it('runs a workflow end to end with a decider and an activity worker, recording SWF history events', async () => {
    const before = Date.now();
    const { workflowId, runId } = await start(fx, undefined, { input: 'order-42', tagList: ['shop'] });

    const first = await pollDecision(fx);
    expect(first.workflowExecution).toEqual({ workflowId, runId });
    expect(first.workflowType).toEqual(fx.workflowType);
    expect(first.startedEventId).toBe(3);
    expect(first.previousStartedEventId).toBe(0);
    expect(types(first.events)).toEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled', 'DecisionTaskStarted']);
    const started = first.events![0];
    expect(started.eventId).toBe(1);
    expect(started.eventTimestamp).toBeInstanceOf(Date);
    expect(started.eventTimestamp!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(started.workflowExecutionStartedEventAttributes).toMatchObject({
      input: 'order-42',
      taskList: { name: fx.taskList },
      executionStartToCloseTimeout: '600',
      taskStartToCloseTimeout: '30',
      childPolicy: 'TERMINATE',
      workflowType: fx.workflowType,
      tagList: ['shop'],
    });
    expect(first.events![2].decisionTaskStartedEventAttributes).toEqual({ identity: 'test-decider', scheduledEventId: 2 });

    await decide(fx, first.taskToken!, [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'charge-1', input: 'card' },
      },
    ]);

    const activity = await pollActivity(fx);
    expect(activity).toMatchObject({ activityId: 'charge-1', input: 'card', activityType: fx.activityType, startedEventId: 6 });
    expect(activity.workflowExecution).toEqual({ workflowId, runId });
    await fx.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: activity.taskToken, result: 'charged' }));

    const second = await pollDecision(fx);
    expect(second.previousStartedEventId).toBe(3);
    expect(types(second.events).slice(3)).toEqual([
      'DecisionTaskCompleted',
      'ActivityTaskScheduled',
      'ActivityTaskStarted',
      'ActivityTaskCompleted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
    ]);
    expect(last(second.events, 'DecisionTaskCompleted').decisionTaskCompletedEventAttributes).toEqual({
      scheduledEventId: 2,
      startedEventId: 3,
    });
    expect(last(second.events, 'ActivityTaskScheduled').activityTaskScheduledEventAttributes).toEqual({
      activityType: fx.activityType,
      activityId: 'charge-1',
      input: 'card',
      taskList: { name: fx.activityTaskList },
      scheduleToStartTimeout: '60',
      scheduleToCloseTimeout: '120',
      startToCloseTimeout: '60',
      heartbeatTimeout: 'NONE',
      decisionTaskCompletedEventId: 4,
    });
    expect(last(second.events, 'ActivityTaskCompleted').activityTaskCompletedEventAttributes).toEqual({
      result: 'charged',
      scheduledEventId: 5,
      startedEventId: 6,
    });
    await decide(fx, second.taskToken!, [
      { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: { result: 'done' } },
    ]);

    const detail = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution: { workflowId, runId } }));
    expect(detail.executionInfo).toMatchObject({ executionStatus: 'CLOSED', closeStatus: 'COMPLETED', tagList: ['shop'] });
    expect(detail.executionInfo!.closeTimestamp).toBeInstanceOf(Date);
    expect(detail.openCounts).toEqual({
      openActivityTasks: 0,
      openDecisionTasks: 0,
      openTimers: 0,
      openChildWorkflowExecutions: 0,
      openLambdaFunctions: 0,
    });
    const history = await fx.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: fx.domain, execution: { workflowId, runId } }));
    expect(history.events!.map((event) => event.eventId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(last(history.events, 'WorkflowExecutionCompleted').workflowExecutionCompletedEventAttributes).toEqual({
      result: 'done',
      decisionTaskCompletedEventId: 11 - 1,
    });
  });

  it('refuses starts SWF refuses, with its faults', async () => {
    const send = (extra: Record<string, unknown>) =>
      fx.swf.send(new StartWorkflowExecutionCommand({ domain: fx.domain, workflowId: 'refused', workflowType: fx.workflowType, ...extra }));
    await expect(send({ workflowType: { name: 'Nope', version: '1' } })).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await expect(send({ domain: 'no-such-domain' })).rejects.toMatchObject({ name: 'UnknownResourceFault' });

    await fx.swf.send(new RegisterWorkflowTypeCommand({ domain: fx.domain, name: 'Bare', version: '1' }));
    const bare = { name: 'Bare', version: '1' };
    await expect(send({ workflowType: bare })).rejects.toMatchObject({ name: 'DefaultUndefinedFault' });
    await expect(send({ workflowType: bare, taskList: { name: 't' }, executionStartToCloseTimeout: '60', taskStartToCloseTimeout: '10' }))
      .rejects.toMatchObject({ name: 'DefaultUndefinedFault', message: expect.stringContaining('childPolicy') });
    await expect(
      send({ workflowType: bare, taskList: { name: 't' }, executionStartToCloseTimeout: '60', taskStartToCloseTimeout: '10', childPolicy: 'ABANDON' }),
    ).resolves.toMatchObject({ runId: expect.any(String) });
    await expect(send({})).rejects.toMatchObject({ name: 'WorkflowExecutionAlreadyStartedFault' });

    await fx.swf.send(new RegisterWorkflowTypeCommand({ domain: fx.domain, name: 'Old', version: '1', defaultChildPolicy: 'ABANDON' }));
    await fx.swf.send(new DeprecateWorkflowTypeCommand({ domain: fx.domain, workflowType: { name: 'Old', version: '1' } }));
    await expect(send({ workflowId: 'old', workflowType: { name: 'Old', version: '1' } })).rejects.toMatchObject({ name: 'TypeDeprecatedFault' });
  });

  it('refuses new executions in a deprecated domain but still describes its executions', async () => {
    const other = await registerFixture(fx.swf);
    const { workflowId, runId } = await start(other);
    await fx.swf.send(new DeprecateDomainCommand({ name: other.domain }));
    await expect(start(other)).rejects.toMatchObject({ name: 'UnknownResourceFault', message: expect.stringContaining('deprecated') });
    const detail = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: other.domain, execution: { workflowId, runId } }));
    expect(detail.executionInfo!.executionStatus).toBe('OPEN');
  });

  it('describes configuration, open counts, the latest execution context and activity timestamp', async () => {
    const { workflowId, runId } = await start(fx, undefined, { taskPriority: '5', taskStartToCloseTimeout: '20' });
    const describeIt = () => fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution: { workflowId, runId } }));
    let detail = await describeIt();
    expect(detail.executionConfiguration).toEqual({
      taskStartToCloseTimeout: '20',
      executionStartToCloseTimeout: '600',
      taskList: { name: fx.taskList },
      taskPriority: '5',
      childPolicy: 'TERMINATE',
    });
    expect(detail.openCounts).toMatchObject({ openDecisionTasks: 1, openActivityTasks: 0, openTimers: 0 });
    expect(detail.latestActivityTaskTimestamp).toBeUndefined();

    const task = await pollDecision(fx);
    await decide(
      fx,
      task.taskToken!,
      [
        { decisionType: 'ScheduleActivityTask', scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'a' } },
        { decisionType: 'StartTimer', startTimerDecisionAttributes: { timerId: 't', startToFireTimeout: '300' } },
      ],
      'step-1',
    );
    detail = await describeIt();
    expect(detail.openCounts).toMatchObject({ openDecisionTasks: 0, openActivityTasks: 1, openTimers: 1 });
    expect(detail.latestExecutionContext).toBe('step-1');
    expect(detail.latestActivityTaskTimestamp).toBeInstanceOf(Date);
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId }));
  });

  it('delivers signals to the open run and refuses them for closed or unknown executions', async () => {
    const { workflowId, runId } = await start(fx);
    await nextDecision(fx);
    await fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId, signalName: 'approve', input: 'yes' }));
    const task = await pollDecision(fx);
    expect(last(task.events, 'WorkflowExecutionSignaled').workflowExecutionSignaledEventAttributes).toEqual({ signalName: 'approve', input: 'yes' });
    expect(types(task.events).slice(-3)).toEqual(['WorkflowExecutionSignaled', 'DecisionTaskScheduled', 'DecisionTaskStarted']);
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);

    const signal = (extra: Record<string, unknown>) =>
      fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId, signalName: 's', ...extra }));
    await expect(signal({})).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await expect(signal({ runId })).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await expect(signal({ workflowId: 'never-started' })).rejects.toMatchObject({ name: 'UnknownResourceFault' });
  });

  it('records a cancel request, which the decider may honour', async () => {
    const { workflowId, runId } = await start(fx);
    await nextDecision(fx);
    await fx.swf.send(new RequestCancelWorkflowExecutionCommand({ domain: fx.domain, workflowId }));
    const detail = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution: { workflowId, runId } }));
    expect(detail.executionInfo!.cancelRequested).toBe(true);
    const task = await pollDecision(fx);
    expect(types(task.events)).toContain('WorkflowExecutionCancelRequested');
    await decide(fx, task.taskToken!, [{ decisionType: 'CancelWorkflowExecution', cancelWorkflowExecutionDecisionAttributes: { details: 'bye' } }]);
    const closed = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution: { workflowId, runId } }));
    expect(closed.executionInfo).toMatchObject({ executionStatus: 'CLOSED', closeStatus: 'CANCELED' });
  });

  it('terminates an execution: its pending tasks disappear and its tokens go stale', async () => {
    const { workflowId, runId } = await start(fx);
    const count = () => fx.swf.send(new CountPendingDecisionTasksCommand({ domain: fx.domain, taskList: { name: fx.taskList } }));
    expect((await count()).count).toBe(1);
    await fx.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId, runId, reason: 'ops', details: 'stuck', childPolicy: 'ABANDON' }),
    );
    expect((await count()).count).toBe(0);
    const history = await fx.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: fx.domain, execution: { workflowId, runId } }));
    expect(last(history.events, 'WorkflowExecutionTerminated').workflowExecutionTerminatedEventAttributes).toEqual({
      reason: 'ops',
      details: 'stuck',
      childPolicy: 'ABANDON',
      cause: 'OPERATOR_INITIATED',
    });
    await expect(fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId }))).rejects.toMatchObject({
      name: 'UnknownResourceFault',
    });
  });

  it('pages GetWorkflowExecutionHistory forwards and in reverse', async () => {
    const { workflowId, runId } = await start(fx);
    for (let i = 0; i < 3; i++) await fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId, signalName: `s${i}` }));
    // Started, DecisionTaskScheduled, 3 signals = 5 events.
    const read = async (reverseOrder: boolean) => {
      const ids: number[] = [];
      let nextPageToken: string | undefined;
      let pages = 0;
      do {
        const page = await fx.swf.send(
          new GetWorkflowExecutionHistoryCommand({ domain: fx.domain, execution: { workflowId, runId }, maximumPageSize: 2, reverseOrder, nextPageToken }),
        );
        expect(page.events!.length).toBeLessThanOrEqual(2);
        ids.push(...page.events!.map((event: HistoryEvent) => event.eventId!));
        nextPageToken = page.nextPageToken;
        pages++;
      } while (nextPageToken);
      return { ids, pages };
    };
    expect(await read(false)).toEqual({ ids: [1, 2, 3, 4, 5], pages: 3 });
    expect(await read(true)).toEqual({ ids: [5, 4, 3, 2, 1], pages: 3 });
    await expect(
      fx.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: fx.domain, execution: { workflowId, runId: 'nope' } })),
    ).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId }));
  });
});
