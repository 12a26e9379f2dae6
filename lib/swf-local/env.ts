import type { LambdaInvoker } from './lambda/invoker';
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
  /** How Lambda tasks run. @default - they cannot (LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION) */
  readonly lambda?: LambdaTaskSettings;
}

export interface LambdaTaskSettings {
  readonly invoker: LambdaInvoker;
  /** Lambda tasks running at once. */
  readonly concurrency: number;
  /** Apply a token bucket to ScheduleLambdaFunction decisions (swf-local's `throttling` option). */
  readonly throttled: boolean;
}
