/**
 * swf-local restart benchmark, as an operator meets it after a crash:
 *
 *   npm run bench:restart                              three cases: 100k open, 100k closed, 50k open + 50k closed
 *   npm run bench:restart -- --open N --closed M       one case
 *   BENCH_KEEP=1 ...                                   keeps the data directories (then `--restart <dir> --open N`)
 *
 * Each case fills a fresh data directory in a child process (every execution started, so a decision task is
 * scheduled and its start-to-close deadline is pending; closed ones are then terminated), kills that process with
 * SIGKILL (no clean close), and restarts swf-local on the directory in another fresh process. It prints the time from
 * that process's start to its first answered request, the time until every open execution's tasks were queued and
 * deadlines armed, the CPU used until the first answer, the peak RSS, and the size of the files on disk.
 * Exits 1 when a restart answers after the 2 s budget.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSwfLocal } from '../lib/swf-local';
import { rawBulk, rawOk } from '../test/swf-local/wire';

const RESTART_BUDGET_MS = 2_000;
const DEFAULT_CASES: Array<{ open: number; closed: number }> = [
  { open: 100_000, closed: 0 },
  { open: 0, closed: 100_000 },
  { open: 50_000, closed: 50_000 },
];
/** What a restarted process measured (see `restartOnce`). */
interface Restart {
  /** From the process's start to its first answered request. */
  answeredMs: number;
  /** From opening the data directory to the first answer. */
  openToAnswerMs: number;
  /** From the process's start until every open execution's tasks were queued and deadlines armed. */
  restoredMs: number;
  cpuMs: number;
  rssMb: number;
  pendingDecisionTasks: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === 'fill') return fillAndCrash(args.dir!, args.open, args.closed);
  if (args.mode === 'restart-child') return restartOnce(args.dir!, args.open);
  process.stdout.write(`load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} (${process.platform}, node ${process.version})\n`);
  if (args.mode === 'restart') return report(args.open, args.closed, args.dir!);
  const cases = args.open || args.closed ? [{ open: args.open, closed: args.closed }] : DEFAULT_CASES;
  for (const { open, closed } of cases) {
    const dataDir = mkdtempSync(join(tmpdir(), 'swf-local-bench-restart-'));
    try {
      const fill = child(['--fill', dataDir, '--open', String(open), '--closed', String(closed)]);
      if (fill.signal !== 'SIGKILL') throw new Error(`the filling process ended with ${fill.status ?? fill.signal}, not SIGKILL`);
      report(open, closed, dataDir);
    } finally {
      if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
      else process.stderr.write(`kept ${dataDir}\n`);
    }
  }
}

function report(open: number, closed: number, dataDir: string): void {
  // A fresh process, as after a crash or a reboot: nothing cached, memory measured on its own.
  const run = child(['--restart-child', dataDir, '--open', String(open)]);
  if (run.status !== 0) throw new Error(`restart failed (${run.status ?? run.signal})`);
  const r = JSON.parse(run.stdout) as Restart;
  if (r.pendingDecisionTasks !== open) throw new Error(`after the restart ${r.pendingDecisionTasks} decision tasks are pending, expected ${open}`);
  const verdict = r.answeredMs <= RESTART_BUDGET_MS ? 'within' : 'OVER';
  process.stdout.write(
    `${count(open)} open + ${count(closed)} closed executions (${describeFiles(dataDir)}), restart after kill -9:\n` +
      `  answering ${ms(r.answeredMs)} after the process started (${verdict} the ${RESTART_BUDGET_MS} ms budget; ` +
      `${ms(r.openToAnswerMs)} from opening the data directory; ${ms(r.cpuMs)} of CPU)\n` +
      `  every open execution's tasks queued and deadlines armed ${ms(r.restoredMs)} after the start; peak RSS ${r.rssMb} MB\n`,
  );
  if (r.answeredMs > RESTART_BUDGET_MS) process.exitCode = 1;
}

function child(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', __filename, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024,
  });
}

