/**
 * swf-local restart benchmark, as an operator meets it after a crash:
 *
 *   npm run bench:restart                              three cases: 100k open, 100k closed, 50k open + 50k closed
 *   npm run bench:restart -- --open N --closed M       one case
 *   BENCH_KEEP=1 ...                                   keeps the data directories (then `--restart <dir> --open N`)
 *
 * Each case fills a fresh data directory in a child process (every execution started, so a decision task is
 * scheduled and the execution's start-to-close deadline is pending; closed ones are then terminated), kills that
 * process with SIGKILL (no clean close), and runs `cdk-swf local --data-dir` on the directory in a fresh process. It
 * prints the time from spawning that process to its first answered request (what an operator waits for), the time
 * until every open execution's tasks were queued and deadlines armed, the CPU each took, the peak RSS, and the size of
 * the files on disk. Exits 1 when a restart answers after the 2 s budget. Wall times depend on what else the machine
 * runs: the load average is printed with them.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { buildSync } from 'esbuild';
import { startSwfLocal } from '../lib/swf-local';
import { rawBulk, rawOk } from '../test/swf-local/wire';

const RESTART_BUDGET_MS = 2_000;
/** Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times (100 on every mainstream architecture). */
const CLOCK_TICKS = 100;
const DEFAULT_CASES: Array<{ open: number; closed: number }> = [
  { open: 100_000, closed: 0 },
  { open: 0, closed: 100_000 },
  { open: 50_000, closed: 50_000 },
];
/** What the restarted process showed (see `restartOnce`). */
interface Restart {
  /** From spawning `cdk-swf local` to its first answered request. */
  answeredMs: number;
  /** From spawning it until it logged every open execution's tasks queued and deadlines armed. */
  restoredMs: number;
  /** CPU the process used until its first answer, and until the restore was done. */
  cpuAnsweredMs?: number;
  cpuRestoredMs?: number;
  rssMb?: number;
  pendingDecisionTasks: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === 'fill') return fillAndCrash(args.dir!, args.open, args.closed);
  process.stdout.write(`load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} (${process.platform}, node ${process.version})\n`);
  const cli = bundleCli();
  if (args.mode === 'restart') return report(cli, args.open, args.closed, args.dir!);
  const cases = args.open || args.closed ? [{ open: args.open, closed: args.closed }] : DEFAULT_CASES;
  for (const { open, closed } of cases) {
    const dataDir = mkdtempSync(join(tmpdir(), 'swf-local-bench-restart-'));
    try {
      const fill = child(['--fill', dataDir, '--open', String(open), '--closed', String(closed)]);
      if (fill.signal !== 'SIGKILL') throw new Error(`the filling process ended with ${fill.status ?? fill.signal}, not SIGKILL`);
      await report(cli, open, closed, dataDir);
    } finally {
      if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
      else process.stderr.write(`kept ${dataDir}\n`);
    }
  }
}

async function report(cli: string, open: number, closed: number, dataDir: string): Promise<void> {
  const files = describeFiles(dataDir);
  const r = await restartOnce(cli, dataDir, open);
  if (r.pendingDecisionTasks !== open) throw new Error(`after the restart ${r.pendingDecisionTasks} decision tasks are pending, expected ${open}`);
  const verdict = r.answeredMs <= RESTART_BUDGET_MS ? 'within' : 'OVER';
  process.stdout.write(
    `${count(open)} open + ${count(closed)} closed executions (${files}), \`cdk-swf local\` after kill -9:\n` +
      `  first answer ${ms(r.answeredMs)} after the process started (${verdict} the ${RESTART_BUDGET_MS} ms budget), ${ms(r.cpuAnsweredMs)} of CPU\n` +
      `  every open execution's tasks queued and deadlines armed after ${ms(r.restoredMs)}, ${ms(r.cpuRestoredMs)} of CPU; ` +
      `peak RSS ${r.rssMb ?? '?'} MB; load average now ${loadavg()[0].toFixed(1)}\n`,
  );
  if (r.answeredMs > RESTART_BUDGET_MS) process.exitCode = 1;
}

/**
 * The CLI an operator runs, bundled from the current sources (so no stale build is measured): the same code as
 * dist/bin/cdk-swf.js in one file, its dependencies loaded from node_modules.
 */
function bundleCli(): string {
  const outfile = join(__dirname, '..', 'node_modules', '.cache', 'bench-restart', 'cdk-swf.js');
  buildSync({
    entryPoints: [join(__dirname, '..', 'bin', 'cdk-swf.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    alias: { 'cdk-swf': join(__dirname, '..') },
    outfile,
    logLevel: 'warning',
  });
  return outfile;
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
 * Runs `cdk-swf local --data-dir` on the directory and asks it for a domain as soon as it prints its endpoint; then
 * waits for its log line saying every open execution was restored, and counts the pending decision tasks.
 */
async function restartOnce(cli: string, dataDir: string, open: number): Promise<Restart> {
  const spawned = performance.now();
  const local = spawn(process.execPath, [cli, 'local', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const exited = new Promise<never>((_, reject) => local.once('exit', (code, signal) => reject(new Error(`cdk-swf local ended (${code ?? signal})`))));
    const endpoint = await Promise.race([outputLine(local.stdout!, /swf-local listening on (\S+)/), exited]);
    const restoredLine = outputLine(local.stderr!, /open executions restored/).then(() => performance.now());
    await rawOk(endpoint[1], 'DescribeDomain', { name: 'bench' });
    const answeredMs = performance.now() - spawned;
    const cpuAnsweredMs = cpuOf(local.pid!);
    const restoredMs = open > 0 ? (await Promise.race([restoredLine, exited])) - spawned : answeredMs;
    const cpuRestoredMs = cpuOf(local.pid!);
    const pending = await rawOk(endpoint[1], 'CountPendingDecisionTasks', { domain: 'bench', taskList: { name: 'tl' } });
    return { answeredMs, restoredMs, cpuAnsweredMs, cpuRestoredMs, rssMb: peakRssMbOf(local.pid!), pendingDecisionTasks: Number(pending.json.count) };
  } finally {
    local.kill('SIGKILL');
  }
}

/** The first match of `pattern` in what the stream prints (it keeps being drained after that). */
function outputLine(stream: Readable, pattern: RegExp): Promise<RegExpExecArray> {
  stream.setEncoding('utf8');
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: string) => {
      text += chunk;
      const match = pattern.exec(text);
      if (!match) return;
      stream.off('data', onData);
      stream.resume();
      resolve(match);
    };
    stream.on('data', onData);
  });
}

/** CPU (user + system) a process used so far, from /proc (Linux). */
function cpuOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Peak resident memory of a process, from /proc (Linux). */
function peakRssMbOf(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

function parseArgs(argv: string[]): { mode: 'cases' | 'fill' | 'restart'; dir?: string; open: number; closed: number } {
  const usage = 'usage: bench-restart [--open N] [--closed M] | --restart <kept dir> --open N';
  let mode: 'cases' | 'fill' | 'restart' = 'cases';
  let dir: string | undefined;
  let open = 0;
  let closed = 0;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value; ${usage}`);
    if (flag === '--fill' || flag === '--restart') {
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

function ms(value: number | undefined): string {
  return value === undefined ? '? ms' : `${value.toFixed(0)} ms`;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-restart: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
