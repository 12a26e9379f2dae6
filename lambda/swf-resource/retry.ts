import { isRetryableSwfError, swfErrorCode } from '../../lib/common/swf-errors';

/**
 * Time budget and backoff. SWF's control plane is throttled hard (RegisterDomain refills 6 tokens/s per account), so
 * a deployment with many types, or several stacks at once, meets ThrottlingException as a matter of course: calls are
 * retried with exponential backoff and full jitter until the Lambda is about to run out of time.
 */

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** 0 <= random() < 1, for jitter. */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** When the work must be finished by. */
export class Deadline {
  constructor(
    private readonly endsAt: number,
    private readonly clock: Clock,
  ) {}

  static after(ms: number, clock: Clock): Deadline {
    return new Deadline(clock.now() + ms, clock);
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock.now());
  }
}

export interface BackoffPolicy {
  /** The first retry waits up to this long. */
  readonly baseDelayMs: number;
  /** No single wait is longer than this. */
  readonly maxDelayMs: number;
}

/** "Full jitter": a uniformly random wait between 0 and the exponential ceiling. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, clock: Clock): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(clock.random() * ceiling);
}

/** What a call needs to retry within the handler's time budget. */
export interface AttemptOptions {
  readonly deadline: Deadline;
  readonly clock: Clock;
  readonly backoff: BackoffPolicy;
  /** A call that has not answered after this long is abandoned and retried. */
  readonly attemptTimeoutMs: number;
  readonly log: (line: string) => void;
}

/** Why a call gave up: `refused` (an error no retry fixes) or `out of time` (retryable, but the budget is spent). */
export interface GiveUp {
  readonly kind: 'refused' | 'out of time';
  readonly code: string;
  readonly error: unknown;
  /** How many attempts were made. */
  readonly attempts: number;
  /** Seconds since the first attempt. */
  readonly seconds: number;
  /** `code: message` of the last retryable failure (this one, when out of time). */
  readonly lastFailure?: string;
}

/** Not worth starting an attempt with less time than this left. */
const MIN_ATTEMPT_MS = 250;

/**
 * Runs `send` until it succeeds, an error no retry fixes, or the deadline: throttling, 5xx and attempts cut short after
 * `attemptTimeoutMs` are retried with backoff. `label` names the call in the log; `giveUp` builds the error thrown.
 */
export async function callWithRetries<T>(
  options: AttemptOptions,
  label: string,
  send: (abortSignal: AbortSignal) => Promise<T>,
  giveUp: (why: GiveUp) => Error,
): Promise<T> {
  const { clock, deadline, backoff, log } = options;
  const firstStart = clock.now();
  let lastFailure: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const start = clock.now();
    try {
      const result = await send(AbortSignal.timeout(Math.max(1, Math.min(deadline.remainingMs(), options.attemptTimeoutMs))));
      log(`${label} -> ok (${clock.now() - start} ms)`);
      return result;
    } catch (caught) {
      // We cut the call short: at the deadline that is the end, before it the attempt timed out and is retried.
      const abandoned = swfErrorCode(caught) === 'AbortError';
      const error = abandoned ? Object.assign(new Error(`no answer within ${clock.now() - start} ms`), { name: 'TimeoutError' }) : caught;
      const code = swfErrorCode(error);
      const took = `${clock.now() - start} ms`;
      const why = (kind: GiveUp['kind']): GiveUp => ({ kind, code, error, attempts: attempt + 1, seconds: Math.round((clock.now() - firstStart) / 1000), lastFailure });
      if (!abandoned && !isRetryableSwfError(error)) {
        log(`${label} -> ${code} (${took})`);
        throw giveUp(why('refused'));
      }
      lastFailure = `${code}: ${errorMessage(error)}`;
      const delay = backoffDelay(attempt, backoff, clock);
      if (deadline.remainingMs() <= delay + MIN_ATTEMPT_MS) {
        log(`${label} -> ${code} (${took}), out of time`);
        throw giveUp(why('out of time'));
      }
      log(`${label} -> ${code} (${took}), retry in ${delay} ms`);
      await clock.sleep(delay);
    }
  }
}

/** An error's message on one line. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim() || '(no message)';
}