/** In a child: fills the directory, then dies by SIGKILL, as a crashed swf-local would (nothing closed or flushed). */
async function fillAndCrash(dataDir: string, open: number, closed: number): Promise<void> {
  const local = await startSwfLocal({ dataDir, log: () => undefined });
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
  const total = open + closed;
  const batch = 10_000;
  for (let from = 0; from < total; from += batch) {
    const size = Math.min(batch, total - from);
    const body = (i: number) => ({ domain: 'bench', workflowId: `wf-${from + i}`, workflowType: { name: 'wf', version: '1' } });
    await rawBulk(endpoint, 'StartWorkflowExecution', size, body);
    // The first `closed` executions are terminated; the rest stay open.
    const terminate = Math.max(0, Math.min(size, closed - from));
    if (terminate) await rawBulk(endpoint, 'TerminateWorkflowExecution', terminate, (i) => ({ domain: 'bench', workflowId: `wf-${from + i}`, reason: 'bench' }));
    process.stderr.write(`\rfilled ${count(from + size)} / ${count(total)} executions`);
  }
  process.stderr.write(` in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  process.kill(process.pid, 'SIGKILL');
}

/**
 * In a child: opens the data directory and waits for the first answer; then waits until every open execution was
 * restored (swf-local logs it) and counts the pending decision tasks. Prints a `Restart` as JSON.
 */
async function restartOnce(dataDir: string, open: number): Promise<void> {
  let restoredMs: number | undefined;
  let onRestored: () => void = () => undefined;
  const restored = new Promise<void>((resolve) => (onRestored = resolve));
  const log = (line: string) => {
    if (/open executions restored/.test(line)) {
      restoredMs = performance.now();
      onRestored();
    }
    process.stderr.write(line + '\n');
  };
  const opening = performance.now();
  const local = await startSwfLocal({ dataDir, log });
  await rawOk(local.endpoint, 'DescribeDomain', { name: 'bench' });
  // performance.now() counts from the process's start: what an operator waits after running the command.
  const answeredMs = performance.now();
  const used = process.cpuUsage();
  const cpuMs = (used.user + used.system) / 1000;
  if (open > 0) await restored;
  const pending = await rawOk(local.endpoint, 'CountPendingDecisionTasks', { domain: 'bench', taskList: { name: 'tl' } });
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  await local.close();
  const result: Restart = {
    answeredMs,
    openToAnswerMs: answeredMs - opening,
    restoredMs: restoredMs ?? answeredMs,
    cpuMs,
    rssMb,
    pendingDecisionTasks: Number(pending.json.count),
  };
  process.stdout.write(JSON.stringify(result));
}

function parseArgs(argv: string[]): { mode: 'cases' | 'fill' | 'restart' | 'restart-child'; dir?: string; open: number; closed: number } {
  const usage = 'usage: bench-restart [--open N] [--closed M] | --restart <kept dir> --open N';
  let mode: 'cases' | 'fill' | 'restart' | 'restart-child' = 'cases';
  let dir: string | undefined;
  let open = 0;
  let closed = 0;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value; ${usage}`);
    if (flag === '--fill' || flag === '--restart' || flag === '--restart-child') {
      mode = flag.slice(2) as typeof mode;
      dir = value;
    } else if (flag === '--open' || flag === '--closed') {
      const n = Number(value);
      if (!/^\d+$/.test(value)) throw new Error(`${flag} expects a whole number of executions, got ${value}; ${usage}`);
      if (flag === '--open') open = n;
      else closed = n;
    } else throw new Error(`unknown argument ${flag}; ${usage}`);
  }
  return { mode, dir, open, closed };
}

function describeFiles(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith('.json') || name.endsWith('.jsonl'))
    .map((name) => `${name} ${(statSync(join(dataDir, name)).size / 1024 / 1024).toFixed(1)} MB`)
    .join(', ');
}

function count(n: number): string {
  return n.toLocaleString('en');
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-restart: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
