import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';

/**
 * swf-local's state: named collections of JSON-serializable records, in memory, optionally durable.
 *
 * Durability is a journal of JSON lines (`{c, k, v}` = put, `{c, k, d: 1}` = delete, `{c, k, a}` = append to the
 * record's array). Operations mutate records and mark them with `put`/`touch`/`append`; the server calls `commit()`
 * after each request, *before* answering, and commit fsyncs the journal. So anything acknowledged to a client
 * survives kill -9; a torn last line (a crash mid-write, never acknowledged) is ignored on load.
 * When the journal grows well past the live data it is compacted into a snapshot (write, fsync, rename).
 */
export class Store {
  static async open(dataDir?: string): Promise<Store> {
    const store = new Store(dataDir);
    if (dataDir) {
      store.unlock = lockDataDir(dataDir);
      try {
        store.load(dataDir);
      } catch (err) {
        store.unlock();
        throw err;
      }
    }
    return store;
  }

  /** Releases the data directory (see data-dir-lock.ts). */
  private unlock?: () => void;

  private readonly collections = new Map<string, Map<string, unknown>>();
  private readonly pending: string[] = [];
  private journalFd?: number;
  private journalLines = 0;
  /** Each snapshot names the journal generation that continues it, so no entry is ever replayed twice. */
  private generation = 0;

  private constructor(private readonly dataDir?: string) {}

  get durable(): boolean {
    return this.dataDir !== undefined;
  }

  get<T>(collection: string, key: string): T | undefined {
    return this.collections.get(collection)?.get(key) as T | undefined;
  }

  has(collection: string, key: string): boolean {
    return this.collections.get(collection)?.has(key) ?? false;
  }

  /** Live records of a collection, in insertion order. Do not mutate the collection while iterating. */
  values<T>(collection: string): IterableIterator<T> {
    return (this.collections.get(collection) ?? new Map()).values() as IterableIterator<T>;
  }

  size(collection: string): number {
    return this.collections.get(collection)?.size ?? 0;
  }

  put<T>(collection: string, key: string, value: T): T {
    this.map(collection).set(key, value);
    this.record({ c: collection, k: key, v: value });
    return value;
  }

  /** Records that an existing record was mutated in place. */
  touch(collection: string, key: string): void {
    const value = this.get(collection, key);
    if (value === undefined) throw new Error(`store: touch of missing ${collection}/${key}`);
    this.record({ c: collection, k: key, v: value });
  }

  /** Appends to an array-valued record (for example an execution's history) without rewriting it. */
  append<T>(collection: string, key: string, item: T): void {
    const map = this.map(collection);
    let list = map.get(key) as T[] | undefined;
    if (!list) {
      list = [];
      map.set(key, list);
    }
    list.push(item);
    this.record({ c: collection, k: key, a: item });
  }

  delete(collection: string, key: string): void {
    if (this.collections.get(collection)?.delete(key)) this.record({ c: collection, k: key, d: 1 });
  }

  /** Makes every change since the last commit durable. Synchronous, so nothing can interleave with it. */
  commit(): void {
    if (!this.pending.length) return;
    if (this.journalFd === undefined) {
      this.pending.length = 0;
      return;
    }
    const chunk = this.pending.join('');
    this.journalLines += this.pending.length;
    this.pending.length = 0;
    writeAll(this.journalFd, chunk);
    fsyncSync(this.journalFd);
    if (this.journalLines > 10_000 && this.journalLines > 4 * this.liveRecordCount()) this.compact();
  }

  close(): void {
    this.commit();
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
    this.unlock?.();
    this.unlock = undefined;
  }

  private map(collection: string): Map<string, unknown> {
    let map = this.collections.get(collection);
    if (!map) {
      map = new Map();
      this.collections.set(collection, map);
    }
    return map;
  }

  private record(entry: object): void {
    if (this.dataDir !== undefined) this.pending.push(JSON.stringify(entry) + '\n');
  }

  private liveRecordCount(): number {
    let n = 0;
    for (const map of this.collections.values()) n += map.size;
    return n;
  }

  private load(dataDir: string): void {
    mkdirSync(dataDir, { recursive: true });
    const snapshotPath = join(dataDir, 'snapshot.json');
    if (existsSync(snapshotPath)) {
      const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Snapshot;
      this.generation = snapshot.generation;
      for (const [collection, records] of Object.entries(snapshot.collections)) {
        this.collections.set(collection, new Map(Object.entries(records)));
      }
    }
    const journalPath = this.journalPath(this.generation);
    if (existsSync(journalPath)) {
      for (const line of readFileSync(journalPath, 'utf8').split('\n')) {
        if (!line) continue;
        let entry: JournalEntry;
        try {
          entry = JSON.parse(line);
        } catch {
          break; // a torn write from a crash: it was never acknowledged, and nothing can follow it
        }
        this.replay(entry);
      }
    }
    // Start from a clean snapshot so a torn tail never sits in front of new entries.
    this.compact();
  }

  private replay(entry: JournalEntry): void {
    const map = this.map(entry.c);
    if (entry.d) map.delete(entry.k);
    else if ('a' in entry) {
      const list = (map.get(entry.k) as unknown[] | undefined) ?? [];
      list.push(entry.a);
      map.set(entry.k, list);
    } else map.set(entry.k, entry.v);
  }

  private compact(): void {
    const dataDir = this.dataDir!;
    const next = this.generation + 1;
    const snapshot: Snapshot = { generation: next, collections: {} };
    for (const [collection, map] of this.collections) snapshot.collections[collection] = Object.fromEntries(map);
    const tmp = join(dataDir, 'snapshot.json.tmp');
    const fd = openSync(tmp, 'w');
    writeAll(fd, JSON.stringify(snapshot));
    fsyncSync(fd);
    closeSync(fd);
    // The rename is the commit point: before it the old snapshot and journal hold everything, after it the new
    // snapshot does and its (still empty) journal generation starts.
    renameSync(tmp, join(dataDir, 'snapshot.json'));
    fsyncDir(dataDir);
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    rmSync(this.journalPath(this.generation), { force: true });
    this.generation = next;
    this.journalFd = openSync(this.journalPath(next), 'a');
    this.journalLines = 0;
  }

  private journalPath(generation: number): string {
    return join(this.dataDir!, `journal-${generation}.jsonl`);
  }
}

interface Snapshot {
  generation: number;
  collections: Record<string, Record<string, unknown>>;
}

type JournalEntry = { c: string; k: string; v?: unknown; a?: unknown; d?: 1 };

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
  }
}
