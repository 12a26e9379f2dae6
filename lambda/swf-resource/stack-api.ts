import { isRetryableSwfError, swfErrorCode } from '../../lib/common/swf-errors';
import { BackoffPolicy, backoffDelay, Clock, Deadline } from './retry';

/**
 * The one CloudFormation read the handler makes: the resources of its own stack (ListStackResources, paged), with
 * the same deadline and backoff as its SWF calls. The SDK call itself lives in cloudformation-pages.ts, which only
 * the Lambda entry point loads: `cdk-swf apply` runs the engine without CloudFormation.
 */

/** One resource of the stack, as ListStackResources summarizes it. */
export interface StackResourceSummary {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly physicalId?: string;
  readonly status: string;
}

export interface StackResourcesPage {
  readonly resources: readonly StackResourceSummary[];
  readonly nextToken?: string;
}

/** One ListStackResources call for one page, without retries. */
export interface StackResourcePages {
  listPage(stackId: string, nextToken: string | undefined, abortSignal: AbortSignal): Promise<StackResourcesPage>;
}

/** CloudFormation could not be read (denied, throttled past the deadline, unreachable). */
export class StackReadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StackReadError';
  }
}

export interface StackApiOptions {
  readonly pages: StackResourcePages;
  readonly deadline: Deadline;
  readonly clock: Clock;
  readonly backoff: BackoffPolicy;
  readonly attemptTimeoutMs: number;
  readonly log: (line: string) => void;
}

/** Not worth starting an attempt with less time than this left. */
const MIN_ATTEMPT_MS = 250;

export class StackApi {
  constructor(private readonly options: StackApiOptions) {}

  /** Every resource of the stack, all pages. Throws a StackReadError when CloudFormation cannot answer. */
  async listResources(stackId: string): Promise<StackResourceSummary[]> {
    const resources: StackResourceSummary[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.call(stackId, (abortSignal) => this.options.pages.listPage(stackId, token, abortSignal));
      resources.push(...page.resources);
      nextToken = page.nextToken;
    } while (nextToken);
    return resources;
  }

  private async call<T>(stackId: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const { clock, deadline, backoff, log } = this.options;
    for (let attempt = 0; ; attempt++) {
      const start = clock.now();
      try {
        const result = await send(AbortSignal.timeout(Math.max(1, Math.min(deadline.remainingMs(), this.options.attemptTimeoutMs))));
        log(`cloudformation ListStackResources ${stackId} -> ok (${clock.now() - start} ms)`);
        return result;
      } catch (error) {
        // We cut an attempt short after attemptTimeoutMs: that is worth another attempt, like throttling.
        const abandoned = swfErrorCode(error) === 'AbortError';
        const code = abandoned ? 'TimeoutError' : swfErrorCode(error);
        const message = `CloudFormation ListStackResources (${stackId}) failed with ${code}: ${abandoned ? `no answer within ${clock.now() - start} ms` : errorMessage(error)}`;
        const delay = backoffDelay(attempt, backoff, clock);
        if (!(abandoned || isRetryableSwfError(error)) || deadline.remainingMs() <= delay + MIN_ATTEMPT_MS) {
          log(`cloudformation ListStackResources ${stackId} -> ${code} (${clock.now() - start} ms), giving up`);
          throw new StackReadError(code, attempt > 0 ? `${message} (after ${attempt + 1} attempts)` : message);
        }
        log(`cloudformation ListStackResources ${stackId} -> ${code} (${clock.now() - start} ms), retry in ${delay} ms`);
        await clock.sleep(delay);
      }
    }
  }
}

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim() || '(no message)';
}
