import {
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { history, last, nextDecision, pollActivity, start, useFixture } from './data-plane-fixtures';

describe('swf-local activity tasks', () => {
  const fx = useFixture({ longPollTimeoutMs: 2000 });

  /** An execution with one started activity task on its own task list. */
  async function startedActivity() {
    const taskList = `work-${randomUUID()}`;
    const execution = await start(fx);
    await nextDecision(fx, [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'act', input: 'in', taskList: { name: taskList } },
      },
    ]);
    const task = await pollActivity(fx, taskList);
    return { execution, task };
  }

  it('records a failed activity with its reason and details, then refuses the token', async () => {
    const { execution, task } = await startedActivity();
    expect(task.taskToken).toBeTruthy();
    await fx.swf.send(new RespondActivityTaskFailedCommand({ taskToken: task.taskToken, reason: 'declined', details: 'card expired' }));
    expect(last(await history(fx, execution), 'ActivityTaskFailed').activityTaskFailedEventAttributes).toEqual({
      reason: 'declined',
      details: 'card expired',
      scheduledEventId: 5,
      startedEventId: 6,
    });
    await expect(fx.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken }))).rejects.toMatchObject({
      name: 'UnknownResourceFault',
    });
    await nextDecision(fx, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  it('refuses every response on a task whose execution closed, and tokens it never issued', async () => {
    const { execution, task } = await startedActivity();
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId }));
    const stale = { name: 'UnknownResourceFault' };
    await expect(fx.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }))).rejects.toMatchObject(stale);
    await expect(fx.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken }))).rejects.toMatchObject(stale);
    await expect(fx.swf.send(new RespondActivityTaskFailedCommand({ taskToken: task.taskToken }))).rejects.toMatchObject(stale);
    await expect(fx.swf.send(new RespondActivityTaskCanceledCommand({ taskToken: task.taskToken }))).rejects.toMatchObject(stale);
    await expect(fx.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: 'garbage' }))).rejects.toMatchObject(stale);
    // A decision task token is not an activity task token.
    await expect(
      fx.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: Buffer.from('{"kind":"decision","runId":"x","startedEventId":3}').toString('base64url') })),
    ).rejects.toMatchObject(stale);
  });

  it('hands out higher-priority activity tasks first', async () => {
    const list = `prio-${randomUUID()}`;
    const execution = await start(fx);
    const schedule = (activityId: string, taskPriority?: string) => ({
      decisionType: 'ScheduleActivityTask' as const,
      scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId, taskList: { name: list }, taskPriority },
    });
    await nextDecision(fx, [schedule('low', '-5'), schedule('normal'), schedule('high', '10'), schedule('normal-2')]);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) order.push((await pollActivity(fx, list)).activityId!);
    expect(order).toEqual(['high', 'normal', 'normal-2', 'low']);
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId }));
  });
});
