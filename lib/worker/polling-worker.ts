import { hostname } from 'node:os';
import type { SWFClient } from '@aws-sdk/client-swf';
import { backoffDelay, retrySwfCall, sleep } from './backoff';
import { classifySwfError, errorCode } from './errors';
import { consoleLogger, errorMessage, WorkerLogger } from './log';

export interface PollingWorkerOptions {
  /** A client suited to long polls (socket timeout above 60 s): `createSwfClient()` from lib/common/swf-client. */
  readonly swf: SWFClient;
  readonly domain: string;
  readonly taskList: string;
  /** Recorded in the history (ActivityTaskStarted / DecisionTaskStarted). @default `<hostname>:<pid>` */
  readonly identity?: string;
  /** How many tasks this worker runs at once (one long poll per free slot). */
  readonly concurrency?: number;
  /**
   * After `stop()`, how long in-flight tasks get to finish before they are explicitly failed. Keep it below the
   * container's stop timeout (ECS: 120 s by default). @default 90
   */
  readonly drainSeconds?: number;
  /** How long to keep retrying a response (complete/fail/decisions) that meets throttling or network errors. @default 600 */
  readonly responseRetrySeconds?: number;
  /** @default - one line per entry on stderr */
  readonly logger?: WorkerLogger;
}

export const DEFAULT_DRAIN_SECONDS = 90;
/** Extra time after the drain deadline for the responses that report what could not finish. */
const RESPONSE_GRACE_MS = 10_000;
const MAX_IDENTITY_LENGTH = 256;

export function defaultIdentity(): string {
  return `${hostname()}:${process.pid}`.slice(0, MAX_IDENTITY_LENGTH);
}

type State = 'new' | 'running' | 'stopping' | 'stopped';

/**
 * The poll → process loop shared by activity workers and deciders: `concurrency` loops, each long-polling and then
 * processing what it got; backoff with jitter on errors; graceful stop with a drain deadline.
 */
export abstract class PollingWorker<Task> {
  readonly domain: string;
  readonly taskList: string;
  readonly identity: string;
  readonly concurrency: number;
  protected readonly swf: SWFClient;
  protected readonly logger: WorkerLogger;
  private readonly drainMs: number;
  private readonly responseRetryMs: number;
  private state: State = 'new';
  private loops: Array<Promise<void>> = [];
  private stopped?: Promise<void>;
  private drainDeadlineAt?: number;
  private readonly stopRequest = new AbortController();
  private readonly drainExpiry = new AbortController();
  private readonly graceExpiry = new AbortController();
  private pollsInFlight = 0;
  private tasksInFlight = 0;
  /** Woken each time a task finishes (for stopNow). */
  private taskSettled: Array<() => void> = [];

  protected abstract readonly kind: string;
  /** One long poll. Resolves to undefined when the poll ended without a task. */
  protected abstract pollOnce(): Promise<Task | undefined>;
  /** Handles one task completely, including every response. Must not throw. */
  protected abstract process(task: Task): Promise<void>;

