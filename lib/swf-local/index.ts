import type { Server } from 'node:http';
import type { Engine } from './context';
import type { SwfLocalEnv } from './env';
import { createControlPlane } from './control-plane';
import { createDataPlane } from './data-plane';
import { checkFaultOperations, checkFaultOptions, createFaultGate, FaultInjectionOptions } from './faults';
import { createGroupCommit } from './group-commit';
import { listen, OperationGate, Runtime } from './server';
import { Store } from './store';
import { DamagedDataError } from './store-damage';
import { createLambdaInvoker, LambdaTaskOptions } from './lambda';
import { createThrottleGate } from './throttling';

export { FaultInjectionOptions } from './faults';
export { LambdaTaskOptions } from './lambda';

export interface SwfLocalOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Directory for durable state. @default - state lives in memory only */
  readonly dataDir?: string;
  /**
   * Start from a damaged data directory: keep every intact record, log what could not be read, and keep the damaged
   * files under a `.damaged-<time>` name. @default false - refuse to start, naming the damaged file and line
   */
  readonly repair?: boolean;
  /** How long a client may take to send a request's headers and body before it is answered 408. @default 30000 */
  readonly requestReadTimeoutMs?: number;
  /** Region used in domain ARNs. @default 'us-east-1' */
  readonly region?: string;
  /** Account used in domain ARNs. @default '123456789012' */
  readonly accountId?: string;
  /** Apply AWS's documented per-API token buckets and answer ThrottlingException past them. @default false */
  readonly throttling?: boolean;
  /** Inject throttling, HTTP 500s and latency into a fraction of calls. @default - none */
  readonly faults?: FaultInjectionOptions;
  /** How long Poll* calls are held before an empty answer. @default 60000 (as SWF) */
  readonly longPollTimeoutMs?: number;
  /** Where diagnostics go (and what Lambda functions run offline print). @default - stderr */
  readonly log?: (message: string) => void;
  /**
   * How Lambda tasks (ScheduleLambdaFunction) run: offline from a mapping of function names to handler files,
   * and/or through Lambda's Invoke API (AWS_ENDPOINT_URL_LAMBDA).
   * @default - through the Invoke API when AWS_ENDPOINT_URL_LAMBDA is set, else Lambda tasks fail to schedule
   *   (LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION)
   */
  readonly lambda?: LambdaTaskOptions;
}

export interface SwfLocal {
  /** e.g. `http://127.0.0.1:4567`: give it to the SDK as `endpoint`, or export it as `AWS_ENDPOINT_URL_SWF`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops answering, ends pending long polls, and flushes state. */
  close(): Promise<void>;
}

/** Starts swf-local in this process. */
export async function startSwfLocal(options: SwfLocalOptions = {}): Promise<SwfLocal> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const log = options.log ?? ((message: string) => process.stderr.write(message + '\n'));
  const now = () => Date.now();
  if (options.faults) checkFaultOptions(options.faults);
  const lambda = lambdaSettings(options, region, log);
  const store = await Store.open(options.dataDir, { repair: options.repair, log });
  const env = { now, region, accountId, log, longPollTimeoutMs: options.longPollTimeoutMs ?? 60_000, lambda };
  let runtime: Runtime;
  // Read back at the moment a write fails, not at the next request: long polls open then end at once (500).
  const readBack = () => void current();
  try {
    runtime = buildRuntime(store, env, options.dataDir, readBack);
  } catch (err) {
    store.close();
    throw err;
  }
  // After a failed write (a full disk) the store's memory holds changes that are not on disk: read it back, so
  // nothing that was answered with an error is ever visible, and the next write can succeed once space returns.
  const current = (): Runtime => {
    if (!runtime.store.failed) return runtime;
    try {
      const reopened = runtime.store.reopen();
      runtime.engine.close();
      runtime = buildRuntime(reopened, env, options.dataDir, readBack);
      log('swf-local: read the acknowledged state back from disk after a failed write');
    } catch (err) {
      log(`swf-local: could not read the state back yet, requests are answered 500 until it can: ${(err as Error).message}`);
    }
    return runtime;
  };
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    const gates: OperationGate[] = [];
    if (options.throttling) gates.push(createThrottleGate(now));
    if (options.faults) {
      checkFaultOperations(options.faults, runtime.engine.operations);
      gates.push(createFaultGate(options.faults));
    }
    const requestReadTimeoutMs = options.requestReadTimeoutMs ?? 30_000;
    listening = await listen({ host, port: options.port ?? 0, region, accountId, runtime: current, gates, requestReadTimeoutMs, now, log });
  } catch (err) {
    // For example EADDRINUSE: release the data directory and stop background work so the caller can exit or retry.
    runtime.engine.close();
    runtime.store.close();
    throw err;
  }
  const { server, port } = listening;
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () => (closed ??= shutdown(server, current)),
  };
}

function lambdaSettings(options: SwfLocalOptions, region: string, log: (message: string) => void) {
  const concurrency = options.lambda?.concurrency ?? 10;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`lambda.concurrency must be a whole number >= 1, got ${concurrency}`);
  const invoker = createLambdaInvoker(options.lambda ?? {}, region, log);
  return invoker && { invoker, concurrency, throttled: options.throttling ?? false };
}

/** The planes built over `store`, with the group commit that makes their changes durable. */
function buildRuntime(store: Store, env: Omit<SwfLocalEnv, 'store'>, dataDir: string | undefined, onWriteFailure: () => void): Runtime {
  let engine: Engine;
  try {
    const dataPlane = createDataPlane({ ...env, store });
    engine = {
      operations: { ...createControlPlane({ ...env, store }), ...dataPlane.operations },
      close: () => dataPlane.close(),
    };
  } catch (err) {
    if (err instanceof DamagedDataError) throw err; // a record checked when first read: already one line, with the way out
    // The files were well-formed JSON, but their records are not what swf-local writes.
    throw new Error(
      `swf-local: the state in data directory ${dataDir} is not valid swf-local state (${(err as Error).message}); ` +
        'it was written by another program or edited by hand: restore it, or start with another --data-dir',
    );
  }
  // One fsync for all the requests that finish together (see group-commit.ts).
  return { store, engine, commit: createGroupCommit(store, onWriteFailure) };
}

async function shutdown(server: Server, current: () => Runtime): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  const { engine, store } = current();
  engine.close();
  server.closeAllConnections();
  await stopped;
  store.close();
}
