import type { Store } from './store';

/** What every operation handler gets besides its input. */
export interface OperationContext {
  readonly store: Store;
  /** Milliseconds since the epoch. The one clock all of swf-local uses. */
  now(): number;
  readonly region: string;
  readonly accountId: string;
  /** Aborted when the client goes away (long polls must then not hand out a task). */
  readonly signal: AbortSignal;
}

/** An SWF operation: JSON input in, JSON output out (undefined = empty body), or a thrown SwfError. */
export type Operation = (input: Record<string, unknown>, ctx: OperationContext) => unknown | Promise<unknown>;

export type OperationTable = Record<string, Operation>;

/** Shared, long-lived services of one swf-local instance, built once at start and stopped at close. */
export interface Engine {
  readonly operations: OperationTable;
  /** Stops background work (timers, pending polls). */
  close(): void;
}
