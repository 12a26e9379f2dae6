import type { WorkerLogger } from './log';

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

export interface ShutdownSignalOptions {
  readonly logger: WorkerLogger;
  /** @default process.exit */
  readonly exit?: (code: number) => void;
}

/**
 * First SIGTERM/SIGINT: calls `stop()` (graceful drain). A second one exits at once with 128 + signal number.
 * Returns a function that removes the handlers.
 */
export function handleShutdownSignals(stop: () => Promise<void>, options: ShutdownSignalOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn(`${signal} again: exiting now without waiting for in-flight work`);
      exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
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
