import { throttled } from './errors';
import type { OperationGate } from './server';

/** A token bucket: `size` tokens at most, refilled at `refillPerSecond`. */
export interface BucketQuota {
  readonly size: number;
  readonly refillPerSecond: number;
}

/**
 * AWS's documented per-account API throttling quotas for SWF (Developer Guide, "Amazon SWF quotas", throttling
 * quotas table). Operations not listed are not throttled.
 */
export const SWF_API_QUOTAS: Readonly<Record<string, BucketQuota>> = {
  CountClosedWorkflowExecutions: { size: 2000, refillPerSecond: 6 },
  CountOpenWorkflowExecutions: { size: 2000, refillPerSecond: 6 },
  CountPendingActivityTasks: { size: 200, refillPerSecond: 6 },
  CountPendingDecisionTasks: { size: 200, refillPerSecond: 6 },
  DeleteActivityType: { size: 200, refillPerSecond: 6 },
  DeleteWorkflowType: { size: 200, refillPerSecond: 6 },
  DeprecateActivityType: { size: 200, refillPerSecond: 6 },
  DeprecateDomain: { size: 100, refillPerSecond: 6 },
  DeprecateWorkflowType: { size: 200, refillPerSecond: 6 },
  DescribeActivityType: { size: 2000, refillPerSecond: 6 },
  DescribeDomain: { size: 200, refillPerSecond: 6 },
  DescribeWorkflowExecution: { size: 2000, refillPerSecond: 6 },
  DescribeWorkflowType: { size: 2000, refillPerSecond: 6 },
  GetWorkflowExecutionHistory: { size: 2000, refillPerSecond: 60 },
  ListActivityTypes: { size: 200, refillPerSecond: 6 },
  ListClosedWorkflowExecutions: { size: 200, refillPerSecond: 6 },
  ListDomains: { size: 100, refillPerSecond: 6 },
  ListOpenWorkflowExecutions: { size: 200, refillPerSecond: 48 },
  ListTagsForResource: { size: 50, refillPerSecond: 30 },
  ListWorkflowTypes: { size: 200, refillPerSecond: 6 },
  PollForActivityTask: { size: 2000, refillPerSecond: 200 },
  PollForDecisionTask: { size: 2000, refillPerSecond: 200 },
  RecordActivityTaskHeartbeat: { size: 2000, refillPerSecond: 160 },
  RegisterActivityType: { size: 200, refillPerSecond: 60 },
  RegisterDomain: { size: 100, refillPerSecond: 6 },
  RegisterWorkflowType: { size: 200, refillPerSecond: 60 },
  RequestCancelWorkflowExecution: { size: 2000, refillPerSecond: 30 },
  RespondActivityTaskCanceled: { size: 2000, refillPerSecond: 200 },
  RespondActivityTaskCompleted: { size: 2000, refillPerSecond: 200 },
  RespondActivityTaskFailed: { size: 2000, refillPerSecond: 200 },
  RespondDecisionTaskCompleted: { size: 2000, refillPerSecond: 200 },
  SignalWorkflowExecution: { size: 2000, refillPerSecond: 30 },
  StartWorkflowExecution: { size: 2000, refillPerSecond: 200 },
  TagResource: { size: 50, refillPerSecond: 30 },
  TerminateWorkflowExecution: { size: 2000, refillPerSecond: 60 },
  UndeprecateActivityType: { size: 200, refillPerSecond: 6 },
  UndeprecateDomain: { size: 100, refillPerSecond: 6 },
  UndeprecateWorkflowType: { size: 200, refillPerSecond: 6 },
  UntagResource: { size: 50, refillPerSecond: 30 },
};

/**
 * Answers ThrottlingException ("Rate exceeded") once an operation's bucket is empty, like SWF does per account.
 * Every bucket starts full.
 */
export function createThrottleGate(now: () => number, quotas: Readonly<Record<string, BucketQuota>> = SWF_API_QUOTAS): OperationGate {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (operation) => {
    const quota = Object.prototype.hasOwnProperty.call(quotas, operation) ? quotas[operation] : undefined;
    if (!quota) return;
    const t = now();
    const bucket = buckets.get(operation) ?? { tokens: quota.size, at: t };
    bucket.tokens = Math.min(quota.size, bucket.tokens + ((t - bucket.at) / 1000) * quota.refillPerSecond);
    bucket.at = t;
    buckets.set(operation, bucket);
    if (bucket.tokens < 1) throw throttled();
    bucket.tokens -= 1;
  };
}