  constructor(options: PollingWorkerOptions, defaultConcurrency: number) {
    if (!options.domain) throw new Error('A worker needs a domain: set SWF_DOMAIN or pass domain');
    if (!options.taskList) throw new Error('A worker needs a task list: set SWF_TASK_LIST or pass taskList');
    const concurrency = options.concurrency ?? defaultConcurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a whole number >= 1, got ${concurrency}`);
    const drainSeconds = options.drainSeconds ?? DEFAULT_DRAIN_SECONDS;
    if (!(drainSeconds >= 0)) throw new Error(`drainSeconds must be >= 0, got ${drainSeconds}`);
    this.swf = options.swf;
    this.domain = options.domain;
    this.taskList = options.taskList;
    this.identity = (options.identity ?? defaultIdentity()).slice(0, MAX_IDENTITY_LENGTH);
    this.concurrency = concurrency;
    this.drainMs = drainSeconds * 1000;
    this.responseRetryMs = (options.responseRetrySeconds ?? 600) * 1000;
    this.logger = options.logger ?? consoleLogger();
  }

  /** Starts polling. Calling it again while running does nothing. */
  start(): void {
    if (this.state === 'running') return;
    if (this.state !== 'new') throw new Error(`This ${this.kind} was stopped; create a new one to poll again`);
    this.state = 'running';
    this.logger.info(`${this.kind} started`, {
      domain: this.domain,
      taskList: this.taskList,
      identity: this.identity,
      concurrency: this.concurrency,
    });
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  /**
   * Stops polling and drains: polls already in flight still have their task processed, running tasks get until the
   * drain deadline, and what cannot finish by then is explicitly failed. Resolves when everything has settled.
   */
  stop(): Promise<void> {
    if (this.stopped) return this.stopped;
    if (this.state === 'new') {
      this.state = 'stopped';
      return (this.stopped = Promise.resolve());
    }
    this.state = 'stopping';
    this.drainDeadlineAt = Date.now() + this.drainMs;
    this.logger.info(`${this.kind} stopping`, {
      tasksInFlight: this.tasksInFlight,
      pollsInFlight: this.pollsInFlight,
      drainSeconds: this.drainMs / 1000,
    });
    this.stopRequest.abort();
    const expiry = setTimeout(() => {
      this.logger.info(`${this.kind} drain deadline passed`, { tasksInFlight: this.tasksInFlight, pollsInFlight: this.pollsInFlight });
      this.drainExpiry.abort();
    }, this.drainMs);
    const graceExpiry = setTimeout(() => this.graceExpiry.abort(), this.drainMs + RESPONSE_GRACE_MS);
    this.stopped = Promise.all(this.loops).then(() => {
      clearTimeout(expiry);
      clearTimeout(graceExpiry);
      this.state = 'stopped';
      this.logger.info(`${this.kind} stopped`, { taskList: this.taskList });
    });
    return this.stopped;
  }

  /**
   * Stops at once (a second SIGTERM): the drain deadline passes now, so every running task is failed as the drain
   * deadline would fail it, and decision tasks already in hand are decided. Resolves when those responses are sent
   * (they are bounded by the short response grace); polls still open are not waited for.
   */
  async stopNow(): Promise<void> {
    void this.stop();
    if (this.state !== 'stopping') return;
    this.drainDeadlineAt = Math.min(this.drainDeadlineAt ?? Date.now(), Date.now());
    this.drainExpiry.abort();
    while (this.tasksInFlight > 0) await new Promise<void>((resolve) => this.taskSettled.push(resolve));
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** True once `stop()` was called. */
  protected get stopRequested(): boolean {
    return this.stopRequest.signal.aborted;
  }

  /** Aborts when the drain deadline passes after `stop()`. */
  protected get drainSignal(): AbortSignal {
    return this.drainExpiry.signal;
  }

  /**
   * Aborts a short grace after the drain deadline: the time left for quick work that must not be abandoned, such as
   * deciding a decision task an open poll delivered after the deadline (SWF has no way to fail one).
   */
  protected get graceSignal(): AbortSignal {
    return this.graceExpiry.signal;
  }

  protected get drainSeconds(): number {
    return this.drainMs / 1000;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopRequested) {
      let task: Task | undefined;
      this.pollsInFlight++;
      try {
        task = await this.pollOnce();
        failures = 0;
      } catch (err) {
        const transient = classifySwfError(err) === 'retry';
        // A refused poll (unknown domain, no permission) will not fix itself quickly: back off harder.
        const delay = backoffDelay(failures++, transient ? { baseMs: 200, maxMs: 10_000 } : { baseMs: 1_000, maxMs: 30_000 });
        const fields = { error: errorCode(err), message: errorMessage(err), retryInMs: delay };
        if (transient) this.logger.warn(`${this.kind} poll failed; retrying`, fields);
        else this.logger.error(`${this.kind} poll refused; check the domain, task list and permissions. Retrying`, fields);
        await sleep(delay, this.stopRequest.signal);
        continue;
      } finally {
        this.pollsInFlight--;
      }
      if (task === undefined) continue;
      if (this.drainSignal.aborted) {
        // A poll still open at the deadline delivered a task: it is handled now (run, decided or failed), never
        // left to time out.
        this.logger.warn(`${this.kind} received a task after the drain deadline; handling it now`);
      }
      this.tasksInFlight++;
      try {
        await this.process(task);
      } catch (err) {
        this.logger.error(`${this.kind} task handling crashed (bug in the runtime)`, { message: errorMessage(err) });
      } finally {
        this.tasksInFlight--;
        for (const wake of this.taskSettled.splice(0)) wake();
      }
    }
  }

  /**
   * Sends a task response until it is accepted, the task is gone (UnknownResource: it timed out or was closed),
   * the request is refused outright, or the retry window ends. Returns true when SWF accepted it.
   */
  protected async respond(what: string, fields: Record<string, unknown>, call: () => Promise<unknown>): Promise<boolean> {
    const startedAt = Date.now();
    const outcome = await retrySwfCall(call, {
      deadline: () => (this.drainDeadlineAt !== undefined ? this.drainDeadlineAt + RESPONSE_GRACE_MS : startedAt + this.responseRetryMs),
      onRetry: (err, attempt, delayMs) =>
        this.logger.warn(`${what} failed; retrying`, { ...fields, error: errorCode(err), attempt: attempt + 1, retryInMs: delayMs }),
    });
    if (outcome.ok) return true;
    const details = { ...fields, error: errorCode(outcome.error), message: errorMessage(outcome.error) };
    if (outcome.kind === 'gone') this.logger.warn(`${what} refused: the task is no longer open (timed out or closed)`, details);
    else if (outcome.kind === 'deadline') this.logger.error(`${what} gave up: retry window ended`, details);
    else this.logger.error(`${what} rejected by SWF`, details);
    return false;
  }
}

/**
 * Waits for `work` to settle, or for `signal` to abort, whichever comes first. The abort listener is removed
 * afterwards, so calling this per task does not pile listeners on a long-lived signal.
 */
export async function settleOrAbort<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<{ readonly status: 'returned'; readonly value: T } | { readonly status: 'threw'; readonly error: unknown } | { readonly status: 'aborted' }> {
  if (signal.aborted) return { status: 'aborted' };
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<{ status: 'aborted' }>((resolve) => {
    onAbort = () => resolve({ status: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([
      work.then(
        (value) => ({ status: 'returned' as const, value }),
        (error: unknown) => ({ status: 'threw' as const, error }),
      ),
      aborted,
    ]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}
