/**
 * SWF's rules for Lambda tasks (the ScheduleLambdaFunction decision and its events), from the SWF API reference
 * (botocore's SWF model: ScheduleLambdaFunctionDecisionAttributes, StartLambdaFunctionFailedEventAttributes).
 */
export const LAMBDA_TASK_LIMITS = {
  /** `id` of ScheduleLambdaFunction: 1-256 characters, unique among the execution's open Lambda tasks. */
  maxIdLength: 256,
  /** `name`: the function's name or ARN, 1-64 characters. */
  maxFunctionNameLength: 64,
  /** `startToCloseTimeout`: whole seconds from 1 to 900 (15 minutes, Lambda's own maximum). */
  minStartToCloseSeconds: 1,
  maxStartToCloseSeconds: 900,
  /** What SWF assumes when the decision gives no `startToCloseTimeout`. */
  defaultStartToCloseSeconds: 900,
  /** `input`, `control`, the result and failure details: SWF's Data shape. */
  maxDataLength: 32_768,
  /** `reason` of LambdaFunctionFailed: SWF's FailureReason shape. */
  maxReasonLength: 256,
  /** `message` of StartLambdaFunctionFailed (CauseMessage shape). */
  maxStartFailureMessageLength: 1728,
  /**
   * Open (scheduled or started) Lambda tasks per execution. SWF's quota page gives no separate number for Lambda
   * tasks; this is the 1,000 it sets for open activity tasks, timers and child executions.
   */
  maxOpenPerExecution: 1000,
} as const;

/**
 * Per-account token bucket for ScheduleLambdaFunction decisions (LAMBDA_FUNCTION_CREATION_RATE_EXCEEDED past it).
 * SWF publishes no quota for this decision; this is the one it publishes for ScheduleActivityTask.
 */
export const LAMBDA_SCHEDULE_QUOTA = { size: 1000, refillPerSecond: 200 } as const;

/** An IAM role ARN, the only kind of `lambdaRole` SWF can assume (else StartLambdaFunctionFailed ASSUME_ROLE_FAILED). */
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;
