import { Page, PageRequest, pageFrom, tokenPosition } from '../control-plane/paging';

/** Page requests and page tokens are the control plane's: one module for both planes. */
export { decodePageToken, encodePageToken, readPageRequest } from '../control-plane/paging';
export type { PageRequest } from '../control-plane/paging';

/**
 * How a list is ordered: each item's sort key (unique per item), how two keys compare in the list's forward order,
 * and what a key looks like (a token's position is checked against it before use).
 */
export interface SortOrder<T, K> {
  readonly keyOf: (item: T) => K;
  readonly compare: (a: K, b: K) => number;
  readonly isKey: (value: unknown) => boolean;
}

/**
 * One page of `items`, sorted in `order` (reversed when the request asks). The token records the sort key of the last
 * item given, and the next page starts at the first item past that key: items that close, start or go away between
 * pages never make a page repeat or skip another item, even when the last item given is gone by then.
 */
export function pageOf<T, K>(items: readonly T[], order: SortOrder<T, K>, request: PageRequest, query: unknown, now: number): Page<T> {
  const direction = request.reverseOrder ? -1 : 1;
  const ordered = request.reverseOrder ? [...items].reverse() : items;
  const after = tokenPosition<K>(request, query, now, order.isKey);
  const start = after === undefined ? 0 : firstPast(ordered, (item) => direction * order.compare(order.keyOf(item), after) > 0);
  return pageFrom(ordered, start, order.keyOf, request, query, now);
}

/** Index of the first item for which `past` holds (it holds for every item after it): a binary search. */
function firstPast<T>(ordered: readonly T[], past: (item: T) => boolean): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(ordered[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
