import {
  DeprecateWorkflowTypeCommand,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SignalWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';
import { runCli, runJson, useLocalAwsEnvironment } from './support/run-cli';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;
let local: Local;
let endpoint: string[];
const domain = ['--domain', 'orders'];

interface Started {
  domain: string;
  workflowId: string;
  runId: string;
}

interface Listed {
  workflowId: string;
  runId: string;
  status: string;
  closeStatus?: string;
  tagList?: string[];
  workflowType: { name: string; version: string };
  startTimestamp: string;
}

beforeAll(async () => {
  useLocalAwsEnvironment();
  local = await startLocalSwf({ longPollTimeoutMs: 500 });
  endpoint = ['--endpoint-url', local.server.endpoint];
  const swf = local.swf;
  await swf.send(new RegisterDomainCommand({ name: 'orders', workflowExecutionRetentionPeriodInDays: '1' }));
  const withDefaults = {
    defaultTaskList: { name: 'orders-decisions' },
    defaultExecutionStartToCloseTimeout: '3600',
    defaultTaskStartToCloseTimeout: '30',
    defaultChildPolicy: 'TERMINATE' as const,
  };
  await swf.send(new RegisterWorkflowTypeCommand({ domain: 'orders', name: 'ProcessOrder', version: '1', ...withDefaults }));
  await swf.send(new RegisterWorkflowTypeCommand({ domain: 'orders', name: 'Refund', version: '1', ...withDefaults }));
  await swf.send(new RegisterWorkflowTypeCommand({ domain: 'orders', name: 'Old', version: '1', ...withDefaults }));
  await swf.send(new DeprecateWorkflowTypeCommand({ domain: 'orders', workflowType: { name: 'Old', version: '1' } }));
  await swf.send(new RegisterWorkflowTypeCommand({ domain: 'orders', name: 'Bare', version: '1' }));
});

afterAll(async () => {
  await local?.stop();
});

const start = (...args: string[]) => runJson<Started>('executions', 'start', ...domain, '--type', 'ProcessOrder', '--type-version', '1', ...args, ...endpoint);

describe('executions start', () => {
  it('starts with a generated workflow id and the given input, tags and overrides', async () => {
    const started = await start('--input', '{"orderId":42}', '--tag', 'vip', '--tag', 'eu', '--task-list', 'rush', '--execution-timeout', '600', '--child-policy', 'abandon');
    expect(started.domain).toBe('orders');
    expect(started.workflowId).toMatch(/^ProcessOrder-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(started.runId).toBeTruthy();

    const described = await local.swf.send(new DescribeWorkflowExecutionCommand({ domain: 'orders', execution: started }));
    expect(described.executionInfo?.tagList).toEqual(['vip', 'eu']);
    expect(described.executionConfiguration).toMatchObject({ taskList: { name: 'rush' }, executionStartToCloseTimeout: '600', childPolicy: 'ABANDON' });
    const history = await local.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: 'orders', execution: started }));
    expect(history.events?.[0].workflowExecutionStartedEventAttributes?.input).toBe('{"orderId":42}');
  });

  it('prints the workflow id and run id for people', async () => {
    const result = await runCli('executions', 'start', ...domain, '--type', 'ProcessOrder', '--type-version', '1', '--id', 'order-table', ...endpoint);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^workflowId\s+order-table$/m);
    expect(result.stdout).toMatch(/^runId\s+\S+$/m);
  });

  it('explains SWF faults in one line', async () => {
    await start('--id', 'order-dup');
    const duplicate = await runCli('executions', 'start', ...domain, '--type', 'ProcessOrder', '--type-version', '1', '--id', 'order-dup', ...endpoint);
    expect(duplicate).toMatchObject({
      code: 1,
      stderr: "cdk-swf: an execution with workflow id 'order-dup' is already open in domain 'orders': choose another --id, or wait for it to close\n",
    });

    const deprecated = await runCli('executions', 'start', ...domain, '--type', 'Old', '--type-version', '1', ...endpoint);
    expect(deprecated.stderr).toBe("cdk-swf: workflow type 'Old' version '1' is deprecated in domain 'orders': register a new version or undeprecate it\n");

    const unknownType = await runCli('executions', 'start', ...domain, '--type', 'Nope', '--type-version', '1', ...endpoint);
    expect(unknownType.stderr).toBe("cdk-swf: unknown workflow type 'Nope' version '1' in domain 'orders'\n");

    const noDefaults = await runCli('executions', 'start', ...domain, '--type', 'Bare', '--type-version', '1', ...endpoint);
    expect(noDefaults).toMatchObject({ code: 1, stderr: "cdk-swf: workflow type 'Bare' version '1' has no default task list: pass --task-list\n" });

    const unknownDomain = await runCli('executions', 'start', '--domain', 'nope', '--type', 'ProcessOrder', '--type-version', '1', ...endpoint);
    expect(unknownDomain.stderr).toBe("cdk-swf: unknown domain 'nope'\n");
  });

  it('rejects bad flags before calling SWF, with the help', async () => {
    const tooManyTags = await runCli('executions', 'start', ...domain, '--type', 'ProcessOrder', '--type-version', '1', ...['a', 'b', 'c', 'd', 'e', 'f'].flatMap((t) => ['--tag', t]), ...endpoint);
    expect(tooManyTags.code).toBe(1);
    expect(tooManyTags.stderr).toContain('SWF allows at most 5 tags per execution.');
    expect(tooManyTags.stderr).toContain('Usage: cdk-swf executions start');

    const both = await runCli('executions', 'start', ...domain, '--type', 'ProcessOrder', '--type-version', '1', '--input', '{}', '--input-file', 'x.json', ...endpoint);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("option '--input <text>' cannot be used with option '--input-file <file>'");

    const badTimeout = await runCli('executions', 'start', ...domain, '--type', 'ProcessOrder', '--type-version', '1', '--execution-timeout', '10m', ...endpoint);
    expect(badTimeout.stderr).toContain('Use a whole number of seconds, or NONE.');
  });
});

