import { Command, InvalidArgumentError, Option } from 'commander';
import { FaultInjectionOptions, startSwfLocal, SwfLocal } from '../../swf-local';
import { checkFaultOptions } from '../../swf-local/faults';

/** swf-local's documented default port (`cdk-swf local`); 0 picks a free one. */
export const DEFAULT_LOCAL_PORT = 8099;

interface LocalFlags {
  readonly port: number;
  readonly host: string;
  readonly dataDir?: string;
  readonly repair?: boolean;
  readonly region: string;
  readonly accountId: string;
  readonly throttling?: boolean;
  readonly faultThrottleRate?: number;
  readonly faultServerErrorRate?: number;
  readonly faultDelayRate?: number;
  readonly faultDelayMs?: number;
  readonly faultOperations?: string[];
  readonly lambda?: string[];
  readonly lambdaInvokeApi?: boolean;
  readonly lambdaConcurrency?: number;
}

/** `cdk-swf local`: runs swf-local in the foreground until SIGINT/SIGTERM. */
export function registerLocalCommand(program: Command): void {
  program
    .command('local')
    .description('Run swf-local, a local Amazon SWF endpoint that the AWS SDKs and CLI talk to unmodified')
    .addOption(new Option('--port <port>', 'TCP port (0 picks a free one)').argParser(portNumber).default(DEFAULT_LOCAL_PORT))
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .addOption(new Option('--data-dir <dir>', 'keep state in this directory across restarts (default: memory only)'))
    .addOption(
      new Option(
        '--repair',
        'start from a damaged --data-dir: keep every intact record, report what could not be read, and keep the damaged files as *.damaged-<time>',
      ),
    )
    .addOption(new Option('--region <region>', 'Region shown in domain ARNs').default('us-east-1'))
    .addOption(new Option('--account-id <id>', 'account shown in domain ARNs').default('123456789012'))
    .addOption(new Option('--throttling', "apply AWS's per-API throttling quotas (ThrottlingException past them)"))
    .addOption(new Option('--fault-throttle-rate <fraction>', 'fraction of calls answered with ThrottlingException').argParser(fraction))
    .addOption(new Option('--fault-server-error-rate <fraction>', 'fraction of calls answered with HTTP 500').argParser(fraction))
    .addOption(new Option('--fault-delay-rate <fraction>', 'fraction of calls delayed by --fault-delay-ms').argParser(fraction))
    .addOption(new Option('--fault-delay-ms <ms>', 'delay of a delayed call (default: 1000)').argParser(milliseconds))
    .addOption(
      new Option('--fault-operations <names>', 'comma-separated operations the faults apply to (default: all)').argParser(
        (value) => value.split(',').map((name) => name.trim()).filter(Boolean),
      ),
    )
    .addOption(
      new Option('--lambda <NAME=./handler.js[#export]>', 'run Lambda tasks of function NAME offline with this Node handler (repeatable)').argParser(
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      ),
    )
    .addOption(
      new Option('--lambda-invoke-api', "run other Lambda tasks through Lambda's Invoke API (default: when AWS_ENDPOINT_URL_LAMBDA is set)"),
    )
    .addOption(new Option('--lambda-concurrency <n>', 'Lambda tasks running at once (default: 10)').argParser(positiveInteger))
    .addHelpText(
      'after',
      `\nThen point the AWS SDKs and CLI at it:\n  export AWS_ENDPOINT_URL_SWF=http://127.0.0.1:${DEFAULT_LOCAL_PORT}\n` +
        '  export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local',
    )
    .action(async (flags: LocalFlags) => {
      const faults = faultOptions(flags);
      // Listen for signals before announcing the endpoint, so a signal sent the moment it is printed is not missed.
      const signalled = untilSignalled();
      const local = await start(flags, faults).catch((err: unknown) => {
        signalled.cancel();
        throw err;
      });
      printUsage(local, flags, faults);
      await signalled.promise;
      process.stderr.write('swf-local: stopping\n');
      await local.close();
    });
}

async function start(flags: LocalFlags, faults: FaultInjectionOptions | undefined): Promise<SwfLocal> {
  try {
    return await startSwfLocal({
      port: flags.port,
      host: flags.host,
      dataDir: flags.dataDir,
      repair: flags.repair ?? false,
      region: flags.region,
      accountId: flags.accountId,
      throttling: flags.throttling ?? false,
      faults,
      lambda: { functions: flags.lambda, invokeApi: flags.lambdaInvokeApi, concurrency: flags.lambdaConcurrency },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${flags.port} on ${flags.host} is already in use: pass --port <n> (0 picks a free port)`);
    }
    throw err;
  }
}

function faultOptions(flags: LocalFlags): FaultInjectionOptions | undefined {
  const faults: FaultInjectionOptions = {
    throttleRate: flags.faultThrottleRate,
    serverErrorRate: flags.faultServerErrorRate,
    delayRate: flags.faultDelayRate,
    delayMs: flags.faultDelayMs,
    operations: flags.faultOperations,
  };
  if (!faults.throttleRate && !faults.serverErrorRate && !faults.delayRate) return undefined;
  checkFaultOptions(faults);
  return faults;
}

function printUsage(local: SwfLocal, flags: LocalFlags, faults: FaultInjectionOptions | undefined): void {
  const lines = [
    `swf-local listening on ${local.endpoint}`,
    `  state:      ${flags.dataDir ? `kept in ${flags.dataDir}` : 'in memory only (pass --data-dir to keep it)'}`,
    `  throttling: ${flags.throttling ? "AWS's per-API quotas" : 'off'}`,
    ...(faults ? [`  faults:     ${JSON.stringify(faults)}`] : []),
    `  lambda:     ${lambdaSummary(flags)}`,
    '',
    'Point the AWS SDKs, the AWS CLI and cdk-swf at it:',
    `  export AWS_ENDPOINT_URL_SWF=${local.endpoint}`,
    `  export AWS_REGION=${flags.region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
    '',
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

function lambdaSummary(flags: LocalFlags): string {
  const ways = [
    ...(flags.lambda ?? []).map((mapping) => mapping.split('=')[0]),
    ...((flags.lambdaInvokeApi ?? Boolean(process.env.AWS_ENDPOINT_URL_LAMBDA))
      ? [`others through the Lambda API (${process.env.AWS_ENDPOINT_URL_LAMBDA ?? 'the Region\'s endpoint'})`]
      : []),
  ];
  return ways.length ? ways.join(', ') : 'off (pass --lambda NAME=./handler.js to run Lambda tasks)';
}

function untilSignalled(): { promise: Promise<void>; cancel(): void } {
  let resolveSignal!: () => void;
  const promise = new Promise<void>((resolve) => (resolveSignal = resolve));
  const onSignal = () => {
    cancel();
    resolveSignal();
  };
  const cancel = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { promise, cancel };
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number between 0 and 65535');
  return port;
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number between 0 and 1');
  return n;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return Number(value);
}

function milliseconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of milliseconds');
  return n;
}
