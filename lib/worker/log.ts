/** Where the worker runtime reports what it does. Fields are small key/value context (task ids, error codes). */
export interface WorkerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One line per entry on stderr: `2026-01-01T00:00:00.000Z WARN message key=value ...` (CloudWatch-friendly). */
export function consoleLogger(prefix = ''): WorkerLogger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const context = fields
      ? Object.entries(fields)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join(' ')
      : '';
    process.stderr.write(`${new Date().toISOString()} ${level} ${prefix}${message}${context ? ' ' + context : ''}\n`);
  };
  return {
    info: (message, fields) => write('INFO', message, fields),
    warn: (message, fields) => write('WARN', message, fields),
    error: (message, fields) => write('ERROR', message, fields),
  };
}

export const silentLogger: WorkerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