describe('signal, cancel and terminate', () => {
  it('act on the open run and say when the execution is not open', async () => {
    const { workflowId, runId } = await start('--id', 'order-ops');
    expect(await runJson('executions', 'signal', ...domain, '--id', workflowId, '--signal', 'addressChanged', '--input', '{"zip":"10115"}', ...endpoint)).toEqual({
      domain: 'orders',
      workflowId,
      signalName: 'addressChanged',
    });
    const cancel = await runCli('executions', 'cancel', ...domain, '--id', workflowId, ...endpoint);
    expect(cancel).toMatchObject({ code: 0, stdout: "Cancellation requested for 'order-ops' in domain 'orders'.\n" });

    const history = await local.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: 'orders', execution: { workflowId, runId } }));
    const types = history.events?.map((e) => e.eventType);
    expect(types).toContain('WorkflowExecutionSignaled');
    expect(types).toContain('WorkflowExecutionCancelRequested');
    const signaled = history.events?.find((e) => e.eventType === 'WorkflowExecutionSignaled');
    expect(signaled?.workflowExecutionSignaledEventAttributes).toMatchObject({ signalName: 'addressChanged', input: '{"zip":"10115"}' });

    const terminated = await runCli('executions', 'terminate', ...domain, '--id', workflowId, '--reason', 'customer left', '--run-id', runId, ...endpoint);
    expect(terminated).toMatchObject({ code: 0, stdout: `Terminated 'order-ops' (run ${runId}) in domain 'orders'.\n` });
    const closed = await local.swf.send(new DescribeWorkflowExecutionCommand({ domain: 'orders', execution: { workflowId, runId } }));
    expect(closed.executionInfo?.closeStatus).toBe('TERMINATED');

    for (const command of [
      ['signal', '--signal', 'late'],
      ['cancel'],
      ['terminate'],
    ]) {
      const result = await runCli('executions', ...command, ...domain, '--id', workflowId, ...endpoint);
      expect(result).toMatchObject({ code: 1, stdout: '', stderr: "cdk-swf: execution 'order-ops' is not open in domain 'orders'\n" });
    }
  });
});

