import { classifySwfError as classifyShared, SwfErrorKind, swfErrorCode } from '../common/swf-errors';

export type { SwfErrorKind };

/**
 * How the runtime reacts to an SWF call that failed (lib/common/swf-errors.ts): `retry` backs off and tries again,
 * `gone` means the task timed out or was closed elsewhere, `fatal` cannot succeed. Workers poll, so LimitExceededFault
 * (too many pollers on a task list) is transient here.
 */
export function classifySwfError(err: unknown): SwfErrorKind {
  return classifyShared(err, { limitExceededIsTransient: true });
}

export const errorCode = swfErrorCode;

/** Thrown by `context.heartbeat()` when SWF no longer knows the task (it timed out or was closed elsewhere). */
export class ActivityTaskGoneError extends Error {
  constructor(message = 'The activity task is no longer open (it timed out or was closed)') {
    super(message);
    this.name = 'ActivityTaskGoneError';
  }
}
