import type { WorkerLogger } from './log';

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

/** How long a second signal waits for the failure responses of running tasks before the process exits anyway. */
const STOP_NOW_BOUND_MS = 5_000;

export interface ShutdownSignalOptions {
  readonly logger: WorkerLogger;
  /** @default process.exit */
  readonly exit?: (code: number) => void;
  /**
   * On a second signal: fail (or decide) the tasks in hand at once, so none is left to time out; the process exits
   * when it resolves, or after 5 s. @default - exit at once
   */
  readonly stopNow?: () => Promise<void>;
}

/**
 * First SIGTERM/SIGINT: calls `stop()` (graceful drain). A second one stops now (`stopNow`: the tasks in hand are
 * failed, not abandoned) and exits with 128 + signal number. Returns a function that removes the handlers.
 */
export function handleShutdownSignals(stop: () => Promise<void>, options: ShutdownSignalOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  let exiting = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      if (exiting) return;
      exiting = true;
      const code = 128 + (SIGNAL_NUMBERS[signal] ?? 0);
      if (!options.stopNow) {
        options.logger.warn(`${signal} again: exiting now without waiting for in-flight work`);
        exit(code);
        return;
      }
      options.logger.warn(`${signal} again: failing the tasks in hand and exiting (no drain)`);
      const bound = new Promise<void>((resolve) => setTimeout(resolve, STOP_NOW_BOUND_MS).unref());
      void Promise.race([options.stopNow().catch(() => undefined), bound]).then(() => exit(code));
      return;
    }
    stopping = true;
    options.logger.info(`${signal} received: draining (send it again to exit now)`);
    void stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
