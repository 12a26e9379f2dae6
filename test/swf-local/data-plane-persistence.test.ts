import { DescribeWorkflowExecutionCommand, RespondActivityTaskCompletedCommand } from '@aws-sdk/client-swf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';
import { decide, Fixture, last, pollActivity, pollDecision, registerFixture, start, types } from './data-plane-fixtures';

describe('swf-local data plane persistence', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'swf-local-dp-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps an open execution across a restart: tasks, tokens and pending deadlines survive', async () => {
    const first = await startLocalSwf({ dataDir, longPollTimeoutMs: 5000 });
    const fx = await registerFixture(first.swf);
    const execution = await start(fx);
    const task = await pollDecision(fx);
    await decide(fx, task.taskToken!, [
      { decisionType: 'StartTimer', startTimerDecisionAttributes: { timerId: 'wake', startToFireTimeout: '2' } },
      { decisionType: 'ScheduleActivityTask', scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'started' } },
      { decisionType: 'ScheduleActivityTask', scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'queued' } },
    ]);
    const started = await pollActivity(fx);
    expect(started.activityId).toBe('started');
    await first.stop();

    const second = await startLocalSwf({ dataDir, longPollTimeoutMs: 5000 });
    const again: Fixture = { ...fx, swf: second.swf };
    try {
      const detail = await second.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution }));
      expect(detail.executionInfo!.executionStatus).toBe('OPEN');
      expect(detail.openCounts).toMatchObject({ openTimers: 1, openActivityTasks: 2 });

      // The queued activity is still queued, the started one still answerable with its pre-restart token.
      expect((await pollActivity(again)).activityId).toBe('queued');
      await second.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: started.taskToken, result: 'ok' }));
      const afterActivity = await pollDecision(again);
      expect(last(afterActivity.events, 'ActivityTaskCompleted').activityTaskCompletedEventAttributes!.result).toBe('ok');
      await decide(again, afterActivity.taskToken!, []);

      // The timer was armed before the restart and fires after it.
      const fired = await pollDecision(again);
      expect(fired.workflowExecution).toEqual(execution);
      expect(types(fired.events)).toContain('TimerFired');
      expect(last(fired.events, 'TimerFired').timerFiredEventAttributes).toEqual({ timerId: 'wake', startedEventId: 5 });
      await decide(again, fired.taskToken!, [{ decisionType: 'CompleteWorkflowExecution' }]);
    } finally {
      await second.stop();
    }

    const third = await startLocalSwf({ dataDir });
    try {
      const detail = await third.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution }));
      expect(detail.executionInfo).toMatchObject({ executionStatus: 'CLOSED', closeStatus: 'COMPLETED' });
    } finally {
      await third.stop();
    }
  });
});
