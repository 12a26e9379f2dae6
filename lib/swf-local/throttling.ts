import type { OperationGate } from './server';

// PLACEHOLDER — being written (issue 2): AWS's per-API token buckets.
export function createThrottleGate(_now: () => number): OperationGate {
  return () => undefined;
}
