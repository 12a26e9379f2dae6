import type { Store } from '../store';
import { ACTIVITY_TYPES, TypeKind, TypeRecord, typeCollection, typeKey, WORKFLOW_TYPES } from '../records';
import { compareKeys } from './paging';

/**
 * The control plane's view of the type collections, grouped by domain and kept sorted (name, then version) so that
 * Register stays O(1) and List O(page) with 10,000 types per domain. The store stays the source of truth: this index
 * is rebuilt from it at start and every write goes through both.
 */
export class TypeIndex {
  private readonly byDomain: Record<TypeKind, Map<string, Map<string, TypeRecord>>> = {
    workflow: new Map(),
    activity: new Map(),
  };
  private readonly sorted: Record<TypeKind, Map<string, TypeRecord[]>> = { workflow: new Map(), activity: new Map() };

  constructor(private readonly store: Store) {
    for (const collection of [WORKFLOW_TYPES, ACTIVITY_TYPES]) {
      for (const record of store.values<TypeRecord>(collection)) this.domainMap(record.kind, record.domain).set(keyOf(record), record);
    }
  }

  get(kind: TypeKind, domain: string, name: string, version: string): TypeRecord | undefined {
    return this.store.get<TypeRecord>(typeCollection(kind), typeKey(domain, name, version));
  }

  count(kind: TypeKind, domain: string): number {
    return this.byDomain[kind].get(domain)?.size ?? 0;
  }

  add(record: TypeRecord): void {
    this.store.put(typeCollection(record.kind), keyOf(record), record);
    this.domainMap(record.kind, record.domain).set(keyOf(record), record);
    this.sorted[record.kind].delete(record.domain);
  }

  /** Records an in-place change (status, deprecationDate) of a record obtained from this index. */
  touch(record: TypeRecord): void {
    this.store.touch(typeCollection(record.kind), keyOf(record));
  }

  remove(record: TypeRecord): void {
    this.store.delete(typeCollection(record.kind), keyOf(record));
    this.byDomain[record.kind].get(record.domain)?.delete(keyOf(record));
    this.sorted[record.kind].delete(record.domain);
  }

  /** The domain's types of one kind, sorted by name then version. Do not mutate the array. */
  list(kind: TypeKind, domain: string): readonly TypeRecord[] {
    let list = this.sorted[kind].get(domain);
    if (!list) {
      list = [...(this.byDomain[kind].get(domain)?.values() ?? [])].sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
      this.sorted[kind].set(domain, list);
    }
    return list;
  }

  /** Deprecates every registered type in the domain (what DeprecateDomain does). */
  deprecateAll(domain: string, now: number): void {
    for (const kind of ['workflow', 'activity'] as const) {
      for (const record of this.byDomain[kind].get(domain)?.values() ?? []) {
        if (record.status !== 'REGISTERED') continue;
        record.status = 'DEPRECATED';
        record.deprecationDate = now;
        this.touch(record);
      }
    }
  }

  private domainMap(kind: TypeKind, domain: string): Map<string, TypeRecord> {
    let map = this.byDomain[kind].get(domain);
    if (!map) {
      map = new Map();
      this.byDomain[kind].set(domain, map);
    }
    return map;
  }
}

function keyOf(record: TypeRecord): string {
  return typeKey(record.domain, record.name, record.version);
}

/** Names and versions cannot contain control characters, so NUL separates them without changing the tuple order. */
export function sortKey(record: TypeRecord): string {
  return `${record.name}\u0000${record.version}`;
}
