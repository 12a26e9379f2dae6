import type { OperationGate } from './server';

export interface FaultInjectionOptions {
  /** Fraction (0-1) of calls answered with ThrottlingException. @default 0 */
  readonly throttleRate?: number;
  /** Fraction (0-1) of calls answered with HTTP 500 InternalFailure. @default 0 */
  readonly serverErrorRate?: number;
  /** Fraction (0-1) of calls delayed by `delayMs`. @default 0 */
  readonly delayRate?: number;
  /** @default 1000 */
  readonly delayMs?: number;
  /** Only these operations are affected. @default - all operations */
  readonly operations?: string[];
}

// PLACEHOLDER — being written (issue 2).
export function createFaultGate(_options: FaultInjectionOptions): OperationGate {
  return () => undefined;
}
