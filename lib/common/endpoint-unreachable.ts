/**
 * Connection failures that say the endpoint itself is wrong or down, not that SWF is busy: nothing listens there
 * (ECONNREFUSED) or its host name does not resolve (ENOTFOUND, EAI_AGAIN). A CLI run stops at the first one instead
 * of retrying for the length of its budget; long-lived callers (the worker, the Lambda handler) keep retrying them as
 * network trouble (see ./swf-errors).
 */
export const UNREACHABLE_ENDPOINT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

interface NetworkErrorShape {
  readonly code?: unknown;
  /** AggregateError: Node tries `localhost` on ::1 and 127.0.0.1 and reports both refusals. */
  readonly errors?: unknown;
  /** The SDK sometimes wraps the socket error. */
  readonly cause?: unknown;
}

/** The Node error code saying the endpoint cannot be reached (ECONNREFUSED ...), or undefined for any other error. */
export function unreachableEndpointCode(err: unknown): string | undefined {
  return networkErrorCode(err, UNREACHABLE_ENDPOINT_CODES);
}

/**
 * The first of `codes` that a network error carries: on the error itself, on each error of an AggregateError, or on
 * the error the SDK wrapped (`cause`).
 */
export function networkErrorCode(err: unknown, codes: ReadonlySet<string>, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 5) return undefined;
  const shape = err as NetworkErrorShape;
  if (typeof shape.code === 'string' && codes.has(shape.code)) return shape.code;
  const nested = [...(Array.isArray(shape.errors) ? shape.errors : []), shape.cause];
  for (const inner of nested) {
    const code = networkErrorCode(inner, codes, depth + 1);
    if (code) return code;
  }
  return undefined;
}
