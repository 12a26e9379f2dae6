import { CountPendingDecisionTasksCommand, GetWorkflowExecutionHistoryCommand, SignalWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';
import { decide, pollActivity, pollDecision, registerFixture, start, types, useFixture } from './data-plane-fixtures';

/** A raw AWS JSON 1.0 call (for many concurrent polls, and for abandoning one mid-flight). */
function rawCall(endpoint: string, operation: string, body: unknown, signal?: AbortSignal) {
  return fetch(endpoint, {
    method: 'POST',
    headers: { 'X-Amz-Target': `SimpleWorkflowService.${operation}`, 'Content-Type': 'application/x-amz-json-1.0' },
    body: JSON.stringify(body),
    signal,
  });
}

describe('swf-local long polls (60 s hold)', () => {
  const fx = useFixture();

  it('wakes a decision poll that was waiting as soon as an execution starts', async () => {
    const begun = Date.now();
    const polling = pollDecision(fx);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const execution = await start(fx);
    const task = await polling;
    expect(Date.now() - begun).toBeLessThan(3000);
    expect(task.workflowExecution).toEqual(execution);

    const activityPoll = pollActivity(fx);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await decide(fx, task.taskToken!, [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'a1', input: 'x' },
      },
    ]);
    const activity = await activityPoll;
    expect(activity).toMatchObject({ activityId: 'a1', input: 'x', workflowExecution: execution });
    expect(Date.now() - begun).toBeLessThan(5000);
  });

  it('keeps a task available when the poller went away before it was handed out', async () => {
    const list = `gone-${randomUUID()}`;
    const abort = new AbortController();
    const abandoned = rawCall(fx.server.endpoint, 'PollForDecisionTask', { domain: fx.domain, taskList: { name: list } }, abort.signal);
    await new Promise((resolve) => setTimeout(resolve, 200));
    abort.abort();
    await expect(abandoned).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const execution = await start(fx, undefined, { taskList: { name: list } });
    const count = await fx.swf.send(new CountPendingDecisionTasksCommand({ domain: fx.domain, taskList: { name: list } }));
    expect(count.count).toBe(1);
    const task = await pollDecision(fx, { taskList: { name: list } });
    expect(task.workflowExecution).toEqual(execution);
    expect(types(task.events).filter((type) => type === 'DecisionTaskStarted')).toHaveLength(1);
  });

  it('accepts 1,000 concurrent polls on a task list and answers the next with LimitExceededFault', async () => {
    const list = `busy-${randomUUID()}`;
    const abort = new AbortController();
    const body = { domain: fx.domain, taskList: { name: list } };
    // 1,001 polls while nothing is scheduled: 1,000 are held, so the only one answered at once is the refused one.
    const polls = Array.from({ length: 1001 }, () => rawCall(fx.server.endpoint, 'PollForActivityTask', body, abort.signal));
    const pending = polls.map((poll) => poll.catch(() => undefined));
    const first = await Promise.race(polls);
    expect(first.status).toBe(400);
    expect(await first.json()).toMatchObject({ __type: 'com.amazonaws.swf.base.model#LimitExceededFault' });
    abort.abort();
    await Promise.all(pending);
    // The abandoned polls are released: a new poll is held again (the client gives up first) instead of refused.
    let held = false;
    for (let attempt = 0; attempt < 50 && !held; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      held = (await rawCall(fx.server.endpoint, 'PollForActivityTask', body, AbortSignal.timeout(300)).catch(() => undefined)) === undefined;
    }
    expect(held).toBe(true);
  });

  it('pages a decision task history through repeated polls without handing out another task', async () => {
    const list = `paged-${randomUUID()}`;
    const execution = await start(fx, undefined, { taskList: { name: list } });
    for (let i = 0; i < 3; i++) {
      await fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId, signalName: `s${i}` }));
    }
    const other = await start(fx, undefined, { taskList: { name: list } });
    const poll = (extra: Record<string, unknown>) => pollDecision(fx, { taskList: { name: list }, maximumPageSize: 2, ...extra });
    // History: Started, Scheduled, 3 signals, Started = 6 events.
    const first = await poll({});
    expect(first.workflowExecution).toEqual(execution);
    expect(first.startedEventId).toBe(6);
    const ids = first.events!.map((event) => event.eventId);
    let token = first.nextPageToken;
    while (token) {
      const page = await poll({ nextPageToken: token });
      expect(page.taskToken).toBe(first.taskToken);
      expect(page.workflowExecution).toEqual(execution);
      ids.push(...page.events!.map((event) => event.eventId));
      token = page.nextPageToken;
    }
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
    const pendingCount = await fx.swf.send(new CountPendingDecisionTasksCommand({ domain: fx.domain, taskList: { name: list } }));
    expect(pendingCount.count).toBe(1); // the other execution's task was not handed out by the page calls

    await decide(fx, first.taskToken!, []);
    const second = await poll({ reverseOrder: true, maximumPageSize: 3 });
    expect(second.workflowExecution).toEqual(other);
    expect(second.events!.map((event) => event.eventId)).toEqual([3, 2, 1]);
    await decide(fx, second.taskToken!, []);

    await fx.swf.send(new SignalWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId, signalName: 'more' }));
    const third = await poll({ startAtPreviousStartedEvent: true, maximumPageSize: 100 });
    expect(third.previousStartedEventId).toBe(6);
    expect(third.events!.map((event) => event.eventId)).toEqual([6, 7, 8, 9, 10]);
    expect(types(third.events)).toEqual(['DecisionTaskStarted', 'DecisionTaskCompleted', 'WorkflowExecutionSignaled', 'DecisionTaskScheduled', 'DecisionTaskStarted']);
    const history = await fx.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: fx.domain, execution }));
    expect(history.events).toHaveLength(10);
  });
});

describe('swf-local long polls (short hold)', () => {
  const fx = useFixture({ longPollTimeoutMs: 500 });

  it('answers an empty task token when nothing is scheduled within the hold time', async () => {
    const begun = Date.now();
    const [decision, activity] = await Promise.all([pollDecision(fx), pollActivity(fx)]);
    expect(Date.now() - begun).toBeGreaterThanOrEqual(450);
    expect(decision.taskToken).toBe('');
    expect(decision.events ?? []).toEqual([]);
    expect(activity.taskToken).toBe('');
  });

  it('answers UnknownResourceFault for a poll on an unknown domain', async () => {
    await expect(pollDecision({ ...fx, domain: 'no-such-domain' })).rejects.toMatchObject({ name: 'UnknownResourceFault' });
  });
});

describe('swf-local close', () => {
  it('ends pending long polls so the process can exit promptly', async () => {
    const local = await startLocalSwf();
    const fx = await registerFixture(local.swf);
    const polling = pollDecision(fx).then(
      (task) => task.taskToken,
      () => 'connection closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const begun = Date.now();
    await local.stop();
    expect(Date.now() - begun).toBeLessThan(1000);
    expect(await polling).not.toMatch(/.+==?$/); // no task was handed out
  });
});
