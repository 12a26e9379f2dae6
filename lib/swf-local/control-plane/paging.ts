import { createHash } from 'node:crypto';
import { SwfError } from '../errors';
import { optionalBoolean, optionalInteger, optionalString } from '../validate';

/** SWF's page size: 0 or absent means its maximum, 1000. */
const MAX_PAGE_SIZE = 1000;
/** SWF page tokens expire after 24 hours. */
const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface PageRequest {
  readonly pageSize: number;
  readonly reverseOrder: boolean;
  readonly token?: string;
}

/** Reads `maximumPageSize`, `reverseOrder` and `nextPageToken` as every SWF List operation takes them. */
export function readPageRequest(input: Record<string, unknown>): PageRequest {
  const size = optionalInteger(input, 'maximumPageSize', 0, MAX_PAGE_SIZE) ?? 0;
  return {
    pageSize: size === 0 ? MAX_PAGE_SIZE : size,
    reverseOrder: optionalBoolean(input, 'reverseOrder') ?? false,
    token: optionalString(input, 'nextPageToken', 2048),
  };
}

interface TokenBody {
  /** Sort key of the last item handed out. */
  after: string;
  /** Fingerprint of the query, so a token cannot be replayed against other arguments. */
  query: string;
  issued: number;
}

/**
 * One page of `items`, which must already be sorted ascending by `sortKey` (unique per item). The token is opaque to
 * clients: base64 of the last key given out plus a fingerprint of the query.
 */
export function page<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  request: PageRequest,
  query: unknown,
  now: number,
): { items: T[]; nextPageToken?: string } {
  const fingerprint = createHash('sha256').update(JSON.stringify([query, request.reverseOrder])).digest('base64url');
  const ordered = request.reverseOrder ? [...items].reverse() : items;
  let start = 0;
  if (request.token !== undefined) {
    const token = decodeToken(request.token);
    if (token.query !== fingerprint) throw invalidToken('Specified token was issued for a different request');
    if (now - token.issued > TOKEN_LIFETIME_MS) throw invalidToken('Specified token has exceeded its maximum lifetime');
    start = firstAfter(ordered, sortKey, token.after, request.reverseOrder);
  }
  const slice = ordered.slice(start, start + request.pageSize);
  const more = start + request.pageSize < ordered.length;
  if (!more || slice.length === 0) return { items: slice };
  const body: TokenBody = { after: sortKey(slice[slice.length - 1]), query: fingerprint, issued: now };
  return { items: slice, nextPageToken: Buffer.from(JSON.stringify(body)).toString('base64url') };
}

/** The order every List uses: UTF-16 code units, the same comparison the token's binary search makes. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the first item strictly past `after` in the list's order (binary search; keys are sorted). */
function firstAfter<T>(ordered: readonly T[], sortKey: (item: T) => string, after: string, reversed: boolean): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const key = sortKey(ordered[mid]);
    const past = reversed ? key < after : key > after;
    if (past) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function decodeToken(token: string): TokenBody {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenBody;
    if (typeof body.after === 'string' && typeof body.query === 'string' && typeof body.issued === 'number') return body;
  } catch {
    // fall through
  }
  throw invalidToken('Specified token is not a valid page token');
}

function invalidToken(message: string): SwfError {
  return new SwfError('ValidationException', message, 'com.amazon.coral.validate');
}
