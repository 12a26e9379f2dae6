import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHUTDOWN_FAILURE_REASON } from '../../lib/worker/activity-worker';
import { startObservingProxy } from '../support/observing-proxy';
import { LOCAL_CREDENTIALS, startLocalSwf } from '../support/swf-local';
import { eventsOfType, probeResult, probeWorkflow, registerTypes, startExecution, unique, waitForClose, Workers } from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'shutdown-activities.ts');

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves once stderr contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * `tsx bin/cdk-swf.ts worker --kind activity --module <fixture>` against swf-local, as a container would run it.
 * Not through `npx`: npm runs the bin via `sh -c`, and that shell does not pass SIGTERM on, so the signal would
 * never reach the worker (the same reason a container must not start the worker through npx). tsx itself relays
 * SIGTERM/SIGINT to the node process it starts.
 */
function spawnActivityWorker(endpoint: string, domain: string, taskList: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/cdk-swf.ts', 'worker', '--kind', 'activity', '--module', FIXTURE], {
    cwd: ROOT,
    // Its own process group, so cleanup can end tsx and the node process under it together.
    detached: true,
    env: {
      ...process.env,
      AWS_ENDPOINT_URL_SWF: endpoint,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      SWF_DOMAIN: domain,
      SWF_TASK_LIST: taskList,
      SWF_CONCURRENCY: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    output: () => output,
    exited,
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (output.includes(text)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker never printed "${text}"; output:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

describe('cdk-swf worker: graceful shutdown of a real process on SIGTERM', () => {
  let local: Local;
  const workers = new Workers();
  const spawned: WorkerProcess[] = [];
  const domain = unique('shutdown');

  beforeAll(async () => {
    // Long polls are held 3 s here (60 s on SWF): a SIGTERM during a poll waits for that poll to return.
    local = await startLocalSwf({ longPollTimeoutMs: 3_000 });
    await registerTypes(local.swf, domain, { taskList: 'probe', activityTaskList: 'work', workflow: 'Probe', activities: [{ name: 'Work' }] });
  });
  afterEach(async () => {
    for (const worker of spawned.splice(0)) {
      if (worker.child.exitCode === null) process.kill(-worker.child.pid!, 'SIGKILL');
    }
    await workers.stopAll();
  });
  afterAll(() => local?.stop());

  const start = (env: Record<string, string> = {}, endpoint = local.server.endpoint) => {
    const worker = spawnActivityWorker(endpoint, domain, 'work', env);
    spawned.push(worker);
    workers.decider({ swf: local.swf, domain, taskList: 'probe', workflows: [probeWorkflow] });
    return worker;
  };
  const work = (ms: number) => startExecution(local.swf, domain, 'Probe', JSON.stringify({ activities: [{ id: 'w', name: 'Work', input: String(ms), startToClose: 30 }] }));

  it('while polling: the task its in-flight poll receives after SIGTERM is still run and completed; exit 0', async () => {
    // The worker talks to swf-local through a proxy that reports when its poll has reached swf-local.
    const proxy = await startObservingProxy(local.server.endpoint);
    try {
      const worker = start({}, proxy.endpoint);
      await proxy.forwarded('PollForActivityTask');
      worker.child.kill('SIGTERM');
      await worker.waitFor('SIGTERM received');
      const execution = await work(200);

      expect(await worker.exited).toBe(0);
      const { events } = await waitForClose(local.swf, domain, execution);
      expect(probeResult(events).activities[0]).toMatchObject({ status: 'completed', result: 'worked 200 ms' });
      expect(worker.output()).toContain('fixture: Work started');
    } finally {
      await proxy.close();
    }
  });

  it('while a task runs: the task finishes within the drain deadline and is completed; exit 0', async () => {
    const worker = start();
    await worker.waitFor('activity worker started');
    const execution = await work(1_500);
    await worker.waitFor('fixture: Work started');
    worker.child.kill('SIGTERM');

    expect(await worker.exited).toBe(0);
    const { events } = await waitForClose(local.swf, domain, execution);
    expect(probeResult(events).activities[0]).toMatchObject({ status: 'completed', result: 'worked 1500 ms' });
  });

  it('a task that cannot finish by SWF_DRAIN_SECONDS is failed as "worker shutting down", not left to time out; exit 0', async () => {
    const worker = start({ SWF_DRAIN_SECONDS: '1' });
    await worker.waitFor('activity worker started');
    const execution = await work(60_000);
    await worker.waitFor('fixture: Work started');
    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');

    expect(await worker.exited).toBe(0);
    // Drain deadline (1 s) + the failure response + process exit, far short of the 60 s the task would take (the
    // bound leaves room for a loaded machine: it tells "failed at the deadline" from "waited for the task").
    expect(Date.now() - signalledAt).toBeLessThan(30_000);
    const { events } = await waitForClose(local.swf, domain, execution);
    expect(probeResult(events).activities[0]).toMatchObject({ status: 'failed', reason: SHUTDOWN_FAILURE_REASON });
    expect(eventsOfType(events, 'ActivityTaskTimedOut')).toHaveLength(0);
  });

  it('a second SIGTERM exits without the drain, failing the running task first (never left to time out)', async () => {
    const worker = start({ SWF_DRAIN_SECONDS: '30' });
    await worker.waitFor('activity worker started');
    const execution = await work(60_000);
    await worker.waitFor('fixture: Work started');
    worker.child.kill('SIGTERM');
    await worker.waitFor('SIGTERM received');
    const secondAt = Date.now();
    worker.child.kill('SIGTERM');
    const code = await worker.exited;
    // Far short of the 30 s drain it would otherwise wait for.
    expect(Date.now() - secondAt).toBeLessThan(15_000);
    expect(code).toBe(143);
    expect(worker.output()).toContain('failing the tasks in hand and exiting');
    const { events } = await waitForClose(local.swf, domain, execution);
    expect(probeResult(events).activities[0]).toMatchObject({ status: 'failed', reason: SHUTDOWN_FAILURE_REASON });
    expect(eventsOfType(events, 'ActivityTaskTimedOut')).toHaveLength(0);
  });
});
