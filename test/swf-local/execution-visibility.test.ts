import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  CountPendingActivityTasksCommand,
  ListClosedWorkflowExecutionsCommand,
  ListClosedWorkflowExecutionsCommandInput,
  ListOpenWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommandInput,
  RegisterWorkflowTypeCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextDecision, start, useFixture } from './data-plane-fixtures';

describe('swf-local execution visibility (List/Count)', () => {
  const fx = useFixture({ longPollTimeoutMs: 2000 });
  const since = { oldestDate: new Date(0) };
  let t0: Date;
  const ids: Record<string, { workflowId: string; runId: string }> = {};
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

  beforeAll(async () => {
    await fx.swf.send(
      new RegisterWorkflowTypeCommand({
        domain: fx.domain,
        name: 'Refund',
        version: '2',
        defaultTaskList: { name: fx.taskList },
        defaultExecutionStartToCloseTimeout: '600',
        defaultTaskStartToCloseTimeout: '30',
        defaultChildPolicy: 'ABANDON',
      }),
    );
    t0 = new Date();
    ids.open1 = await start(fx, 'open-1', { tagList: ['vip', 'eu'] });
    await pause();
    ids.open2 = await start(fx, 'open-2', { workflowType: { name: 'Refund', version: '2' } });
    await pause();
    ids.done = await start(fx, 'done');
    await pause();
    ids.killed = await start(fx, 'killed', { tagList: ['vip'] });
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: 'killed' }));
    // The decision tasks are handed out oldest first: open-1, open-2, then done, which completes.
    await nextDecision(fx);
    await nextDecision(fx);
    await nextDecision(fx, [{ decisionType: 'CompleteWorkflowExecution' }]);
  });

  const listOpen = async (input: Partial<ListOpenWorkflowExecutionsCommandInput>) =>
    (await fx.swf.send(new ListOpenWorkflowExecutionsCommand({ domain: fx.domain, startTimeFilter: since, ...input })))
      .executionInfos!.map((info) => info.execution!.workflowId);
  const listClosed = async (input: Partial<ListClosedWorkflowExecutionsCommandInput>) =>
    (await fx.swf.send(new ListClosedWorkflowExecutionsCommand({ domain: fx.domain, ...input }))).executionInfos!.map(
      (info) => info.execution!.workflowId,
    );

  it('lists open executions newest first, with each filter', async () => {
    expect(await listOpen({})).toEqual(['open-2', 'open-1']);
    expect(await listOpen({ reverseOrder: true })).toEqual(['open-1', 'open-2']);
    expect(await listOpen({ executionFilter: { workflowId: 'open-1' } })).toEqual(['open-1']);
    expect(await listOpen({ typeFilter: { name: 'Refund' } })).toEqual(['open-2']);
    expect(await listOpen({ typeFilter: { name: 'Refund', version: '1' } })).toEqual([]);
    expect(await listOpen({ tagFilter: { tag: 'vip' } })).toEqual(['open-1']);
    expect(await listOpen({ startTimeFilter: { oldestDate: new Date(0), latestDate: new Date(t0.getTime() - 1000) } })).toEqual([]);
    const info = (await fx.swf.send(new ListOpenWorkflowExecutionsCommand({ domain: fx.domain, startTimeFilter: since, tagFilter: { tag: 'eu' } })))
      .executionInfos![0];
    expect(info).toMatchObject({
      execution: ids.open1,
      workflowType: fx.workflowType,
      executionStatus: 'OPEN',
      tagList: ['vip', 'eu'],
      cancelRequested: false,
    });
    expect(info.startTimestamp).toBeInstanceOf(Date);
  });

  it('lists closed executions by start or close time, and by close status', async () => {
    expect(await listClosed({ startTimeFilter: since })).toEqual(['killed', 'done']);
    // By close time: done closed after killed.
    expect(await listClosed({ closeTimeFilter: since })).toEqual(['done', 'killed']);
    expect(await listClosed({ startTimeFilter: since, closeStatusFilter: { status: 'TERMINATED' } })).toEqual(['killed']);
    expect(await listClosed({ closeTimeFilter: since, closeStatusFilter: { status: 'COMPLETED' } })).toEqual(['done']);
    expect(await listClosed({ startTimeFilter: since, tagFilter: { tag: 'vip' } })).toEqual(['killed']);
    const info = (await fx.swf.send(new ListClosedWorkflowExecutionsCommand({ domain: fx.domain, startTimeFilter: since, executionFilter: { workflowId: 'done' } })))
      .executionInfos![0];
    expect(info).toMatchObject({ execution: ids.done, executionStatus: 'CLOSED', closeStatus: 'COMPLETED' });
    expect(info.closeTimestamp).toBeInstanceOf(Date);
  });

  it('pages results with maximumPageSize and nextPageToken', async () => {
    const seen: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await fx.swf.send(
        new ListClosedWorkflowExecutionsCommand({ domain: fx.domain, startTimeFilter: since, maximumPageSize: 1, nextPageToken }),
      );
      seen.push(...page.executionInfos!.map((info) => info.execution!.workflowId!));
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
    expect(seen).toEqual(['killed', 'done']);
  });

  it('rejects filter combinations SWF rejects', async () => {
    await expect(listOpen({ tagFilter: { tag: 'vip' }, typeFilter: { name: 'Order' } })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(listClosed({})).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(listClosed({ startTimeFilter: since, closeTimeFilter: since })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(listClosed({ startTimeFilter: since, closeStatusFilter: { status: 'FAILED' }, tagFilter: { tag: 'x' } })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(listOpen({ domain: 'no-such-domain' })).rejects.toMatchObject({ name: 'UnknownResourceFault' });
  });

  it('counts open and closed executions with the same filters', async () => {
    const open = await fx.swf.send(new CountOpenWorkflowExecutionsCommand({ domain: fx.domain, startTimeFilter: since }));
    expect(open).toMatchObject({ count: 2, truncated: false });
    const vip = await fx.swf.send(new CountOpenWorkflowExecutionsCommand({ domain: fx.domain, startTimeFilter: since, tagFilter: { tag: 'vip' } }));
    expect(vip.count).toBe(1);
    const closed = await fx.swf.send(
      new CountClosedWorkflowExecutionsCommand({ domain: fx.domain, closeTimeFilter: since, closeStatusFilter: { status: 'TERMINATED' } }),
    );
    expect(closed.count).toBe(1);
  });

  it('counts pending activity tasks on a task list', async () => {
    const list = 'count-me';
    const execution = await start(fx, 'counting');
    await nextDecision(fx, [
      { decisionType: 'ScheduleActivityTask', scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'a', taskList: { name: list } } },
      { decisionType: 'ScheduleActivityTask', scheduleActivityTaskDecisionAttributes: { activityType: fx.activityType, activityId: 'b', taskList: { name: list } } },
    ]);
    const count = () => fx.swf.send(new CountPendingActivityTasksCommand({ domain: fx.domain, taskList: { name: list } }));
    expect(await count()).toMatchObject({ count: 2, truncated: false });
    await fx.swf.send(new TerminateWorkflowExecutionCommand({ domain: fx.domain, workflowId: execution.workflowId }));
    expect((await count()).count).toBe(0);
    expect((await fx.swf.send(new CountPendingActivityTasksCommand({ domain: fx.domain, taskList: { name: 'never-used' } }))).count).toBe(0);
  });
});
