import { classifySwfError, SwfErrorKind } from './errors';

export interface BackoffOptions {
  /** First delay ceiling. @default 100 */
  readonly baseMs?: number;
  /** Largest delay. @default 10000 */
  readonly maxMs?: number;
}

/** "Full jitter" exponential backoff: a random delay in [0, min(max, base * 2^attempt)]. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 100;
  const max = options.maxMs ?? 10_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.floor(Math.random() * ceiling);
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export type RetryOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly kind: SwfErrorKind | 'deadline'; readonly error: unknown };

export interface RetryOptions extends BackoffOptions {
  /** Epoch ms after which no further attempt starts. @default - no deadline */
  readonly deadline?: () => number | undefined;
  /** Called before each backoff sleep. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Calls `attempt` until it succeeds, fails in a way retrying cannot fix (`gone`/`fatal`), or the deadline passes.
 * Never throws: the caller decides what each outcome means.
 */
export async function retrySwfCall<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<RetryOutcome<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const kind = classifySwfError(error);
      if (kind !== 'retry') return { ok: false, kind, error };
      const delay = backoffDelay(attempt, options);
      const deadline = options.deadline?.();
      if (deadline !== undefined && Date.now() + delay >= deadline) return { ok: false, kind: 'deadline', error };
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
