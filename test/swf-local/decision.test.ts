import {
  Decision,
  DeprecateActivityTypeCommand,
  DescribeWorkflowExecutionCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterActivityTypeCommand,
  RespondActivityTaskCanceledCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { decide, history, last, nextDecision, pollActivity, pollDecision, start, types, useFixture } from './data-plane-fixtures';

describe('swf-local decisions', () => {
  // Short holds: a poll that finds nothing must fail the test quickly rather than wait 60 s.
  const fx = useFixture({ longPollTimeoutMs: 2000 });

  /** Starts an execution and answers its first decision task with `decisions`; returns the history after that. */
  async function afterDecisions(decisions: Decision[]) {
    const execution = await start(fx);
    await nextDecision(fx, decisions);
    return { execution, events: await history(fx, execution) };
  }

  const schedule = (activityId: string, extra: Record<string, unknown> = {}): Decision => ({
    decisionType: 'ScheduleActivityTask',
    scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId, ...extra },
  });

  it('fails ScheduleActivityTask with SWF causes, and schedules a decision task for the decider to react', async () => {
    await fx.swf.send(new RegisterActivityTypeCommand({ domain: fx.domain, name: 'NoDefaults', version: '1' }));
    await fx.swf.send(new RegisterActivityTypeCommand({ domain: fx.domain, name: 'Retired', version: '1' }));
    await fx.swf.send(new DeprecateActivityTypeCommand({ domain: fx.domain, activityType: { name: 'Retired', version: '1' } }));
    const noDefaults = { name: 'NoDefaults', version: '1' };
    const { execution, events } = await afterDecisions([
      schedule('a'),
      schedule('a'),
      schedule('b', { activityType: { name: 'Missing', version: '1' } }),
      schedule('c', { activityType: { name: 'Retired', version: '1' } }),
      schedule('d', { activityType: noDefaults }),
      schedule('e', { activityType: noDefaults, taskList: { name: 'x' } }),
      schedule('f', { activityType: noDefaults, taskList: { name: 'x' }, scheduleToStartTimeout: '10' }),
      schedule('g', { activityType: noDefaults, taskList: { name: 'x' }, scheduleToStartTimeout: '10', scheduleToCloseTimeout: '20' }),
      schedule('h', {
        activityType: noDefaults,
        taskList: { name: 'x' },
        scheduleToStartTimeout: '10',
        scheduleToCloseTimeout: '20',
        startToCloseTimeout: '10',
      }),
    ]);
    const failures = events
      .filter((event) => event.eventType === 'ScheduleActivityTaskFailed')
      .map((event) => [event.scheduleActivityTaskFailedEventAttributes!.activityId, event.scheduleActivityTaskFailedEventAttributes!.cause]);
    expect(failures).toEqual([
      ['a', 'ACTIVITY_ID_ALREADY_IN_USE'],
      ['b', 'ACTIVITY_TYPE_DOES_NOT_EXIST'],
      ['c', 'ACTIVITY_TYPE_DEPRECATED'],
      ['d', 'DEFAULT_TASK_LIST_UNDEFINED'],
      ['e', 'DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED'],
      ['f', 'DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED'],
      ['g', 'DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED'],
    ]);
    expect(last(events, 'ScheduleActivityTaskFailed').scheduleActivityTaskFailedEventAttributes).toMatchObject({
      activityType: noDefaults,
      decisionTaskCompletedEventId: 4,
    });
    expect(types(events).filter((type) => type === 'ActivityTaskScheduled')).toHaveLength(2);
    expect(types(events).at(-1)).toBe('DecisionTaskScheduled');
    const task = await pollDecision(fx);
    expect(task.workflowExecution).toEqual(execution);
  });

  it('cancels a not-yet-started activity at once and flags a started one through its heartbeat', async () => {
    const execution = await start(fx);
    const workList = `work-${execution.workflowId}`;
    await nextDecision(fx, [schedule('queued', { taskList: { name: `idle-${execution.workflowId}` } }), schedule('running', { taskList: { name: workList } })]);
    const running = await pollActivity(fx, workList);
    expect(running.activityId).toBe('running');
    const heartbeat = () => fx.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: running.taskToken, details: '50%' }));
    expect(await heartbeat()).toEqual(expect.objectContaining({ cancelRequested: false }));

    // A signal gives the decider a decision task to cancel from.
    await fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId, signalName: 'stop' }));
    await nextDecision(fx, [
      { decisionType: 'RequestCancelActivityTask', requestCancelActivityTaskDecisionAttributes: { activityId: 'queued' } },
      { decisionType: 'RequestCancelActivityTask', requestCancelActivityTaskDecisionAttributes: { activityId: 'running' } },
      { decisionType: 'RequestCancelActivityTask', requestCancelActivityTaskDecisionAttributes: { activityId: 'never' } },
    ]);
    let events = await history(fx, execution);
    const completedId = last(events, 'DecisionTaskCompleted').eventId!;
    expect(types(events.filter((event) => event.eventId! > completedId))).toEqual([
      'ActivityTaskCancelRequested',
      'ActivityTaskCanceled',
      'ActivityTaskCancelRequested',
      'RequestCancelActivityTaskFailed',
      'DecisionTaskScheduled',
    ]);
    expect(last(events, 'ActivityTaskCanceled').activityTaskCanceledEventAttributes).toEqual({
      scheduledEventId: events.find((event) => event.activityTaskScheduledEventAttributes?.activityId === 'queued')!.eventId,
      startedEventId: 0,
      latestCancelRequestedEventId: completedId + 1,
    });
    expect(last(events, 'RequestCancelActivityTaskFailed').requestCancelActivityTaskFailedEventAttributes).toEqual({
      activityId: 'never',
      cause: 'ACTIVITY_ID_UNKNOWN',
      decisionTaskCompletedEventId: completedId,
    });

    expect(await heartbeat()).toEqual(expect.objectContaining({ cancelRequested: true }));
    await fx.swf.send(new RespondActivityTaskCanceledCommand({ taskToken: running.taskToken, details: 'undone' }));
    events = await history(fx, execution);
    expect(last(events, 'ActivityTaskCanceled').activityTaskCanceledEventAttributes).toMatchObject({
      details: 'undone',
      startedEventId: running.startedEventId,
      latestCancelRequestedEventId: completedId + 3,
    });
    await expect(heartbeat()).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await nextDecision(fx, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('fails a closing decision with UNHANDLED_DECISION when events arrived while the decider worked', async () => {
    const execution = await start(fx);
    const task = await pollDecision(fx);
    await fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId, signalName: 'late' }));
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: { result: 'r' } }]);
    const retry = await pollDecision(fx);
    expect(retry.workflowExecution).toEqual(execution);
    expect(types(retry.events).slice(3)).toEqual([
      'WorkflowExecutionSignaled',
      'DecisionTaskScheduled',
      'DecisionTaskCompleted',
      'CompleteWorkflowExecutionFailed',
      'DecisionTaskStarted',
    ]);
    expect(last(retry.events, 'CompleteWorkflowExecutionFailed').completeWorkflowExecutionFailedEventAttributes).toEqual({
      cause: 'UNHANDLED_DECISION',
      decisionTaskCompletedEventId: 6,
    });
    await decide(fx, retry.taskToken!, [
      { decisionType: 'FailWorkflowExecution', failWorkflowExecutionDecisionAttributes: { reason: 'broken', details: 'why' } },
    ]);
    const events = await history(fx, execution);
    expect(last(events, 'WorkflowExecutionFailed').workflowExecutionFailedEventAttributes).toEqual({
      reason: 'broken',
      details: 'why',
      decisionTaskCompletedEventId: 9,
    });
    const detail = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution }));
    expect(detail.executionInfo!.closeStatus).toBe('FAILED');
  });

  it('records markers and starts and cancels timers, with TIMER_ID causes', async () => {
    const { execution, events } = await afterDecisions([
      { decisionType: 'RecordMarker', recordMarkerDecisionAttributes: { markerName: 'checkpoint', details: 'd' } },
      { decisionType: 'StartTimer', startTimerDecisionAttributes: { timerId: 't1', startToFireTimeout: '300', control: 'c' } },
      { decisionType: 'StartTimer', startTimerDecisionAttributes: { timerId: 't1', startToFireTimeout: '300' } },
      { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 'nope' } },
      { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 't1' } },
    ]);
    expect(types(events).slice(4)).toEqual([
      'MarkerRecorded',
      'TimerStarted',
      'StartTimerFailed',
      'CancelTimerFailed',
      'TimerCanceled',
      'DecisionTaskScheduled',
    ]);
    expect(events[4].markerRecordedEventAttributes).toEqual({ markerName: 'checkpoint', details: 'd', decisionTaskCompletedEventId: 4 });
    expect(events[5].timerStartedEventAttributes).toEqual({
      timerId: 't1',
      control: 'c',
      startToFireTimeout: '300',
      decisionTaskCompletedEventId: 4,
    });
    expect(events[6].startTimerFailedEventAttributes).toEqual({ timerId: 't1', cause: 'TIMER_ID_ALREADY_IN_USE', decisionTaskCompletedEventId: 4 });
    expect(events[7].cancelTimerFailedEventAttributes).toEqual({ timerId: 'nope', cause: 'TIMER_ID_UNKNOWN', decisionTaskCompletedEventId: 4 });
    expect(events[8].timerCanceledEventAttributes).toEqual({ timerId: 't1', startedEventId: 6, decisionTaskCompletedEventId: 4 });
    const detail = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution }));
    expect(detail.openCounts!.openTimers).toBe(0);
    await nextDecision(fx, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('continues as new: the old run closes CONTINUED_AS_NEW and a new run of the same workflowId starts', async () => {
    const execution = await start(fx);
    await nextDecision(fx, [
      { decisionType: 'ContinueAsNewWorkflowExecution', continueAsNewWorkflowExecutionDecisionAttributes: { workflowTypeVersion: '9' } },
    ]);
    let events = await history(fx, execution);
    expect(last(events, 'ContinueAsNewWorkflowExecutionFailed').continueAsNewWorkflowExecutionFailedEventAttributes).toEqual({
      cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST',
      decisionTaskCompletedEventId: 4,
    });
    await nextDecision(fx, [
      {
        decisionType: 'ContinueAsNewWorkflowExecution',
        continueAsNewWorkflowExecutionDecisionAttributes: { input: 'round-2', tagList: ['again'] },
      },
    ]);
    events = await history(fx, execution);
    const continued = last(events, 'WorkflowExecutionContinuedAsNew').workflowExecutionContinuedAsNewEventAttributes!;
    expect(continued).toMatchObject({
      input: 'round-2',
      taskList: { name: fx.taskList },
      childPolicy: 'TERMINATE',
      tagList: ['again'],
      workflowType: fx.workflowType,
      executionStartToCloseTimeout: '600',
      taskStartToCloseTimeout: '30',
    });
    const old = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution }));
    expect(old.executionInfo!.closeStatus).toBe('CONTINUED_AS_NEW');

    const task = await pollDecision(fx);
    expect(task.workflowExecution).toEqual({ workflowId: execution.workflowId, runId: continued.newExecutionRunId });
    expect(task.events![0].workflowExecutionStartedEventAttributes).toMatchObject({
      input: 'round-2',
      continuedExecutionRunId: execution.runId,
      tagList: ['again'],
    });
    await decide(fx, task.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('signals and cancels other executions, and reports unknown ones', async () => {
    const target = await start(fx, undefined, { taskList: { name: 'target-list' } });
    const sender = await start(fx);
    await nextDecision(fx, [
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: { workflowId: target.workflowId, signalName: 'ping', input: 'i', control: 'c' },
      },
      { decisionType: 'RequestCancelExternalWorkflowExecution', requestCancelExternalWorkflowExecutionDecisionAttributes: target },
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: { workflowId: 'ghost', signalName: 'ping' },
      },
      { decisionType: 'RequestCancelExternalWorkflowExecution', requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId: 'ghost' } },
    ]);
    const events = await history(fx, sender);
    expect(types(events).slice(4)).toEqual([
      'SignalExternalWorkflowExecutionInitiated',
      'ExternalWorkflowExecutionSignaled',
      'RequestCancelExternalWorkflowExecutionInitiated',
      'ExternalWorkflowExecutionCancelRequested',
      'SignalExternalWorkflowExecutionInitiated',
      'SignalExternalWorkflowExecutionFailed',
      'RequestCancelExternalWorkflowExecutionInitiated',
      'RequestCancelExternalWorkflowExecutionFailed',
      'DecisionTaskScheduled',
    ]);
    expect(events[4].signalExternalWorkflowExecutionInitiatedEventAttributes).toEqual({
      workflowId: target.workflowId,
      signalName: 'ping',
      input: 'i',
      control: 'c',
      decisionTaskCompletedEventId: 4,
    });
    expect(events[5].externalWorkflowExecutionSignaledEventAttributes).toEqual({ workflowExecution: target, initiatedEventId: 5 });
    expect(events[7].externalWorkflowExecutionCancelRequestedEventAttributes).toEqual({ workflowExecution: target, initiatedEventId: 7 });
    expect(events[9].signalExternalWorkflowExecutionFailedEventAttributes).toEqual({
      workflowId: 'ghost',
      cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION',
      initiatedEventId: 9,
      decisionTaskCompletedEventId: 4,
    });
    expect(events[11].requestCancelExternalWorkflowExecutionFailedEventAttributes).toMatchObject({
      cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION',
      initiatedEventId: 11,
    });

    const targetEvents = await history(fx, target);
    expect(last(targetEvents, 'WorkflowExecutionSignaled').workflowExecutionSignaledEventAttributes).toEqual({
      signalName: 'ping',
      input: 'i',
      externalWorkflowExecution: sender,
      externalInitiatedEventId: 5,
    });
    expect(last(targetEvents, 'WorkflowExecutionCancelRequested').workflowExecutionCancelRequestedEventAttributes).toEqual({
      externalWorkflowExecution: sender,
      externalInitiatedEventId: 7,
    });
    await nextDecision(fx, [{ decisionType: 'CompleteWorkflowExecution' }]);
    const targetTask = await pollDecision(fx, { taskList: { name: 'target-list' } });
    await decide(fx, targetTask.taskToken!, [{ decisionType: 'CancelWorkflowExecution' }]);
  });

  it('moves future decision tasks to another task list when the decider overrides it', async () => {
    const moved = `moved-${Date.now()}`;
    const execution = await start(fx);
    const task = await pollDecision(fx);
    await fx.swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, taskList: { name: moved } }));
    await fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId, signalName: 's' }));
    const next = await pollDecision(fx, { taskList: { name: moved } });
    expect(next.workflowExecution).toEqual(execution);
    const detail = await fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution }));
    expect(detail.executionConfiguration!.taskList).toEqual({ name: moved });
    await decide(fx, next.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('answers a stale or malformed task token with UnknownResourceFault and a malformed decision with ValidationException', async () => {
    const execution = await start(fx);
    const task = await pollDecision(fx);
    await expect(
      fx.swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: [{ decisionType: 'StartTimer' }] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      fx.swf.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: task.taskToken,
          decisions: [{ decisionType: 'StartTimer', startTimerDecisionAttributes: { timerId: 't' } as never }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('startToFireTimeout') });
    // Nothing was applied: the task is still the decider's to answer.
    await decide(fx, task.taskToken!, [
      { decisionType: 'ScheduleLambdaFunction', scheduleLambdaFunctionDecisionAttributes: { id: 'l', name: 'fn' } },
    ]);
    const events = await history(fx, execution);
    expect(last(events, 'ScheduleLambdaFunctionFailed').scheduleLambdaFunctionFailedEventAttributes).toEqual({
      id: 'l',
      name: 'fn',
      cause: 'LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION',
      decisionTaskCompletedEventId: 4,
    });
    await expect(decide(fx, task.taskToken!, [])).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await expect(decide(fx, 'not-a-token', [])).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await nextDecision(fx, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });
});
