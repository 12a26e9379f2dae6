import type { Store } from './store';

/** What the control plane and the data plane are built from. */
export interface SwfLocalEnv {
  readonly store: Store;
  readonly now: () => number;
  readonly region: string;
  readonly accountId: string;
  readonly log: (message: string) => void;
  /** How long a Poll* call is held before an empty answer (SWF: 60 s). */
  readonly longPollTimeoutMs: number;
}
