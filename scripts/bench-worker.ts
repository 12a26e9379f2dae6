/**
 * Worker runtime benchmark: `npm run bench:worker`.
 *
 * swf-local runs in its own process (`cdk-swf local`). This process pre-schedules activity tasks, then drains them
 * twice with the same concurrency and the same trivial work (echo the input): once through the runtime's
 * ActivityWorker, once through a bare `@aws-sdk/client-swf` poll → RespondActivityTaskCompleted loop. The difference
 * is the runtime's own overhead (context, retries bookkeeping, logging), next to the SWF round trips both pay.
 */
// The SDK warns on every client under Node 20, which this package supports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import {
  CountPendingActivityTasksCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSwfClient } from '../lib/common/swf-client';
import { ActivityWorker } from '../lib/worker/activity-worker';
import { silentLogger } from '../lib/worker/log';

const DOMAIN = 'bench-worker';
const WORKFLOWS = 5;
const ACTIVITIES_PER_WORKFLOW = 400; // SWF allows 1,000 open activities per execution
const TASKS = WORKFLOWS * ACTIVITIES_PER_WORKFLOW;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = 2;

async function main(): Promise<void> {
  const server = await startServer();
  const swf = createSwfClient({ region: 'us-east-1', endpointUrl: server.endpoint, maxAttempts: 1 });
  swf.config.credentials = async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' });
  try {
    process.stdout.write(`worker benchmark (Node ${process.version}): ${TASKS} activity tasks per run, concurrency ${CONCURRENCY}, swf-local in its own process\n\n`);
    await register(swf);
    const rows: Array<[string, number]> = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer server.
      const order = round % 2 === 1 ? (['runtime', 'bare'] as const) : (['bare', 'runtime'] as const);
      for (const kind of order) {
        const taskList = `${kind}-${round}`;
        await schedule(swf, taskList);
        const seconds = kind === 'runtime' ? await drainWithRuntime(swf, taskList) : await drainWithBareLoop(swf, taskList);
        rows.push([`${kind === 'runtime' ? 'ActivityWorker (lib/worker)' : 'bare SDK poll/respond loop'}, run ${round}`, TASKS / seconds]);
      }
    }
    for (const [label, rate] of rows) process.stdout.write(`${label.padEnd(40)} ${rate.toFixed(0).padStart(6)} tasks/s\n`);
    const mean = (prefix: string) => {
      const rates = rows.filter(([label]) => label.startsWith(prefix)).map(([, rate]) => rate);
      return rates.reduce((a, b) => a + b, 0) / rates.length;
    };
    const runtime = mean('ActivityWorker');
    const bare = mean('bare');
    process.stdout.write(`\nruntime / bare: ${((runtime / bare) * 100).toFixed(0)}%\n`);
  } finally {
    server.stop();
    await Promise.all(leftBehind);
    swf.destroy();
  }
}

async function register(swf: SWFClient): Promise<void> {
  await swf.send(new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain: DOMAIN,
      name: 'Fanout',
      version: '1',
      defaultTaskList: { name: 'decisions' },
      defaultExecutionStartToCloseTimeout: '3600',
      defaultTaskStartToCloseTimeout: '60',
      defaultChildPolicy: 'TERMINATE',
    }),
  );
  await swf.send(
    new RegisterActivityTypeCommand({
      domain: DOMAIN,
      name: 'Echo',
      version: '1',
      defaultTaskScheduleToStartTimeout: '3600',
      defaultTaskStartToCloseTimeout: '600',
      defaultTaskScheduleToCloseTimeout: '3600',
      defaultTaskHeartbeatTimeout: 'NONE',
    }),
  );
}

