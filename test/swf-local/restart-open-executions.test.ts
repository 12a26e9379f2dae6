import {
  CountPendingActivityTasksCommand,
  CountPendingDecisionTasksCommand,
  DescribeWorkflowExecutionCommand,
  HistoryEvent,
  PollForDecisionTaskCommand,
} from '@aws-sdk/client-swf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OperationContext } from '../../lib/swf-local/context';
import { createControlPlane } from '../../lib/swf-local/control-plane';
import { createDataPlane } from '../../lib/swf-local/data-plane';
import { Store } from '../../lib/swf-local/store';
import { startLocalSwf } from '../support/swf-local';
import { decide, Fixture, history, pollDecision, registerFixture, start, types } from './data-plane-fixtures';

type Ref = { workflowId: string; runId: string };

/**
 * After a restart, swf-local answers before it has queued every open execution's tasks and re-armed its deadlines
 * (that runs in the background). These tests check that the result is exactly what it was before: every task queued
 * once, in the same order, and every deadline fired once.
 */
describe('swf-local restart with many open executions', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'swf-local-restart-open-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('queues every task in its order and fires every pending deadline once', async () => {
    const dataDir = freshDir();
    const first = await startLocalSwf({ dataDir });
    const fx = await registerFixture(first.swf);
    // 300 executions waiting for a decider; every 7th asks for a higher task priority (handed out first).
    const waiting: Ref[] = [];
    for (let i = 0; i < 300; i++) {
      const priority = i % 7 === 0 ? { taskPriority: '5' } : {};
      waiting.push(await start(fx, `waiting-${i}`, priority));
    }
    // Executions with a deadline a few seconds out, one group per kind of deadline, each on its own task list.
    const group = async (name: string, count: number, extra: Record<string, unknown> = {}) => {
      const refs: Ref[] = [];
      for (let i = 0; i < count; i++) refs.push(await start(fx, `${name}-${i}`, { taskList: { name }, ...extra }));
      return refs;
    };
    const onList = (name: string, base: Fixture = fx): Fixture => ({ ...base, taskList: name });
    const decideEach = async (name: string, count: number, decisions: Parameters<typeof decide>[2]) => {
      for (let i = 0; i < count; i++) {
        const task = await pollDecision(onList(name));
        if (decisions.length) await decide(fx, task.taskToken!, decisions);
      }
    };
    const timers = await group('timers', 20);
    const activities = await group('activities', 20);
    const decisionTimeouts = await group('decision-timeouts', 20, { taskStartToCloseTimeout: '3' });
    const executionTimeouts = await group('execution-timeouts', 20, { executionStartToCloseTimeout: '3' });
    await decideEach('timers', 20, [{ decisionType: 'StartTimer', startTimerDecisionAttributes: { timerId: 't', startToFireTimeout: '3' } }]);
    await decideEach('activities', 20, [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'a', taskList: { name: 'nobody' }, scheduleToStartTimeout: '3' },
      },
    ]);
    await decideEach('decision-timeouts', 20, []); // started, never answered
    await first.stop();

    const second = await startLocalSwf({ dataDir, longPollTimeoutMs: 1000 });
    const again: Fixture = { ...fx, swf: second.swf };
    try {
      const pending = await second.swf.send(new CountPendingDecisionTasksCommand({ domain: fx.domain, taskList: { name: fx.taskList } }));
      expect(pending.count).toBe(300);
      const expectedOrder = [...waiting.filter((_, i) => i % 7 === 0), ...waiting.filter((_, i) => i % 7 !== 0)].map((ref) => ref.workflowId);
      const handedOut: string[] = [];
      for (let i = 0; i < 300; i++) {
        const task = await pollDecision(again);
        handedOut.push(task.workflowExecution!.workflowId!);
        expect(types(task.events)).toEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled', 'DecisionTaskStarted']);
      }
      expect(handedOut).toEqual(expectedOrder);
      expect((await pollDecision(again)).taskToken).toBeFalsy(); // nothing queued twice

      // Every deadline fires once and schedules the decision task that follows it.
      const afterTimer = await drain(again, 'timers', 20);
      expect(afterTimer.map((task) => task.workflowId).sort()).toEqual(timers.map((ref) => ref.workflowId).sort());
      for (const task of afterTimer) expect(task.events.filter((event) => event.eventType === 'TimerFired')).toHaveLength(1);

      const afterActivity = await drain(again, 'activities', 20);
      expect(afterActivity.map((task) => task.workflowId).sort()).toEqual(activities.map((ref) => ref.workflowId).sort());
      for (const task of afterActivity) {
        const timedOut = task.events.filter((event) => event.eventType === 'ActivityTaskTimedOut');
        expect(timedOut).toHaveLength(1);
        expect(timedOut[0].activityTaskTimedOutEventAttributes).toMatchObject({ timeoutType: 'SCHEDULE_TO_START' });
      }
      const nobody = await second.swf.send(new CountPendingActivityTasksCommand({ domain: fx.domain, taskList: { name: 'nobody' } }));
      expect(nobody.count).toBe(0);

      const afterDecisionTimeout = await drain(again, 'decision-timeouts', 20);
      expect(afterDecisionTimeout.map((task) => task.workflowId).sort()).toEqual(decisionTimeouts.map((ref) => ref.workflowId).sort());
      for (const task of afterDecisionTimeout) {
        expect(types(task.events)).toEqual([
          'WorkflowExecutionStarted',
          'DecisionTaskScheduled',
          'DecisionTaskStarted',
          'DecisionTaskTimedOut',
          'DecisionTaskScheduled',
          'DecisionTaskStarted',
        ]);
        expect(task.events[3].decisionTaskTimedOutEventAttributes).toEqual({ timeoutType: 'START_TO_CLOSE', scheduledEventId: 2, startedEventId: 3 });
      }

      for (const ref of executionTimeouts) {
        const events = await until(
          () => history(again, ref),
          (events) => events.some((event) => event.eventType === 'WorkflowExecutionTimedOut'),
        );
        expect(types(events)).toEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled', 'WorkflowExecutionTimedOut']);
        const detail = await second.swf.send(new DescribeWorkflowExecutionCommand({ domain: fx.domain, execution: ref }));
        expect(detail.executionInfo).toMatchObject({ executionStatus: 'CLOSED', closeStatus: 'TIMED_OUT' });
      }
      // The timed-out executions' decision tasks were dropped, not handed out.
      expect((await pollDecision(onList('execution-timeouts', again))).taskToken).toBeFalsy();
    } finally {
      await second.stop();
    }
  });

  it('hands out the oldest task to a poll, and keeps the order for a change, that arrive before the background restore ran', async () => {
    const dataDir = freshDir();
    const first = await startLocalSwf({ dataDir });
    const fx = await registerFixture(first.swf);
    const refs: Ref[] = [];
    for (let i = 0; i < 50; i++) refs.push(await start(fx, `early-${i}`));
    await first.stop();

    // In-process, so the requests provably come before the restore's first background slice: they are made in the
    // same turn of the event loop as the data plane is built (over HTTP the order would depend on scheduling).
    const store = await Store.open(dataDir);
    const env = { store, now: () => Date.now(), region: 'us-east-1', accountId: '123456789012', log: () => undefined, longPollTimeoutMs: 1000 };
    const engine = createDataPlane(env);
    const operations = { ...createControlPlane(env), ...engine.operations };
    const ctx: OperationContext = { store, now: env.now, region: env.region, accountId: env.accountId, signal: new AbortController().signal };
    const call = (operation: string, input: Record<string, unknown>) => operations[operation](input, ctx) as Record<string, unknown>;
    try {
      // A change to the newest execution first (it requeues that execution's task), then polls: still oldest first.
      const newest = refs[refs.length - 1];
      call('SignalWorkflowExecution', { domain: fx.domain, workflowId: newest.workflowId, signalName: 'hurry' });
      const poll = () => call('PollForDecisionTask', { domain: fx.domain, taskList: { name: fx.taskList } });
      const firstTask = poll() as { workflowExecution: Ref };
      expect(firstTask.workflowExecution).toEqual(refs[0]);
      const rest: string[] = [];
      for (let i = 1; i < refs.length; i++) rest.push((poll() as { workflowExecution: Ref }).workflowExecution.workflowId);
      expect(rest).toEqual(refs.slice(1).map((ref) => ref.workflowId));
      expect(await poll()).toMatchObject({ taskToken: '' });
      store.commit();
    } finally {
      engine.close();
      store.close();
    }
  });
});

/** Polls `taskList` until `count` decision tasks were handed out; their workflow ids and histories. */
async function drain(fx: Fixture, taskList: string, count: number): Promise<Array<{ workflowId: string; events: HistoryEvent[] }>> {
  const tasks: Array<{ workflowId: string; events: HistoryEvent[] }> = [];
  while (tasks.length < count) {
    const task = await fx.swf.send(new PollForDecisionTaskCommand({ domain: fx.domain, taskList: { name: taskList } }));
    if (task.taskToken) tasks.push({ workflowId: task.workflowExecution!.workflowId!, events: task.events! });
  }
  return tasks;
}

/** Reads until `done` holds (the test's timeout bounds the wait). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
  }
}