describe('executions list', () => {
  it('lists open executions by default and closed ones on request, with filters', async () => {
    const a = await runJson<Started>('executions', 'start', ...domain, '--type', 'Refund', '--type-version', '1', '--id', 'refund-a', '--tag', 'eu', ...endpoint);
    const b = await runJson<Started>('executions', 'start', ...domain, '--type', 'Refund', '--type-version', '1', '--id', 'refund-b', '--tag', 'us', ...endpoint);
    await runCli('executions', 'terminate', ...domain, '--id', 'refund-b', ...endpoint);

    const open = await runJson<Listed[]>('executions', 'list', ...domain, '--type', 'Refund', ...endpoint);
    expect(open.map((e) => e.workflowId)).toEqual(['refund-a']);
    expect(open[0]).toMatchObject({ runId: a.runId, status: 'OPEN', tagList: ['eu'], workflowType: { name: 'Refund', version: '1' } });
    expect(new Date(open[0].startTimestamp).toISOString()).toBe(open[0].startTimestamp);

    const closed = await runJson<Listed[]>('executions', 'list', ...domain, '--closed', '--type', 'Refund', ...endpoint);
    expect(closed).toMatchObject([{ workflowId: 'refund-b', runId: b.runId, status: 'TERMINATED', closeStatus: 'TERMINATED' }]);

    // SWF takes one filter per call: the others are applied by the CLI.
    const typeAndTag = await runJson<Listed[]>('executions', 'list', ...domain, '--type', 'Refund', '--tag', 'us', '--close-status', 'terminated', ...endpoint);
    expect(typeAndTag.map((e) => e.workflowId)).toEqual(['refund-b']);
    const none = await runJson<Listed[]>('executions', 'list', ...domain, '--closed', '--type', 'Refund', '--close-status', 'completed', ...endpoint);
    expect(none).toEqual([]);
    const future = await runJson<Listed[]>('executions', 'list', ...domain, '--type', 'Refund', '--since', '2999-01-01', ...endpoint);
    expect(future).toEqual([]);
  });

  it('prints a table and an explicit empty message', async () => {
    const table = await runCli('executions', 'list', ...domain, '--id', 'refund-a', ...endpoint);
    expect(table.stdout).toMatch(/^WORKFLOW ID\s+RUN ID\s+TYPE\s+STATUS\s+STARTED\s+CLOSED\s+DURATION\s+TAGS$/m);
    expect(table.stdout).toMatch(/^refund-a\s+\S+\s+Refund@1\s+OPEN\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\S+\s+eu$/m);
    const empty = await runCli('executions', 'list', ...domain, '--type', 'Nothing', ...endpoint);
    expect(empty.stdout).toBe("No open executions in domain 'orders'.\n");
  });

  it('refuses --open with --closed, and bad times, as usage errors', async () => {
    const both = await runCli('executions', 'list', ...domain, '--open', '--closed', ...endpoint);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("option '--open' cannot be used with option '--closed'");
    const badTime = await runCli('executions', 'list', ...domain, '--since', 'yesterday', ...endpoint);
    expect(badTime.code).toBe(1);
    expect(badTime.stderr).toContain('an age like 30m, 6h, 7d');
  });
});