/** Starts WORKFLOWS executions and answers each first decision task with ACTIVITIES_PER_WORKFLOW activities on `taskList`. */
async function schedule(swf: SWFClient, taskList: string): Promise<void> {
  for (let w = 0; w < WORKFLOWS; w++) {
    await swf.send(new StartWorkflowExecutionCommand({ domain: DOMAIN, workflowId: `${taskList}-${w}`, workflowType: { name: 'Fanout', version: '1' } }));
    const task = await swf.send(new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: 'decisions' } }));
    await swf.send(
      new RespondDecisionTaskCompletedCommand({
        taskToken: task.taskToken!,
        decisions: Array.from({ length: ACTIVITIES_PER_WORKFLOW }, (_, i) => ({
          decisionType: 'ScheduleActivityTask' as const,
          scheduleActivityTaskDecisionAttributes: {
            activityId: `a${i}`,
            activityType: { name: 'Echo', version: '1' },
            taskList: { name: taskList },
            input: JSON.stringify({ workflow: w, index: i }),
          },
        })),
      }),
    );
  }
  const { count } = await swf.send(new CountPendingActivityTasksCommand({ domain: DOMAIN, taskList: { name: taskList } }));
  if (count !== TASKS) throw new Error(`expected ${TASKS} pending activity tasks on ${taskList}, found ${count}`);
}

const echo = (input: string | undefined) => JSON.stringify({ echoed: JSON.parse(input ?? 'null') });

/**
 * Resolves with the elapsed seconds when TASKS RespondActivityTaskCompleted calls have succeeded on `swf` since the
 * call. Both sides are timed this way, so polls still held by swf-local after the last task do not count.
 */
function whenAllCompleted(swf: SWFClient): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    let completed = 0;
    const name = `count-completions-${Math.random()}`;
    swf.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (context.commandName === 'RespondActivityTaskCompletedCommand' && ++completed === TASKS) {
          resolve((performance.now() - started) / 1000);
          swf.middlewareStack.remove(name);
        }
        return output;
      },
      { step: 'initialize', name },
    );
  });
}

/** Polls still held when a run ends are left behind (their task lists are empty); they end when the server stops. */
const leftBehind: Array<Promise<unknown>> = [];

async function drainWithRuntime(swf: SWFClient, taskList: string): Promise<number> {
  const worker = new ActivityWorker({ swf, domain: DOMAIN, taskList, concurrency: CONCURRENCY, logger: silentLogger, activities: { Echo: echo } });
  const elapsed = whenAllCompleted(swf);
  worker.start();
  const seconds = await elapsed;
  leftBehind.push(worker.stop());
  await expectNothingPending(swf, taskList);
  return seconds;
}

async function drainWithBareLoop(swf: SWFClient, taskList: string): Promise<number> {
  const elapsed = whenAllCompleted(swf);
  const abort = new AbortController();
  let remaining = TASKS;
  for (let i = 0; i < CONCURRENCY; i++) {
    const loop = (async () => {
      while (remaining > 0) {
        const task = await swf.send(new PollForActivityTaskCommand({ domain: DOMAIN, taskList: { name: taskList }, identity: 'bare' }), {
          abortSignal: abort.signal,
        });
        if (!task.taskToken) continue;
        remaining--;
        await swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: echo(task.input) }));
      }
    })();
    leftBehind.push(loop.catch(() => undefined));
  }
  const seconds = await elapsed;
  abort.abort();
  await expectNothingPending(swf, taskList);
  return seconds;
}

async function expectNothingPending(swf: SWFClient, taskList: string): Promise<void> {
  const { count } = await swf.send(new CountPendingActivityTasksCommand({ domain: DOMAIN, taskList: { name: taskList } }));
  if (count !== 0) throw new Error(`${count} activity tasks still pending on ${taskList}`);
}

/** `cdk-swf local --port 0` in a child process, with short long polls so the drains end quickly. */
async function startServer(): Promise<{ endpoint: string; stop: () => void }> {
  const root = join(__dirname, '..');
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['bin/cdk-swf.ts', 'local', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`cdk-swf local exited with ${code} before listening`)));
  });
  return { endpoint, stop: () => child.kill('SIGTERM') };
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-worker: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
