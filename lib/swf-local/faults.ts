import { setTimeout as sleep } from 'node:timers/promises';
import { internalFailure, throttled } from './errors';
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

/** Throws a one-line error naming the bad option, so a CLI flag or test typo is caught at start, not ignored. */
export function checkFaultOptions(options: FaultInjectionOptions): void {
  for (const name of ['throttleRate', 'serverErrorRate', 'delayRate'] as const) {
    const rate = options[name];
    if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0 && rate <= 1)) {
      throw new Error(`Fault injection: ${name} must be a number between 0 and 1, got ${rate}`);
    }
  }
  if ((options.throttleRate ?? 0) + (options.serverErrorRate ?? 0) > 1) {
    throw new Error('Fault injection: throttleRate + serverErrorRate must not exceed 1');
  }
  if (options.delayMs !== undefined && !(Number.isFinite(options.delayMs) && options.delayMs >= 0)) {
    throw new Error(`Fault injection: delayMs must be a number of milliseconds >= 0, got ${options.delayMs}`);
  }
}

/** Throws when `operations` names an operation swf-local does not have (a typo would otherwise inject nothing). */
export function checkFaultOperations(options: FaultInjectionOptions, known: Record<string, unknown>): void {
  const unknown = (options.operations ?? []).filter((name) => !Object.prototype.hasOwnProperty.call(known, name));
  if (unknown.length) {
    throw new Error(`Fault injection: unknown operation ${unknown.join(', ')} (operations are named as in the API, e.g. RegisterDomain)`);
  }
}

/**
 * Makes a fraction of calls slow down, throttle or fail with HTTP 500. It runs before the operation, so a failed
 * call changed nothing (as when a real SWF front end rejects a call); a delayed call then runs normally.
 */
export function createFaultGate(options: FaultInjectionOptions, random: () => number = Math.random): OperationGate {
  checkFaultOptions(options);
  const only = options.operations?.length ? new Set(options.operations) : undefined;
  const throttleRate = options.throttleRate ?? 0;
  const serverErrorRate = options.serverErrorRate ?? 0;
  const delayRate = options.delayRate ?? 0;
  const delayMs = options.delayMs ?? 1000;
  return async (operation) => {
    if (only && !only.has(operation)) return;
    if (delayRate > 0 && random() < delayRate) await sleep(delayMs);
    const draw = random();
    if (draw < throttleRate) throw throttled();
    if (draw < throttleRate + serverErrorRate) throw internalFailure('Injected fault (swf-local fault injection)');
  };
}
