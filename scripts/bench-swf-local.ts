/**
 * swf-local benchmark: `npm run bench:local`.
 *
 * Prints Register and Describe calls per second (through the real SDK and as raw HTTP, in memory and with a data
 * directory, where every acknowledged write is fsynced), List latency with 10,000 types in a domain, and the long-poll wake-up latency
 * (StartWorkflowExecution sent -> waiting PollForDecisionTask answered). Client and server share this one Node process, so the
 * figures are a floor for what a separate `cdk-swf local` process serves.
 */
// The SDK warns on every client under Node 20, which this package supports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import {
  DescribeActivityTypeCommand,
  ListActivityTypesCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSwfClient } from '../lib/common/swf-client';
import { startSwfLocal, SwfLocal } from '../lib/swf-local';
import { rawBulk, rawOk } from '../test/swf-local/wire';

const CONCURRENCY = 16;
const CALLS = 2_000;
const LIST_TYPES = 10_000;
const WAKE_UPS = 20;

async function main(): Promise<void> {
  process.stdout.write(`swf-local benchmark (Node ${process.version}, ${CONCURRENCY} concurrent SDK calls)\n\n`);
  await throughput('memory');
  const dataDir = mkdtempSync(join(tmpdir(), 'swf-local-bench-'));
  try {
    await throughput('data dir', dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  await listLatency();
  await wakeUpLatency();
}

async function throughput(label: string, dataDir?: string): Promise<void> {
  await withLocal({ dataDir }, async (local, swf) => {
    await swf.send(new RegisterDomainCommand({ name: 'bench', workflowExecutionRetentionPeriodInDays: '1' }));
    const sdkRegister = await rate(CALLS, (i) =>
      swf.send(new RegisterActivityTypeCommand({ domain: 'bench', name: 'sdk', version: String(i), defaultTaskList: { name: 'tl' } })),
    );
    const sdkDescribe = await rate(CALLS, (i) =>
      swf.send(new DescribeActivityTypeCommand({ domain: 'bench', activityType: { name: 'sdk', version: String(i) } })),
    );
    // The same calls without the SDK's signing and parsing: what the server itself sustains.
    const rawRegister = await rate(CALLS, (i) =>
      rawOk(local.endpoint, 'RegisterActivityType', { domain: 'bench', name: 'raw', version: String(i), defaultTaskList: { name: 'tl' } }),
    );
    const rawDescribe = await rate(CALLS, (i) =>
      rawOk(local.endpoint, 'DescribeActivityType', { domain: 'bench', activityType: { name: 'raw', version: String(i) } }),
    );
    const cell = (n: number) => `${n.toFixed(0).padStart(6)}/s`;
    process.stdout.write(
      `${label.padEnd(9)} Register ${cell(sdkRegister)} (SDK) ${cell(rawRegister)} (raw HTTP)   ` +
        `Describe ${cell(sdkDescribe)} (SDK) ${cell(rawDescribe)} (raw HTTP)\n`,
    );
  });
}

async function listLatency(): Promise<void> {
  await withLocal({}, async (local, swf) => {
    await swf.send(new RegisterDomainCommand({ name: 'big', workflowExecutionRetentionPeriodInDays: '1' }));
    // Filling is not what is measured: raw calls avoid the SDK's per-call signing cost.
    await rawBulk(
      local.endpoint,
      'RegisterActivityType',
      LIST_TYPES,
      (i) => ({ domain: 'big', name: `type-${i % 100}`, version: String(i) }),
      CONCURRENCY,
    );
    const firstPage: number[] = [];
    const fullWalk: number[] = [];
    for (let round = 0; round < 10; round++) {
      let started = performance.now();
      let page = await swf.send(new ListActivityTypesCommand({ domain: 'big', registrationStatus: 'REGISTERED', maximumPageSize: 100 }));
      firstPage.push(performance.now() - started);
      started = performance.now();
      let count = 0;
      let nextPageToken: string | undefined;
      do {
        page = await swf.send(new ListActivityTypesCommand({ domain: 'big', registrationStatus: 'REGISTERED', nextPageToken }));
        count += page.typeInfos!.length;
        nextPageToken = page.nextPageToken;
      } while (nextPageToken);
      fullWalk.push(performance.now() - started);
      if (count !== LIST_TYPES) throw new Error(`listed ${count} types, expected ${LIST_TYPES}`);
    }
    process.stdout.write(
      `\nListActivityTypes over ${LIST_TYPES} types: page of 100 p50 ${ms(percentile(firstPage, 50))} p95 ${ms(percentile(firstPage, 95))}; ` +
        `all 10 pages of 1000 p50 ${ms(percentile(fullWalk, 50))} p95 ${ms(percentile(fullWalk, 95))}\n`,
    );
  });
}

async function wakeUpLatency(): Promise<void> {
  await withLocal({}, async (_local, swf) => {
    await swf.send(new RegisterDomainCommand({ name: 'poll', workflowExecutionRetentionPeriodInDays: '1' }));
    await swf.send(
      new RegisterWorkflowTypeCommand({
        domain: 'poll',
        name: 'wf',
        version: '1',
        defaultTaskList: { name: 'deciders' },
        defaultExecutionStartToCloseTimeout: '600',
        defaultTaskStartToCloseTimeout: '60',
        defaultChildPolicy: 'TERMINATE',
      }),
    );
    const latencies: number[] = [];
    let scheduledAt = 0;
    try {
      for (let i = 0; i < WAKE_UPS; i++) {
        const poll = swf.send(new PollForDecisionTaskCommand({ domain: 'poll', taskList: { name: 'deciders' }, identity: 'bench' }));
        await new Promise((resolve) => setTimeout(resolve, 20)); // let the poll arrive and park first
        scheduledAt = performance.now();
        await swf.send(new StartWorkflowExecutionCommand({ domain: 'poll', workflowId: `wf-${i}`, workflowType: { name: 'wf', version: '1' } }));
        const task = await poll;
        if (!task.taskToken) throw new Error('the poll came back empty');
        latencies.push(performance.now() - scheduledAt);
      }
    } catch (err) {
      if ((err as Error).name === 'UnknownOperationException') {
        process.stdout.write('\nLong-poll wake-up latency: skipped (the data plane does not implement these operations yet)\n');
        return;
      }
      throw err;
    }
    process.stdout.write(
      `\nLong-poll wake-up (StartWorkflowExecution sent -> waiting PollForDecisionTask answered), ${WAKE_UPS} runs: ` +
        `p50 ${ms(percentile(latencies, 50))} p95 ${ms(percentile(latencies, 95))} max ${ms(Math.max(...latencies))}\n`,
    );
  });
}

async function withLocal(options: { dataDir?: string }, body: (local: SwfLocal, swf: SWFClient) => Promise<void>): Promise<void> {
  const local = await startSwfLocal({ log: () => undefined, ...options });
  const swf = createSwfClient({ region: 'us-east-1', endpointUrl: local.endpoint, maxAttempts: 1 });
  swf.config.credentials = async () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' });
  try {
    await body(local, swf);
  } finally {
    swf.destroy();
    await local.close();
  }
}

/** Calls per second for `count` calls, CONCURRENCY at a time. */
async function rate(count: number, call: (index: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await runPool(count, call);
  return count / ((performance.now() - started) / 1000);
}

async function runPool(count: number, call: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await call(next++);
    }),
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-swf-local: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
