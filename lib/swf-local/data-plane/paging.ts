import { optionalBoolean, optionalInteger, optionalString } from '../validate';
import { decodePageToken, encodePageToken } from './tokens';

/** 0 or absent means SWF's maximum page size. */
const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  readonly pageSize: number;
  readonly reverseOrder: boolean;
  readonly token?: string;
}

export function readPageRequest(input: Record<string, unknown>): PageRequest {
  const size = optionalInteger(input, 'maximumPageSize', 0, MAX_PAGE_SIZE) ?? 0;
  return {
    pageSize: size === 0 ? MAX_PAGE_SIZE : size,
    reverseOrder: optionalBoolean(input, 'reverseOrder') ?? false,
    token: optionalString(input, 'nextPageToken', 2048),
  };
}

/**
 * One page of `items` (already in the order to hand out). The token records the key of the last item given, so
 * items added later (new history events, new executions) never shift a page.
 */
export function pageOf<T>(
  items: readonly T[],
  keyOf: (item: T) => string | number,
  request: PageRequest,
  query: unknown,
  now: number,
): { items: T[]; nextPageToken?: string } {
  let start = 0;
  const bound = [query, request.reverseOrder];
  if (request.token !== undefined) {
    const last = decodePageToken<string | number>(request.token, bound, now);
    start = items.findIndex((item) => keyOf(item) === last) + 1;
  }
  const page = items.slice(start, start + request.pageSize);
  if (start + request.pageSize >= items.length || page.length === 0) return { items: page };
  return { items: page, nextPageToken: encodePageToken(keyOf(page[page.length - 1]), bound, now) };
}