describe('executions describe and history', () => {
  it('pick the latest run of a workflow id when no run id is given', async () => {
    const first = await start('--id', 'order-rerun');
    await runCli('executions', 'terminate', ...domain, '--id', 'order-rerun', ...endpoint);
    const second = await start('--id', 'order-rerun', '--input', 'second');
    await runCli('executions', 'terminate', ...domain, '--id', 'order-rerun', '--reason', 'done', ...endpoint);

    const described = await runJson<Record<string, any>>('executions', 'describe', ...domain, '--id', 'order-rerun', ...endpoint);
    expect(described.executionInfo.execution).toEqual({ workflowId: 'order-rerun', runId: second.runId });
    expect(described.executionInfo.closeStatus).toBe('TERMINATED');

    const history = await runJson<{ runId: string; events: Array<Record<string, any>> }>('executions', 'history', 'order-rerun', ...domain, ...endpoint);
    expect(history.runId).toBe(second.runId);
    expect(history.events[0].workflowExecutionStartedEventAttributes.input).toBe('second');
    expect(history.events.at(-1)?.eventType).toBe('WorkflowExecutionTerminated');

    const firstRun = await runJson<{ runId: string }>('executions', 'history', 'order-rerun', ...domain, '--run-id', first.runId, ...endpoint);
    expect(firstRun.runId).toBe(first.runId);

    // An open run wins over closed ones.
    const third = await start('--id', 'order-rerun');
    const open = await runJson<Record<string, any>>('executions', 'describe', ...domain, '--id', 'order-rerun', ...endpoint);
    expect(open.executionInfo).toMatchObject({ execution: { runId: third.runId }, executionStatus: 'OPEN' });
    expect(open.openCounts.openDecisionTasks).toBe(1);

    // A lone --id lists every run of that workflow id, open and closed, newest first.
    const runs = await runJson<Listed[]>('executions', 'list', ...domain, '--id', 'order-rerun', ...endpoint);
    expect(runs.map((r) => [r.runId, r.status])).toEqual([
      [third.runId, 'OPEN'],
      [second.runId, 'TERMINATED'],
      [first.runId, 'TERMINATED'],
    ]);
    const openOnly = await runJson<Listed[]>('executions', 'list', ...domain, '--id', 'order-rerun', '--open', ...endpoint);
    expect(openOnly.map((r) => r.runId)).toEqual([third.runId]);
    const all = await runJson<Listed[]>('executions', 'list', ...domain, '--all', '--type', 'ProcessOrder', ...endpoint);
    expect(all.filter((r) => r.workflowId === 'order-rerun')).toHaveLength(3);

    const table = await runCli('executions', 'describe', ...domain, '--id', 'order-rerun', ...endpoint);
    expect(table.stdout).toMatch(/^Status\s+OPEN$/m);
    expect(table.stdout).toMatch(/^Task list\s+orders-decisions$/m);
    expect(table.stdout).toMatch(/^Execution timeout\s+3600 s \(1h00m\)$/m);
  });

  it('say so when a workflow id has no run', async () => {
    const described = await runCli('executions', 'describe', ...domain, '--id', 'ghost', ...endpoint);
    expect(described.code).toBe(1);
    expect(described.stderr).toMatch(/^cdk-swf: no execution with workflow id 'ghost' in domain 'orders'/);
    const history = await runCli('executions', 'history', 'ghost', ...domain, '--run-id', 'no-such-run', ...endpoint);
    expect(history.stderr).toBe("cdk-swf: unknown execution 'ghost' (run no-such-run) in domain 'orders'\n");
    const byFlag = await runCli('executions', 'history', '--id', 'ghost', ...domain, ...endpoint);
    expect(byFlag.stderr).toMatch(/^cdk-swf: no execution with workflow id 'ghost' in domain 'orders'/);
    const noId = await runCli('executions', 'history', ...domain, ...endpoint);
    expect(noId.code).toBe(1);
    expect(noId.stderr).toContain('missing workflow id');
    expect(noId.stderr).toContain('Usage: cdk-swf executions history');
  });

  it('read every page of a history longer than one page', async () => {
    const { workflowId, runId } = await start('--id', 'order-chatty');
    const signals = 1_050;
    for (let i = 0; i < signals; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          local.swf.send(new SignalWorkflowExecutionCommand({ domain: 'orders', workflowId, runId, signalName: `tick-${i + j}` })),
        ),
      );
    }
    // SWF's largest page does not hold this history: the CLI has to follow nextPageToken.
    const firstPage = await local.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: 'orders', execution: { workflowId, runId }, maximumPageSize: 1000 }));
    expect(firstPage.nextPageToken).toBeTruthy();

    const history = await runJson<{ events: Array<{ eventId: number; eventType: string; eventTimestamp: string }> }>('executions', 'history', workflowId, ...domain, ...endpoint);
    expect(history.events.length).toBeGreaterThan(1_000);
    expect(history.events.map((e) => e.eventId)).toEqual(history.events.map((_, i) => i + 1));
    expect(history.events.filter((e) => e.eventType === 'WorkflowExecutionSignaled')).toHaveLength(signals);
    expect(history.events[0].eventTimestamp).toMatch(/Z$/);

    const reversed = await runJson<{ events: Array<{ eventId: number }> }>('executions', 'history', workflowId, ...domain, '--reverse', ...endpoint);
    expect(reversed.events[0].eventId).toBe(history.events.length);

    const table = await runCli('executions', 'history', workflowId, ...domain, ...endpoint);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`History of order-chatty (run ${runId}): ${history.events.length} events`);
    expect(lines[1]).toMatch(/^ID\s+TIME\s+EVENT\s+DETAILS$/);
    expect(lines).toHaveLength(history.events.length + 2);
    expect(table.stdout).toMatch(/^3\s+\S+ \S+\s+WorkflowExecutionSignaled\s+signalName=tick-\d+/m);
  });
});
