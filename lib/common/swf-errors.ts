/**
 * Which failed SWF calls are worth trying again (swf-api.md §3.5, §6). One classification for every caller: the
 * custom-resource handler, the worker runtime and the CLI.
 *
 * - `retry`: throttling, 5xx, timeouts and network trouble: back off with jitter and try again.
 * - `gone`: UnknownResourceFault: the domain, type, execution or task no longer exists (for a task token: the task
 *   timed out or was closed).
 * - `fatal`: any other answer from SWF (validation, permissions, limits): the same request cannot succeed.
 */
export type SwfErrorKind = 'retry' | 'gone' | 'fatal';

/** Error names SWF and the SDK use for throttling. */
export const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

const TRANSIENT_ERROR_NAMES: ReadonlySet<string> = new Set([
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Node's codes for a connection that failed before SWF answered. */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

const PROGRAMMING_ERROR_NAMES: ReadonlySet<string> = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

/** SWF's answer for a system limit; for Poll* it means too many open polls on one task list (swf-api.md §6). */
export const LIMIT_EXCEEDED_FAULT = 'LimitExceededFault';
export const UNKNOWN_RESOURCE_FAULT = 'UnknownResourceFault';

export interface ClassifyOptions {
  /**
   * Treat LimitExceededFault as transient. True for polls, where it means too many pollers on a task list and
   * clears when one returns; false for registrations, where it means a quota (100 domains, 10,000 types) is full.
   * @default false
   */
  readonly limitExceededIsTransient?: boolean;
}

interface ErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  cause?: unknown;
}

export function classifySwfError(err: unknown, options: ClassifyOptions = {}, depth = 0): SwfErrorKind {
  if (typeof err !== 'object' || err === null) return 'retry';
  const shape = err as ErrorShape;
  const name = shape.name ?? '';
  // The caller gave up on the call (shutdown, deadline): trying again is not the caller's wish.
  if (name === 'AbortError') return 'fatal';
  if (name === UNKNOWN_RESOURCE_FAULT) return 'gone';
  // A bug in the caller, not a failed call: retrying runs into it again.
  if (PROGRAMMING_ERROR_NAMES.has(name)) return 'fatal';
  if (THROTTLING_ERROR_NAMES.has(name) || TRANSIENT_ERROR_NAMES.has(name)) return 'retry';
  if (name === LIMIT_EXCEEDED_FAULT) return options.limitExceededIsTransient ? 'retry' : 'fatal';
  if (shape.code && NETWORK_ERROR_CODES.has(shape.code)) return 'retry';
  if (shape.$retryable) return 'retry';
  const status = shape.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return 'retry';
  if (shape.$fault === 'server') return 'retry';
  // An SDK error that carries an HTTP status was answered by the service: the request itself is wrong.
  if (status !== undefined) return 'fatal';
  // A wrapped error (the SDK's `cause`) says more than its wrapper.
  if (depth < 5 && shape.cause !== undefined) return classifySwfError(shape.cause, options, depth + 1);
  // No HTTP answer at all (socket hang up, DNS, aborted connection, unparsable body): a network problem.
  return 'retry';
}

/** Throttling, 5xx, timeouts and network failures: worth trying again. SWF faults (4xx) are answers, not failures. */
export function isRetryableSwfError(err: unknown, options: ClassifyOptions = {}): boolean {
  return classifySwfError(err, options) === 'retry';
}

/** The most telling name of an error: the SDK's exception name, else Node's error code. */
export function swfErrorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const shape = err as ErrorShape;
    // Node's network errors are plain `Error`s whose `code` (ECONNREFUSED, ...) says what happened.
    if (shape.name && shape.name !== 'Error') return shape.name;
    return shape.code ?? shape.name ?? 'Error';
  }
  return 'Error';
}
