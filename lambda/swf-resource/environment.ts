import type { SWFClient } from '@aws-sdk/client-swf';
import type { ArnScope, LifecycleEnv } from './lifecycle';
import { BackoffPolicy, Clock, Deadline, systemClock } from './retry';
import { SwfApi } from './swf-api';
import { StackApi, StackResourcePages } from './stack-api';

/** Tuning shared by the handler and `inspectResource`; tests shorten the waits. */
export interface SwfCallOptions {
  /** Where one line per SWF call goes. @default console.log (CloudWatch Logs in Lambda) */
  readonly log?: (line: string) => void;
  /** @default - real time */
  readonly clock?: Clock;
  /** @default { baseDelayMs: 200, maxDelayMs: 10000 } */
  readonly backoff?: BackoffPolicy;
  /** A call SWF has not answered after this long is abandoned and retried. @default 30000 */
  readonly attemptTimeoutMs?: number;
  /** How long to wait for SWF's eventually consistent reads after a write. @default 60000 */
  readonly consistencyWindowMs?: number;
  /** Time budget when no Lambda context says how much time is left. @default 600000 (10 min) */
  readonly budgetMs?: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 200, maxDelayMs: 10_000 };
export const DEFAULT_BUDGET_MS = 10 * 60_000;
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONSISTENCY_WINDOW_MS = 60_000;
/** Stop this long before Lambda would kill us, so CloudFormation gets our message rather than a timeout. */
export const LAMBDA_SAFETY_MARGIN_MS = 15_000;

export function buildEnvironment(
  swf: SWFClient,
  options: SwfCallOptions,
  remainingMs: number | undefined,
  arnScope: ArnScope | undefined,
  /** Where the stack's resources are read (the Lambda: CloudFormation). @default - not read */
  stackPages?: StackResourcePages,
): LifecycleEnv & { readonly stack?: StackApi } {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((line: string) => console.log(line));
  const budget = remainingMs !== undefined ? Math.max(1_000, remainingMs - LAMBDA_SAFETY_MARGIN_MS) : (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const tuning = {
    deadline: Deadline.after(budget, clock),
    clock,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    attemptTimeoutMs: options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
    log,
  };
  const api = new SwfApi({ swf, ...tuning });
  return {
    api,
    stack: stackPages ? new StackApi({ pages: stackPages, ...tuning }) : undefined,
    log,
    arnScope,
    consistencyWindowMs: options.consistencyWindowMs ?? DEFAULT_CONSISTENCY_WINDOW_MS,
    now: () => clock.now(),
  };
}

/**
 * The partition and account of a Lambda function ARN (the function's own, or the Provider framework's ServiceToken),
 * with the SWF client's region: enough to write a domain's ARN without asking SWF.
 */
export async function arnScopeFrom(functionArn: string | undefined, swf: SWFClient): Promise<ArnScope | undefined> {
  const match = /^arn:([\w-]+):lambda:[\w-]+:(\d{12}):function:/.exec(functionArn ?? '');
  if (!match) return undefined;
  const region = await swf.config.region();
  return region ? { partition: match[1], region, account: match[2] } : undefined;
}
