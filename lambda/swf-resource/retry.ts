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
