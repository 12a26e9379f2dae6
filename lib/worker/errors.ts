/**
 * How the runtime reacts to an SWF call that failed:
 * - `retry`: throttling, 5xx, network trouble, timeouts. Back off with jitter and try again.
 * - `gone`: UnknownResourceFault. For a task token this means the task timed out or was already closed.
 * - `fatal`: anything else (validation, permissions): retrying the same request cannot help.
 */
export type SwfErrorKind = 'retry' | 'gone' | 'fatal';

const RETRYABLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'LimitExceededFault', // too many pollers on a task list: transient by nature
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

interface ErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  cause?: unknown;
}

export function classifySwfError(err: unknown): SwfErrorKind {
  if (typeof err !== 'object' || err === null) return 'retry';
  const shape = err as ErrorShape;
  if (shape.name === 'UnknownResourceFault') return 'gone';
  if (shape.name && RETRYABLE_CODES.has(shape.name)) return 'retry';
  if (shape.code && NETWORK_CODES.has(shape.code)) return 'retry';
  if (shape.$retryable) return 'retry';
  const status = shape.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return 'retry';
  if (shape.$fault === 'server') return 'retry';
  // An SDK error that carries an HTTP status was answered by the service: the request itself is wrong.
  if (status !== undefined) return 'fatal';
  // No HTTP answer at all (socket hang up, DNS, aborted connection, unparsable body): a network problem.
  return 'retry';
}

export function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const shape = err as ErrorShape;
    // Node's network errors are plain `Error`s whose `code` (ECONNREFUSED, ...) says what happened.
    if (shape.name && shape.name !== 'Error') return shape.name;
    return shape.code ?? shape.name ?? 'Error';
  }
  return 'Error';
}

/** Thrown by `context.heartbeat()` when SWF no longer knows the task (it timed out or was closed elsewhere). */
export class ActivityTaskGoneError extends Error {
  constructor(message = 'The activity task is no longer open (it timed out or was closed)') {
    super(message);
    this.name = 'ActivityTaskGoneError';
  }
}
