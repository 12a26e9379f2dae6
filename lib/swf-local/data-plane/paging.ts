import { Page, PageRequest, pageFrom, tokenPosition } from '../control-plane/paging';

/** Page requests and page tokens are the control plane's: one module for both planes. */
export { decodePageToken, encodePageToken, readPageRequest } from '../control-plane/paging';
export type { PageRequest } from '../control-plane/paging';

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
): Page<T> {
  const last = tokenPosition<string | number>(request, query, now);
  const start = last === undefined ? 0 : items.findIndex((item) => keyOf(item) === last) + 1;
  return pageFrom(items, start, keyOf, request, query, now);
}
