import { CountOpenWorkflowExecutionsCommand, GetWorkflowExecutionHistoryCommand, ListOpenWorkflowExecutionsCommand, SignalWorkflowExecutionCommand, SWFClient } from '@aws-sdk/client-swf';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';
import { rawBulk, rawOk } from './wire';

const MB = 1024 * 1024;

function files(dataDir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(dataDir).map((name) => [name, statSync(join(dataDir, name)).size]));
}

async function runIdOf(swf: SWFClient, workflowId: string): Promise<string> {
  const listed = await swf.send(
    new ListOpenWorkflowExecutionsCommand({ domain: 'big', startTimeFilter: { oldestDate: new Date(0) }, executionFilter: { workflowId } }),
  );
  return listed.executionInfos![0].execution!.runId!;
}

async function eventTypes(swf: SWFClient, workflowId: string): Promise<string[]> {
  const execution = { workflowId, runId: await runIdOf(swf, workflowId) };
  const history = await swf.send(new GetWorkflowExecutionHistoryCommand({ domain: 'big', execution }));
  return history.events!.map((event) => event.eventType!);
}

describe('swf-local compaction and restart from the snapshot', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'swf-local-compaction-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the journal within a small multiple of the state, and restarts from the snapshot with nothing lost', async () => {
    const first = await startLocalSwf({ dataDir });
    const input = 'i'.repeat(30_000);
    try {
      await rawOk(first.server.endpoint, 'RegisterDomain', { name: 'big', workflowExecutionRetentionPeriodInDays: '1' });
      await rawOk(first.server.endpoint, 'RegisterWorkflowType', {
        domain: 'big',
        name: 'wf',
        version: '1',
        defaultTaskList: { name: 'tl' },
        defaultExecutionStartToCloseTimeout: '3600',
        defaultTaskStartToCloseTimeout: '60',
        defaultChildPolicy: 'TERMINATE',
      });
      // ~30 KB of journal per execution: well past the 8 MB at which the journal is first compacted.
      await rawBulk(first.server.endpoint, 'StartWorkflowExecution', 400, (i) => ({ domain: 'big', workflowId: `wf-${i}`, workflowType: { name: 'wf', version: '1' }, input }), 8);
    } finally {
      await first.stop();
    }
    const sizes = files(dataDir);
    const journal = Object.keys(sizes).find((name) => /^journal-\d+\.jsonl$/.test(name))!;
    expect(journal).not.toBe('journal-0.jsonl'); // compacted at least once
    expect(sizes['snapshot.json']).toBeGreaterThan(6 * MB);
    expect(sizes[journal]).toBeLessThanOrEqual(Math.max(8 * MB, sizes['snapshot.json'] / 4) + MB);

    // Records come back from the snapshot, and one read from it takes new history events as before.
    const second = await startLocalSwf({ dataDir });
    try {
      await second.swf.send(new SignalWorkflowExecutionCommand({ domain: 'big', workflowId: 'wf-3', signalName: 'poke' }));
      expect(await eventTypes(second.swf, 'wf-3')).toEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled', 'WorkflowExecutionSignaled']);
    } finally {
      await second.stop();
    }
    const third = await startLocalSwf({ dataDir });
    try {
      expect(await eventTypes(third.swf, 'wf-3')).toEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled', 'WorkflowExecutionSignaled']);
      const last = { workflowId: 'wf-399', runId: await runIdOf(third.swf, 'wf-399') };
      const history = await third.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: 'big', execution: last }));
      expect(history.events![0].workflowExecutionStartedEventAttributes!.input).toBe(input);
      const open = await third.swf.send(new CountOpenWorkflowExecutionsCommand({ domain: 'big', startTimeFilter: { oldestDate: new Date(0) } }));
      expect(open.count).toBe(400);
    } finally {
      await third.stop();
    }
  });
});
