import { unreachableEndpointCode } from '../common/endpoint-unreachable';
import { isRetryableSwfError } from '../common/swf-errors';
import { backoffDelay, systemClock } from '../../lambda/swf-resource/retry';

/**
 * Runs one read-only SWF call, retrying throttling, 5xx and network failures with jittered backoff (the handler's
 * classification) until `budgetMs` has passed; SWF's answers (faults) are thrown at once, and so is an endpoint that
 * refuses connections or does not resolve: the CLI is pointed at the wrong place, and waiting does not fix that.
 */
export async function withSwfRetries<T>(send: () => Promise<T>, budgetMs = 60_000): Promise<T> {
  const endsAt = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const wait = backoffDelay(attempt, { baseDelayMs: 200, maxDelayMs: 5_000 }, systemClock);
      if (!isRetryableSwfError(error) || unreachableEndpointCode(error) || Date.now() + wait > endsAt) throw error;
      await systemClock.sleep(wait);
    }
  }
}
