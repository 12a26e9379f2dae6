import { describe, expect, it } from 'vitest';
import { classifySwfError, isRetryableSwfError, swfErrorCode } from '../../lib/common/swf-errors';

/** An error shaped like the SDK's service exceptions: a name and the HTTP status SWF answered with. */
function answered(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client' });
}

describe('one classification of failed SWF calls for the handler, the worker runtime and the CLI', () => {
  it('retries throttling, 5xx, 429 and timeouts', () => {
    expect(classifySwfError(answered('ThrottlingException', 400))).toBe('retry');
    expect(classifySwfError(answered('InternalFailure', 500))).toBe('retry');
    expect(classifySwfError(answered('SomethingNew', 503))).toBe('retry');
    expect(classifySwfError(answered('TooManyRequests', 429))).toBe('retry');
    expect(classifySwfError(Object.assign(new Error('slow'), { name: 'TimeoutError' }))).toBe('retry');
  });

  it('retries network failures that never reached SWF, also when the SDK wraps them', () => {
    expect(classifySwfError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('retry');
    const wrapped = Object.assign(new Error('request failed'), { name: 'Error', cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    expect(isRetryableSwfError(wrapped)).toBe(true);
  });

  it('calls UnknownResourceFault gone and any other answer from SWF fatal', () => {
    expect(classifySwfError(answered('UnknownResourceFault', 400))).toBe('gone');
    expect(classifySwfError(answered('TypeAlreadyExistsFault', 400))).toBe('fatal');
    expect(classifySwfError(answered('ValidationException', 400))).toBe('fatal');
    expect(classifySwfError(answered('AccessDeniedException', 400))).toBe('fatal');
  });

  it('treats LimitExceededFault as transient only for polls (too many pollers), never for registrations (a full quota)', () => {
    const limit = answered('LimitExceededFault', 400);
    expect(classifySwfError(limit)).toBe('fatal');
    expect(classifySwfError(limit, { limitExceededIsTransient: true })).toBe('retry');
  });

  it('does not retry a call the caller aborted, nor a bug in the caller', () => {
    expect(classifySwfError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('fatal');
    expect(classifySwfError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe('fatal');
  });

  it('names an error by the SDK exception name, else by Node code', () => {
    expect(swfErrorCode(answered('ThrottlingException', 400))).toBe('ThrottlingException');
    expect(swfErrorCode(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(swfErrorCode('text')).toBe('Error');
  });
});
