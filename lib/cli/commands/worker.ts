import { Command, InvalidArgumentError, Option } from 'commander';
import { createSwfClient } from '../../common/swf-client';
import { ActivityWorker } from '../../worker/activity-worker';
import { Decider } from '../../worker/decider';
import { readWorkerEnvironment } from '../../worker/env';
import { consoleLogger } from '../../worker/log';
import { handleShutdownSignals } from '../../worker/signals';
import { activitiesFrom, loadWorkerModule, workflowsFrom } from '../../worker/worker-module';
import { AwsFlags, withAwsOptions } from '../aws-options';

interface WorkerFlags extends AwsFlags {
  readonly kind: 'decider' | 'activity';
  readonly module: string;
  readonly domain?: string;
  readonly taskList?: string;
  readonly concurrency?: number;
  readonly drainSeconds?: number;
  readonly identity?: string;
}

/** If user code left timers or sockets behind after a clean drain, do not let them keep the process alive. */
const EXIT_AFTER_STOP_MS = 2_000;

/**
 * `cdk-swf worker --kind decider|activity --module <file>`: the entry point of worker containers.
 * Runs until SIGTERM/SIGINT, drains, exits 0.
 */
export function registerWorkerCommand(program: Command): void {
  const command = program
    .command('worker')
    .description('Run a decider or an activity worker from your module until SIGTERM/SIGINT (then drain and exit 0)')
    .addOption(new Option('--kind <kind>', 'what to run').choices(['decider', 'activity']).makeOptionMandatory())
    .addOption(
      new Option('--module <file>', 'module exporting `workflows` (decider) or `activities` (activity); .js, or .ts under tsx').makeOptionMandatory(),
    )
    .addOption(new Option('--domain <name>', 'SWF domain (default: SWF_DOMAIN)'))
    .addOption(new Option('--task-list <name>', 'task list to poll (default: SWF_TASK_LIST)'))
    .addOption(new Option('--concurrency <n>', 'tasks run at once (default: SWF_CONCURRENCY, else 2 for deciders, 4 for activities)').argParser(positiveInteger))
    .addOption(new Option('--drain-seconds <s>', 'time in-flight tasks get after a stop signal (default: SWF_DRAIN_SECONDS, else 90)').argParser(nonNegative))
    .addOption(new Option('--identity <id>', 'identity recorded in the history (default: SWF_IDENTITY, else host:pid)'));
  withAwsOptions(command).action(async (flags: WorkerFlags) => runWorker(flags));
}

async function runWorker(flags: WorkerFlags): Promise<void> {
  const env = readWorkerEnvironment();
  const domain = flags.domain ?? env.domain;
  const taskList = flags.taskList ?? env.taskList;
  if (!domain) throw new Error('no domain: set SWF_DOMAIN or pass --domain');
  if (!taskList) throw new Error('no task list: set SWF_TASK_LIST or pass --task-list');
  const module = loadWorkerModule(flags.module);
  const logger = consoleLogger(`[${flags.kind}] `);
  // The runtime retries throttling and network errors itself (backoff with jitter, bounded by its deadlines).
  const swf = createSwfClient({ region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl, maxAttempts: 1 });
  const common = {
    swf,
    domain,
    taskList,
    identity: flags.identity ?? env.identity,
    concurrency: flags.concurrency ?? env.concurrency,
    drainSeconds: flags.drainSeconds ?? env.drainSeconds,
    logger,
  };
  const worker =
    flags.kind === 'activity'
      ? new ActivityWorker({ ...common, activities: activitiesFrom(module, flags.module), heartbeatIntervalSeconds: env.heartbeatIntervalSeconds })
      : new Decider({
          ...common,
          workflows: workflowsFrom(module, flags.module),
          workflowVersions: env.workflowVersions,
          activityVersions: env.activityVersions,
        });

  let stopped!: () => void;
  const untilStopped = new Promise<void>((resolve) => (stopped = resolve));
  const removeHandlers = handleShutdownSignals(() => worker.stop().then(stopped), { logger, stopNow: () => worker.stopNow() });
  worker.start();
  await untilStopped;
  removeHandlers();
  swf.destroy();
  setTimeout(() => process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0), EXIT_AFTER_STOP_MS).unref();
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of seconds >= 0');
  return n;
}
