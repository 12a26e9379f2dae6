import { closeSync, constants, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';
import { appendProblem, keyProblem, readAtStart, recordProblem } from './record-shapes';
import { DamagedDataError, DamageLog, describeDamage } from './store-damage';
import { fsyncDir, truncateFile } from './store-files';
import { commitLine, JOURNAL_HEADER, JournalEntry, journalFile, newestJournalGeneration, readJournal } from './store-journal';
import { Collections, RawRecord, readSnapshot, SNAPSHOT_FILE, writeAll, writeSnapshot } from './store-snapshot';

export interface StoreOpenOptions {
  /**
   * Start from a damaged data directory: keep every intact record, log what could not be read, and keep each damaged
   * file under a `.damaged-<time>` name. @default false - refuse to start, naming the damage
   */
  readonly repair?: boolean;
  /** Where repair reports and compaction problems go. @default - nowhere */
  readonly log?: (message: string) => void;
}

/** A write to the journal failed: nothing of it is kept, and this store answers no more requests (see `reopen`). */
export class StoreWriteError extends Error {
  constructor(readonly cause: Error) {
    super(`State could not be persisted (${(cause as NodeJS.ErrnoException).code ?? cause.message})`);
    this.name = 'StoreWriteError';
  }
}

const SNAPSHOT_TMP = `${SNAPSHOT_FILE}.tmp`;
/**
 * The journal is compacted once it outgrows a quarter of the last snapshot (and this floor): a restart then reads at
 * most ~1.25x the state, and disk use stays within that too, for a write cost of about 4x the journal in snapshots.
 */
const COMPACT_FLOOR_BYTES = 8 * 1024 * 1024;
const COMPACT_SHARE = 0.25;

/**
 * swf-local's state: named collections of JSON-serializable records, in memory, optionally durable.
 *
 * Durability is a journal of checksummed lines, one per commit (see store-journal.ts). Operations mutate records and
 * mark them with `put`/`touch`/`append`; the server calls `commit()` after each request, *before* answering, and
 * commit fsyncs the journal. So anything acknowledged to a client survives kill -9; a torn last line (a crash
 * mid-write, never acknowledged) is dropped whole on load. Any other damage, including a record that is not the shape
 * swf-local writes (record-shapes.ts), stops the load with one line naming it (see store-damage.ts). A failed write
 * is taken back off the journal and leaves the store `failed`: its memory holds changes that are not on disk, so the
 * server replaces it with `reopen()`, which reads back exactly what was acknowledged. When the journal outgrows the last snapshot it is
 * compacted into a new snapshot (write, fsync, rename).
 */
export class Store {
  static async open(dataDir?: string, options: StoreOpenOptions = {}): Promise<Store> {
    const store = new Store(dataDir, options.log ?? (() => undefined));
    if (dataDir) {
      store.unlock = lockDataDir(dataDir);
      try {
        store.load(options.repair ?? false);
      } catch (err) {
        store.closeJournal();
        store.unlock();
        throw err;
      }
    }
    return store;
  }

  /** Releases the data directory (see data-dir-lock.ts). */
  private unlock?: () => void;

  private readonly collections: Collections = new Map();
  private readonly pending: string[] = [];
  private journalFd?: number;
  /** Bytes of the journal that hold committed entries: the file is cut back to this after a failed write. */
  private journalBytes = 0;
  /** Whether the journal starts with its version header (a new or version 1 journal gets it with the next commit). */
  private journalHeader = false;
  private snapshotBytes = 0;
  private compactAfter = COMPACT_FLOOR_BYTES;
  /** Each snapshot names the journal generation that continues it, so no entry is ever replayed twice. */
  private generation = 0;
  private broken?: StoreWriteError;
  private changes = 0;

  private constructor(
    private readonly dataDir: string | undefined,
    private readonly log: (message: string) => void,
  ) {}

  get durable(): boolean {
    return this.dataDir !== undefined;
  }

  /** How many changes were made since the store was opened: a request that saw it unchanged changed nothing. */
  get changeCount(): number {
    return this.changes;
  }

  /** True after a failed write: memory may hold changes that never reached the disk. */
  get failed(): boolean {
    return this.broken !== undefined;
  }

  get<T>(collection: string, key: string): T | undefined {
    const map = this.collections.get(collection);
    const value = map?.get(key);
    return (value instanceof RawRecord ? this.parseInPlace(map!, key, value) : value) as T | undefined;
  }

  has(collection: string, key: string): boolean {
    return this.collections.get(collection)?.has(key) ?? false;
  }

  /** Live records of a collection, in insertion order. Do not mutate the collection while iterating. */
  *values<T>(collection: string): IterableIterator<T> {
    const map = this.collections.get(collection);
    if (!map) return;
    for (const [key, value] of map) yield (value instanceof RawRecord ? this.parseInPlace(map, key, value) : value) as T;
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
    let list = this.get<T[]>(collection, key);
    if (!list) {
      list = [];
      this.map(collection).set(key, list);
    }
    list.push(item);
    this.record({ c: collection, k: key, a: item });
  }

  delete(collection: string, key: string): void {
    if (this.collections.get(collection)?.delete(key)) this.record({ c: collection, k: key, d: 1 });
  }

  /**
   * Makes every change since the last commit durable. Synchronous, so nothing can interleave with it. Throws a
   * StoreWriteError when the write fails, and from then on at every call: the caller must not acknowledge anything.
   */
  commit(): void {
    if (this.broken) throw this.broken;
    if (!this.pending.length) return;
    if (this.journalFd === undefined) {
      this.pending.length = 0;
      return;
    }
    const chunk = Buffer.from((this.journalHeader ? '' : `${JOURNAL_HEADER}\n`) + commitLine(this.pending), 'utf8');
    this.pending.length = 0;
    try {
      writeAll(this.journalFd, chunk, this.journalBytes);
      fsyncSync(this.journalFd);
    } catch (err) {
      this.fail(err as Error);
      throw this.broken;
    }
    this.journalBytes += chunk.length;
    this.journalHeader = true;
    if (this.journalBytes > this.compactAfter) this.compactOrPostpone();
  }

  /**
   * After a failed write: a new store for the same data directory, loaded from disk, so it holds exactly what was
   * acknowledged. This store gives it the directory lock and must not be used again. Throws (and stays as it was)
   * when the directory cannot be read back.
   */
  reopen(): Store {
    const next = new Store(this.dataDir, this.log);
    if (this.dataDir !== undefined) next.load(false, { generation: this.generation, bytes: this.journalBytes });
    this.closeJournal();
    next.unlock = this.unlock;
    this.unlock = undefined;
    return next;
  }

  close(): void {
    if (!this.broken) {
      try {
        this.commit();
      } catch (err) {
        // Only background changes can be pending here (timers): none of them was acknowledged.
        this.log(`swf-local: could not save changes at shutdown: ${(err as Error).message}`);
      }
    }
    this.closeJournal();
    this.unlock?.();
    this.unlock = undefined;
  }

  private closeJournal(): void {
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
  }

  /** A snapshot record's value, parsed (and its shape checked) the first time it is used (see store-snapshot.ts). */
  private parseInPlace(map: Map<string, unknown>, key: string, raw: RawRecord): unknown {
    const checked = raw.check();
    if ('problem' in checked) {
      throw new DamagedDataError(this.dataDir ?? '', { file: SNAPSHOT_FILE, line: raw.line, offset: raw.offset, problem: checked.problem });
    }
    map.set(key, checked.value);
    return checked.value;
  }

  /** Checks now the records that start-up reads anyway (see record-shapes.ts), so their damage is reported like any. */
  private checkReadAtStart(damage: DamageLog): void {
    for (const [collection, key] of readAtStart(this.collections)) {
      const map = this.collections.get(collection)!;
      const raw = map.get(key);
      if (!(raw instanceof RawRecord)) continue;
      const checked = raw.check();
      if ('value' in checked) map.set(key, checked.value);
      else {
        damage.report({ file: SNAPSHOT_FILE, line: raw.line, offset: raw.offset, problem: checked.problem });
        map.delete(key);
      }
    }
  }

  private map(collection: string): Map<string, unknown> {
    let map = this.collections.get(collection);
    if (!map) {
      map = new Map();
      this.collections.set(collection, map);
    }
    return map;
  }

  private record(entry: JournalEntry): void {
    this.changes++;
    if (this.dataDir !== undefined) this.pending.push(JSON.stringify(entry));
  }

  private fail(cause: Error): void {
    this.broken = new StoreWriteError(cause);
    // Take the partial write back off the journal so it holds exactly what was acknowledged (reopen() cuts it again
    // if this fails too).
    try {
      ftruncateSync(this.journalFd!, this.journalBytes);
      fsyncSync(this.journalFd!);
    } catch {
      // reopen() reads only the acknowledged bytes and truncates the rest.
    }
  }

  private load(repair: boolean, acknowledged?: { generation: number; bytes: number }): void {
    const dataDir = this.dataDir!;
    mkdirSync(dataDir, { recursive: true });
    rmSync(join(dataDir, SNAPSHOT_TMP), { force: true }); // an interrupted compaction: never the state of record
    const damage = new DamageLog(dataDir, repair);
    const snapshotPath = join(dataDir, SNAPSHOT_FILE);
    if (existsSync(snapshotPath)) {
      this.generation = readSnapshot(snapshotPath, this.collections, damage) ?? newestJournalGeneration(dataDir);
      this.snapshotBytes = statSync(snapshotPath).size;
    } else {
      const newest = newestJournalGeneration(dataDir);
      if (newest > 0) {
        damage.report({ file: SNAPSHOT_FILE, problem: `it is missing, but ${journalFile(newest)} continues a snapshot` });
        this.generation = newest;
      }
    }
    const journalPath = join(dataDir, journalFile(this.generation));
    let goodBytes = 0;
    if (existsSync(journalPath)) {
      const limit = acknowledged?.generation === this.generation ? acknowledged.bytes : undefined;
      const read = readJournal(journalPath, journalFile(this.generation), limit, damage, (entry) => this.replay(entry));
      goodBytes = read.goodBytes;
      this.journalHeader = read.hasHeader;
      if (statSync(journalPath).size !== goodBytes) truncateFile(journalPath, goodBytes);
    }
    this.checkReadAtStart(damage);
    this.journalFd = openSync(journalPath, constants.O_RDWR | constants.O_CREAT);
    this.journalBytes = goodBytes;
    this.compactAfter = compactionPoint(this.snapshotBytes);
    if (damage.found.length) this.repair(damage);
    else if (repair) this.log(`swf-local: --repair: nothing in ${dataDir} is damaged`);
    else if (this.journalBytes > this.compactAfter) this.compactOrPostpone();
    // Left behind by a crash between a compaction's rename and its removal; the snapshot holds all of it.
    if (this.generation > 0) rmSync(join(dataDir, journalFile(this.generation - 1)), { force: true });
  }

  /** Applies one journal entry (checked against its collection's shape); returns what is wrong with it instead. */
  private replay(entry: JournalEntry): string | undefined {
    const problem =
      entry.d !== undefined ? keyProblem(entry.c, entry.k) : 'a' in entry ? appendProblem(entry.c, entry.k, entry.a) : recordProblem(entry.c, entry.k, entry.v);
    if (problem) return problem;
    const map = this.map(entry.c);
    if (entry.d !== undefined) map.delete(entry.k);
    else if ('a' in entry) {
      const list = this.get(entry.c, entry.k) ?? [];
      if (!Array.isArray(list)) return `it appends to ${entry.c} record ${JSON.stringify(entry.k).slice(0, 80)}, which is not a list`;
      list.push(entry.a);
      map.set(entry.k, list);
    } else map.set(entry.k, entry.v);
    return undefined;
  }

  /** Keeps what could be read: sets the damaged files aside, then writes it all as a fresh snapshot. */
  private repair(damage: DamageLog): void {
    const dataDir = this.dataDir!;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = damage.setAside(stamp);
    for (const found of damage.found) this.log(`swf-local: --repair: dropped what could not be read: ${describeDamage(dataDir, found)}`);
    this.compact();
    let records = 0;
    for (const map of this.collections.values()) records += map.size;
    this.log(`swf-local: --repair: kept ${records} intact records; the damaged files are kept as ${aside.join(', ')} in ${dataDir}`);
  }

  /** Compaction is housekeeping: when it fails (a full disk) the journal still holds everything, so it waits. */
  private compactOrPostpone(): void {
    try {
      this.compact();
    } catch (err) {
      this.compactAfter = this.journalBytes + compactionPoint(this.snapshotBytes);
      this.log(`swf-local: compaction postponed (the journal keeps everything): ${(err as Error).message}`);
    }
  }

  private compact(): void {
    const dataDir = this.dataDir!;
    const next = this.generation + 1;
    const tmp = join(dataDir, SNAPSHOT_TMP);
    let bytes: number;
    try {
      bytes = writeSnapshot(tmp, next, this.collections);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    // The rename is the commit point: before it the old snapshot and journal hold everything, after it the new
    // snapshot does and its (still empty) journal generation starts.
    renameSync(tmp, join(dataDir, SNAPSHOT_FILE));
    fsyncDir(dataDir);
    const previous = this.generation;
    this.closeJournal();
    this.generation = next;
    this.snapshotBytes = bytes;
    this.journalBytes = 0;
    this.journalHeader = false;
    this.compactAfter = compactionPoint(bytes);
    try {
      this.journalFd = openSync(join(dataDir, journalFile(next)), constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC);
    } catch (err) {
      this.broken = new StoreWriteError(err as Error);
      throw err;
    }
    rmSync(join(dataDir, journalFile(previous)), { force: true });
  }
}


function compactionPoint(snapshotBytes: number): number {
  return Math.max(COMPACT_FLOOR_BYTES, Math.round(snapshotBytes * COMPACT_SHARE));
}
