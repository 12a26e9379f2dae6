import { createHash } from 'node:crypto';
import { validationError } from '../errors';
import { optionalBoolean, optionalInteger, optionalString } from '../validate';

/**
 * Paging as SWF's List, GetWorkflowExecutionHistory and PollForDecisionTask operations take it, for the control plane
 * and the data plane alike. Page tokens are opaque to clients (base64url JSON): they carry the position to continue
 * from, bound to the query that issued them, so they survive a restart and cannot be replayed against other arguments.
 */

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

interface PageTokenBody<T> {
  /** Where the next page continues (for a List: the key of the last item handed out). */
  position: T;
  /** Fingerprint of the query, so a token cannot be replayed against other arguments. */
  query: string;
  issued: number;
}

/** A page token bound to `query` (so it cannot be replayed against other arguments). */
export function encodePageToken<T>(position: T, query: unknown, now: number): string {
  const body: PageTokenBody<T> = { position, query: fingerprint(query), issued: now };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * The position a page token carries. ValidationException when it is not a token (or its position fails
 * `isPosition`), was issued for another query, or has expired.
 */
export function decodePageToken<T>(
  text: string,
  query: unknown,
  now: number,
  isPosition: (position: unknown) => boolean = (position) => position !== undefined,
): T {
  let body: PageTokenBody<T> | undefined;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageTokenBody<T>;
  } catch {
    body = undefined;
  }
  if (!body || typeof body.query !== 'string' || typeof body.issued !== 'number' || !isPosition(body.position)) {
    throw validationError('Specified token is not a valid page token');
  }
  if (body.query !== fingerprint(query)) throw validationError('Specified token was issued for a different request');
  if (now - body.issued > TOKEN_LIFETIME_MS) throw validationError('Specified token has exceeded its maximum lifetime');
  return body.position;
}

function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url');
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/** The position the request's token carries (undefined without a token); the token must be for `query` in this order. */
export function tokenPosition<T>(
  request: PageRequest,
  query: unknown,
  now: number,
  isPosition?: (position: unknown) => boolean,
): T | undefined {
  if (request.token === undefined) return undefined;
  return decodePageToken<T>(request.token, [query, request.reverseOrder], now, isPosition);
}

/**
 * Items `[start, start + pageSize)` of `ordered` (already in the order to hand out); while more follow, a token for
 * `query` in this order that records the key of the last item given.
 */
export function pageFrom<T>(
  ordered: readonly T[],
  start: number,
  keyOf: (item: T) => unknown,
  request: PageRequest,
  query: unknown,
  now: number,
): Page<T> {
  const items = ordered.slice(start, start + request.pageSize);
  if (start + request.pageSize >= ordered.length || items.length === 0) return { items };
  return { items, nextPageToken: encodePageToken(keyOf(items[items.length - 1]), [query, request.reverseOrder], now) };
}

/**
 * One page of `items`, which must already be sorted ascending by `sortKey` (unique per item). The token records the
 * last key given out, so the next page starts after it even if that item is gone by then.
 */
export function page<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  request: PageRequest,
  query: unknown,
  now: number,
): Page<T> {
  const ordered = request.reverseOrder ? [...items].reverse() : items;
  const after = tokenPosition<string>(request, query, now, (position) => typeof position === 'string');
  const start = after === undefined ? 0 : firstAfter(ordered, sortKey, after, request.reverseOrder);
  return pageFrom(ordered, start, sortKey, request, query, now);
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
