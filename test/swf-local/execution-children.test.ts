import {
  Decision,
  DescribeWorkflowExecutionCommand,
  RegisterWorkflowTypeCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decide, history, last, pollDecision, start, types, useFixture } from './data-plane-fixtures';

describe('swf-local child workflow executions', () => {
  const fx = useFixture({ longPollTimeoutMs: 2000 });

  const describeIt = (execution: { workflowId: string; runId: string }) =>
    fx.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution }));

  const startChild = (workflowId: string, taskList: string, extra: Record<string, unknown> = {}): Decision => ({
    decisionType: 'StartChildWorkflowExecution',
    startChildWorkflowExecutionDecisionAttributes: { workflowType: fx.workflowType, workflowId, taskList: { name: taskList }, ...extra },
  });

  /** Starts a parent on its own task list and has it start one child on another; returns both executions. */
  async function parentWithChild(parentExtra: Record<string, unknown> = {}) {
    const parentList = `parent-${randomUUID()}`;
    const childList = `child-${randomUUID()}`;
    const parent = await start(fx, undefined, { taskList: { name: parentList }, ...parentExtra });
    const parentTask = await pollDecision(fx, { taskList: { name: parentList } });
    const childId = `child-${randomUUID()}`;
    await decide(fx, parentTask.taskToken!, [startChild(childId, childList, { input: 'in', control: 'ctl' })]);
    const started = last(await history(fx, parent), 'ChildWorkflowExecutionStarted').childWorkflowExecutionStartedEventAttributes!;
    return { parent, parentList, child: started.workflowExecution as { workflowId: string; runId: string }, childList };
  }

  it('starts a child, links it to its parent, and reports its completion to the parent', async () => {
    const { parent, parentList, child, childList } = await parentWithChild();
    const parentEvents = await history(fx, parent);
    expect(types(parentEvents).slice(4)).toEqual([
      'StartChildWorkflowExecutionInitiated',
      'ChildWorkflowExecutionStarted',
      'DecisionTaskScheduled',
    ]);
    expect(parentEvents[4].startChildWorkflowExecutionInitiatedEventAttributes).toEqual({
      workflowId: child.workflowId,
      workflowType: fx.workflowType,
      control: 'ctl',
      input: 'in',
      executionStartToCloseTimeout: '600',
      taskList: { name: childList },
      decisionTaskCompletedEventId: 4,
      childPolicy: 'TERMINATE',
      taskStartToCloseTimeout: '30',
    });
    expect(parentEvents[5].childWorkflowExecutionStartedEventAttributes).toEqual({
      workflowExecution: child,
      workflowType: fx.workflowType,
      initiatedEventId: 5,
    });
    expect((await describeIt(parent)).openCounts!.openChildWorkflowExecutions).toBe(1);
    expect((await describeIt(child)).executionInfo!.parent).toEqual(parent);

    const childTask = await pollDecision(fx, { taskList: { name: childList } });
    expect(childTask.events![0].workflowExecutionStartedEventAttributes).toMatchObject({
      input: 'in',
      parentWorkflowExecution: parent,
      parentInitiatedEventId: 5,
    });
    await decide(fx, childTask.taskToken!, [
      { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: { result: 'child-done' } },
    ]);

    // The parent's first decision task (after the child started) is still pending; it now includes the completion.
    const parentTask = await pollDecision(fx, { taskList: { name: parentList } });
    expect(last(parentTask.events, 'ChildWorkflowExecutionCompleted').childWorkflowExecutionCompletedEventAttributes).toEqual({
      workflowExecution: child,
      workflowType: fx.workflowType,
      result: 'child-done',
      initiatedEventId: 5,
      startedEventId: 6,
    });
    expect((await describeIt(parent)).openCounts!.openChildWorkflowExecutions).toBe(0);
    await decide(fx, parentTask.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('reports a failed child and an operator-terminated child to the parent', async () => {
    const { parent, parentList, child, childList } = await parentWithChild();
    const childTask = await pollDecision(fx, { taskList: { name: childList } });
    await decide(fx, childTask.taskToken!, [
      { decisionType: 'FailWorkflowExecution', failWorkflowExecutionDecisionAttributes: { reason: 'bad', details: 'input' } },
    ]);
    let events = await history(fx, parent);
    expect(last(events, 'ChildWorkflowExecutionFailed').childWorkflowExecutionFailedEventAttributes).toEqual({
      workflowExecution: child,
      workflowType: fx.workflowType,
      reason: 'bad',
      details: 'input',
      initiatedEventId: 5,
      startedEventId: 6,
    });

    const secondList = `child-${randomUUID()}`;
    const parentTask = await pollDecision(fx, { taskList: { name: parentList } });
    await decide(fx, parentTask.taskToken!, [startChild(`child-${randomUUID()}`, secondList)]);
    const second = last(await history(fx, parent), 'ChildWorkflowExecutionStarted').childWorkflowExecutionStartedEventAttributes!.workflowExecution!;
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: second.workflowId! }));
    events = await history(fx, parent);
    expect(last(events, 'ChildWorkflowExecutionTerminated').childWorkflowExecutionTerminatedEventAttributes).toMatchObject({
      workflowExecution: second,
    });
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: parent.workflowId }));
  });

  it('fails StartChildWorkflowExecution for an unknown type, missing defaults and a workflowId already running', async () => {
    await fx.swf.send(new RegisterWorkflowTypeCommand({ domain: fx.domain, name: 'NoDefaults', version: '1' }));
    const noDefaults = { name: 'NoDefaults', version: '1' };
    const list = `parent-${randomUUID()}`;
    const parent = await start(fx, undefined, { taskList: { name: list } });
    const task = await pollDecision(fx, { taskList: { name: list } });
    await decide(fx, task.taskToken!, [
      startChild('kid', 'kids', { workflowType: { name: 'Ghost', version: '1' } }),
      startChild(parent.workflowId, 'kids', { control: 'again' }),
      startChild('kid', 'kids', { workflowType: noDefaults, taskList: undefined }),
      startChild('kid', 'kids', { workflowType: noDefaults }),
      startChild('kid', 'kids', { workflowType: noDefaults, executionStartToCloseTimeout: '60' }),
      startChild('kid', 'kids', { workflowType: noDefaults, executionStartToCloseTimeout: '60', taskStartToCloseTimeout: '10' }),
    ]);
    const events = await history(fx, parent);
    expect(types(events).slice(4)).toEqual([
      'StartChildWorkflowExecutionFailed',
      'StartChildWorkflowExecutionInitiated',
      'StartChildWorkflowExecutionFailed',
      'StartChildWorkflowExecutionFailed',
      'StartChildWorkflowExecutionFailed',
      'StartChildWorkflowExecutionFailed',
      'StartChildWorkflowExecutionFailed',
      'DecisionTaskScheduled',
    ]);
    expect(events.slice(7, 11).map((event) => event.startChildWorkflowExecutionFailedEventAttributes!.cause)).toEqual([
      'DEFAULT_TASK_LIST_UNDEFINED',
      'DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED',
      'DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED',
      'DEFAULT_CHILD_POLICY_UNDEFINED',
    ]);
    expect(events[4].startChildWorkflowExecutionFailedEventAttributes).toEqual({
      workflowType: { name: 'Ghost', version: '1' },
      cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST',
      workflowId: 'kid',
      initiatedEventId: 0,
      decisionTaskCompletedEventId: 4,
    });
    expect(events[6].startChildWorkflowExecutionFailedEventAttributes).toEqual({
      workflowType: fx.workflowType,
      cause: 'WORKFLOW_ALREADY_RUNNING',
      workflowId: parent.workflowId,
      initiatedEventId: 6,
      decisionTaskCompletedEventId: 4,
      control: 'again',
    });
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: parent.workflowId }));
  });

  it('applies the child policy when the parent closes: TERMINATE, REQUEST_CANCEL, ABANDON', async () => {
    const terminated = await parentWithChild();
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: terminated.parent.workflowId }));
    expect((await describeIt(terminated.child)).executionInfo!.closeStatus).toBe('TERMINATED');
    expect(last(await history(fx, terminated.child), 'WorkflowExecutionTerminated').workflowExecutionTerminatedEventAttributes).toEqual({
      childPolicy: 'TERMINATE',
      cause: 'CHILD_POLICY_APPLIED',
    });

    const canceled = await parentWithChild({ childPolicy: 'REQUEST_CANCEL' });
    await nextDecisionOn(canceled.parentList, [{ decisionType: 'CompleteWorkflowExecution' }]);
    expect((await describeIt(canceled.child)).executionInfo).toMatchObject({ executionStatus: 'OPEN', cancelRequested: true });
    expect(last(await history(fx, canceled.child), 'WorkflowExecutionCancelRequested').workflowExecutionCancelRequestedEventAttributes).toEqual({
      cause: 'CHILD_POLICY_APPLIED',
    });

    const abandoned = await parentWithChild({ childPolicy: 'ABANDON' });
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: abandoned.parent.workflowId }));
    expect((await describeIt(abandoned.child)).executionInfo).toMatchObject({ executionStatus: 'OPEN', cancelRequested: false });

    for (const { child } of [canceled, abandoned]) {
      await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: child.workflowId }));
    }
  });

  async function nextDecisionOn(taskList: string, decisions: Decision[]) {
    const task = await pollDecision(fx, { taskList: { name: taskList } });
    await decide(fx, task.taskToken!, decisions);
  }
});
