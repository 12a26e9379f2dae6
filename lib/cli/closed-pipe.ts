/**
 * `cdk-swf executions history ... | head -1`: once the reader has what it wants it closes the pipe, and the next
 * write fails with EPIPE. That is the reader's choice, not an error: end quietly, as Unix tools do.
 */
export function endQuietlyWhenOutputCloses(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}

/** Whether a write failed because the reader of the pipe has gone (`--timeline /dev/stdout | head -c 10`). */
export function isClosedPipeError(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}
