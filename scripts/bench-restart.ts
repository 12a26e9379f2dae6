/**
 * swf-local restart benchmark: `npm run bench:restart [-- <executions>]` (default 100,000).
 *
 * Fills a data directory the way start/terminate traffic does (each execution started, then terminated), stops
 * swf-local, and restarts it in a fresh process: prints the time from opening the data directory to answering the
 * first request (and the first query that reads every execution), that process's peak RSS, and the size of the
 * journal and snapshot on disk. BENCH_KEEP=1 keeps the directory (then `--restart <dir>` measures it again).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSwfLocal } from '../lib/swf-local';
import { rawBulk, rawOk } from '../test/swf-local/wire';

const RESTART_BUDGET_MS = 2_000;

async function main(): Promise<void> {
  if (process.argv[2] === '--restart') return restartOnce(process.argv[3]);
  const executions = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(executions) || executions < 1) throw new Error(`usage: bench-restart [executions], got ${process.argv[2]}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'swf-local-bench-restart-'));
  try {
    await fill(dataDir, executions);
    process.stdout.write(`data directory: ${describeFiles(dataDir)}\n`);
    // A fresh process, as after a crash or a reboot: nothing cached, memory measured on its own.
    const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--restart', dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.status !== 0) throw new Error(`restart failed (${run.status})`);
    const { ms, cpuMs, firstScanMs, rssMb } = JSON.parse(run.stdout) as { ms: number; cpuMs: number; firstScanMs: number; rssMb: number };
    const verdict = ms <= RESTART_BUDGET_MS ? 'within' : 'OVER';
    process.stdout.write(
      `restart with ${executions.toLocaleString('en')} executions: answering after ${ms.toFixed(0)} ms (${verdict} the ${RESTART_BUDGET_MS} ms budget; ` +
        `${cpuMs.toFixed(0)} ms of CPU); first query over every execution ${firstScanMs.toFixed(0)} ms; peak RSS ${rssMb} MB\n`,
    );
    if (ms > RESTART_BUDGET_MS) process.exitCode = 1;
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dataDir}\n`);
  }
}

async function fill(dataDir: string, executions: number): Promise<void> {
  const local = await startSwfLocal({ dataDir, log: () => undefined });
  try {
    const endpoint = local.endpoint;
    await rawOk(endpoint, 'RegisterDomain', { name: 'bench', workflowExecutionRetentionPeriodInDays: '1' });
    await rawOk(endpoint, 'RegisterWorkflowType', {
      domain: 'bench',
      name: 'wf',
      version: '1',
      defaultTaskList: { name: 'tl' },
      defaultExecutionStartToCloseTimeout: '3600',
      defaultTaskStartToCloseTimeout: '60',
      defaultChildPolicy: 'TERMINATE',
    });
    const started = performance.now();
    const batch = 10_000;
    for (let from = 0; from < executions; from += batch) {
      const count = Math.min(batch, executions - from);
      await rawBulk(endpoint, 'StartWorkflowExecution', count, (i) => ({ domain: 'bench', workflowId: `wf-${from + i}`, workflowType: { name: 'wf', version: '1' } }));
      await rawBulk(endpoint, 'TerminateWorkflowExecution', count, (i) => ({ domain: 'bench', workflowId: `wf-${from + i}`, reason: 'bench' }));
      process.stderr.write(`\rfilled ${(from + count).toLocaleString('en')} / ${executions.toLocaleString('en')} executions`);
    }
    process.stderr.write(` in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  } finally {
    await local.close();
  }
}

/**
 * In the child: open the data directory and answer a first request; then, separately, the first query that reads every
 * execution (closed ones are parsed when first used). Prints {ms, cpuMs, firstScanMs, rssMb}.
 */
async function restartOnce(dataDir: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const local = await startSwfLocal({ dataDir, log: (line) => process.stderr.write(line + '\n') });
  await rawOk(local.endpoint, 'DescribeDomain', { name: 'bench' });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const scanStarted = performance.now();
  const answer = await rawOk(local.endpoint, 'CountClosedWorkflowExecutions', { domain: 'bench', startTimeFilter: { oldestDate: 0 } });
  const firstScanMs = performance.now() - scanStarted;
  process.stderr.write(`restarted: ${String(answer.json.count)} closed executions\n`);
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  await local.close();
  process.stdout.write(JSON.stringify({ ms, cpuMs, firstScanMs, rssMb }));
}

function describeFiles(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith('.json') || name.endsWith('.jsonl'))
    .map((name) => `${name} ${(statSync(join(dataDir, name)).size / 1024 / 1024).toFixed(1)} MB`)
    .join(', ');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-restart: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
