import { LAMBDA_TASK_LIMITS } from '../../common/lambda-limits';

/** One run of a Lambda task's function. */
export interface LambdaInvocation {
  readonly functionName: string;
  /** The task's input: the event the function gets (JSON). */
  readonly input?: string;
  /** Time left until the task's start-to-close timeout (the function's `context.getRemainingTimeInMillis()`). */
  readonly remainingMs: number;
  /** Aborted when the task times out, its execution closes, or swf-local stops: the run is abandoned. */
  readonly signal: AbortSignal;
}

/** How a run ended, as SWF records it: LambdaFunctionCompleted or LambdaFunctionFailed. */
export type LambdaOutcome =
  | { readonly status: 'completed'; readonly result: string }
  | { readonly status: 'failed'; readonly reason: string; readonly details?: string };

/** Runs Lambda functions for swf-local's Lambda tasks. */
export interface LambdaInvoker {
  /** Why this function cannot be run at all (StartLambdaFunctionFailed's message), or undefined when it can. */
  cannotRun(functionName: string): string | undefined;
  invoke(invocation: LambdaInvocation): Promise<LambdaOutcome>;
  /** Abandons every run in progress. */
  close(): void;
}

/**
 * The outcome of a function error, from Lambda's error payload (`{"errorType", "errorMessage", "trace"}`): the
 * reason is the error type, the details the whole payload.
 */
export function functionError(payload: string, fallbackType: string): LambdaOutcome {
  let errorType: unknown;
  try {
    errorType = (JSON.parse(payload) as { errorType?: unknown } | null)?.errorType;
  } catch {
    errorType = undefined;
  }
  return {
    status: 'failed',
    reason: clip(typeof errorType === 'string' && errorType ? errorType : fallbackType, LAMBDA_TASK_LIMITS.maxReasonLength),
    details: clip(payload, LAMBDA_TASK_LIMITS.maxDataLength),
  };
}

/** A function's result as SWF keeps it; a result past SWF's data limit fails the task instead. */
export function functionResult(payload: string): LambdaOutcome {
  if (payload.length > LAMBDA_TASK_LIMITS.maxDataLength) {
    return {
      status: 'failed',
      reason: 'ResultTooLarge',
      details: `The function returned ${payload.length} characters; an SWF result holds at most ${LAMBDA_TASK_LIMITS.maxDataLength}`,
    };
  }
  return { status: 'completed', result: payload };
}

export function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max - 3) + '...';
}
