import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { DamageLog, lineDamage } from './store-damage';
import { isPlainObject, parseLine, RawLine, readLines } from './store-lines';
import { checkedWhenRead, keyProblem, recordProblem } from './record-shapes';

/**
 * The snapshot file: lines, so that it is written and read a record at a time (no one string holds the state).
 *   line 1:   {"swfLocalSnapshot": 3, "generation": N, "records": COUNT}
 *   then:     CRC <tab> "collection" <tab> "key" <tab> value-JSON        (COUNT lines)
 * CRC is the CRC-32 (hex) of the rest of the line, so every line is checked at start-up without parsing its value:
 * the values of executions and histories are parsed (and their shape checked, see record-shapes.ts) when first used (a
 * `RawRecord` until then), which keeps a restart fast however many closed executions the directory holds; every other
 * record, and every collection and key, is checked at start-up, and --repair checks them all. JSON never holds a raw
 * tab, so the tabs separate the parts unambiguously.
 * A snapshot is written to a temporary file, fsynced and renamed into place, so it is never torn: a short one is
 * damaged. Version 1 (one JSON object `{generation, collections}`) is still read.
 */
export const SNAPSHOT_FILE = 'snapshot.json';
const FORMAT = 3;

/** A record read from the snapshot and not used yet: its value's JSON bytes (checked by the line's CRC). */
export class RawRecord {
  constructor(
    readonly json: Buffer,
    readonly line: number,
    readonly offset: number,
    readonly collection: string,
    readonly key: string,
  ) {}

  /** The value, or what is wrong with it (in words for a one-line message). */
  check(): { value: unknown } | { problem: string } {
    let value: unknown;
    try {
      value = JSON.parse(this.json.toString('utf8'));
    } catch {
      // Only a file edited by hand with its CRC recomputed gets here.
      return { problem: 'its value is not valid JSON' };
    }
    const problem = recordProblem(this.collection, this.key, value);
    return problem === undefined ? { value } : { problem };
  }
}

export type Collections = Map<string, Map<string, unknown>>;

/** Journal generations are small non-negative integers; anything else in a snapshot is damage, never a file name. */
export function isGeneration(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads the snapshot into `collections`; returns its generation (undefined when its header is unreadable). */
export function readSnapshot(path: string, collections: Collections, damage: DamageLog): number | undefined {
  const checkAll = damage.repair;
  let generation: number | undefined;
  let expected: number | undefined;
  let records = 0;
  let lastLine = 0;
  let version1 = false;
  for (const line of readLines(path)) {
    lastLine = line.number;
    if (line.number > 1 && !version1) {
      const problem = readRecord(line, collections, checkAll);
      if (problem) damage.report(lineDamage(SNAPSHOT_FILE, line, problem));
      else records++;
      continue;
    }
    const parsed = parseLine(line);
    if ('problem' in parsed) {
      damage.report(lineDamage(SNAPSHOT_FILE, line, parsed.problem));
      continue;
    }
    const value = parsed.value;
    if (line.number === 1) {
      if (isPlainObject(value) && value.swfLocalSnapshot === FORMAT && isGeneration(value.generation) && isGeneration(value.records)) {
        generation = value.generation;
        expected = value.records;
      } else if (isPlainObject(value) && 'collections' in value) {
        version1 = true;
        generation = readVersion1(value, collections, damage, line);
      } else {
        damage.report(lineDamage(SNAPSHOT_FILE, line, 'its first line is not a swf-local snapshot header with a whole-number generation'));
      }
      continue;
    }
    damage.report(lineDamage(SNAPSHOT_FILE, line, 'it follows a snapshot that is one JSON object'));
  }
  if (lastLine === 0) damage.report({ file: SNAPSHOT_FILE, problem: 'the file is empty' });
  else if (expected !== undefined && records !== expected) {
    damage.report({ file: SNAPSHOT_FILE, problem: `it holds ${records} records where its header says ${expected}` });
  }
  return generation;
}

/** Puts one record line into `collections`, its value still as text; returns what is wrong with the line instead. */
function readRecord(line: RawLine, collections: Collections, checkAll: boolean): string | undefined {
  if (!line.utf8) return 'it is not valid UTF-8';
  const bytes = line.bytes;
  const tab1 = bytes.indexOf(TAB);
  const tab2 = bytes.indexOf(TAB, tab1 + 1);
  const tab3 = bytes.indexOf(TAB, tab2 + 1);
  if (tab1 !== 8 || tab2 === -1 || tab3 === -1) return 'it is not a snapshot record (CRC, collection, key, value)';
  if (Number.parseInt(bytes.toString('latin1', 0, 8), 16) !== crc32(bytes.subarray(9))) return 'its checksum does not match its contents';
  let collection: unknown;
  let key: unknown;
  try {
    collection = JSON.parse(bytes.toString('utf8', tab1 + 1, tab2));
    key = JSON.parse(bytes.toString('utf8', tab2 + 1, tab3));
  } catch {
    return 'its collection or key is not JSON';
  }
  if (typeof collection !== 'string' || typeof key !== 'string') return 'its collection and key are not strings';
  const wrongKey = keyProblem(collection, key);
  if (wrongKey) return wrongKey;
  const raw = new RawRecord(bytes.subarray(tab3 + 1), line.number, line.offset, collection, key);
  if (checkedWhenRead(collection) && !checkAll) {
    put(collections, collection, key, raw);
    return undefined;
  }
  const checked = raw.check();
  if ('problem' in checked) return checked.problem;
  put(collections, collection, key, checked.value);
  return undefined;
}

const TAB = 9;

function crcOf(data: string | Buffer): string {
  return crc32(data).toString(16).padStart(8, '0');
}

function readVersion1(value: Record<string, unknown>, collections: Collections, damage: DamageLog, line: Parameters<typeof lineDamage>[1]): number | undefined {
  const wellFormed =
    isGeneration(value.generation) &&
    isPlainObject(value.collections) &&
    Object.values(value.collections).every((records) => isPlainObject(records));
  if (!wellFormed) {
    damage.report(lineDamage(SNAPSHOT_FILE, line, 'it is not a swf-local snapshot (a whole-number generation and collections of records)'));
    return undefined;
  }
  for (const [collection, records] of Object.entries(value.collections as Record<string, Record<string, unknown>>)) {
    for (const [key, record] of Object.entries(records)) {
      const problem = recordProblem(collection, key, record);
      if (problem) damage.report(lineDamage(SNAPSHOT_FILE, line, problem));
      else put(collections, collection, key, record);
    }
  }
  return value.generation as number;
}

function put(collections: Collections, collection: string, key: string, value: unknown): void {
  let map = collections.get(collection);
  if (!map) collections.set(collection, (map = new Map()));
  map.set(key, value);
}

const FLUSH_BYTES = 4 * 1024 * 1024;

/** Writes and fsyncs a snapshot of `collections` at `path`. Returns its size in bytes. */
export function writeSnapshot(path: string, generation: number, collections: Collections): number {
  let count = 0;
  for (const map of collections.values()) count += map.size;
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    let buffered: string[] = [];
    let bufferedLength = 0;
    const flush = () => {
      written += writeAll(fd, buffered.join(''), written);
      buffered = [];
      bufferedLength = 0;
    };
    const add = (line: string) => {
      buffered.push(line);
      bufferedLength += line.length;
      if (bufferedLength >= FLUSH_BYTES) flush();
    };
    add(JSON.stringify({ swfLocalSnapshot: FORMAT, generation, records: count }) + '\n');
    for (const [c, map] of collections) {
      const prefix = JSON.stringify(c);
      for (const [k, v] of map) {
        const rest = `${prefix}\t${JSON.stringify(k)}\t${v instanceof RawRecord ? v.json.toString('utf8') : JSON.stringify(v)}`;
        add(`${crcOf(rest)}\t${rest}\n`);
      }
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return written;
}

/** Writes all of `text` at `position`; returns the bytes written. */
export function writeAll(fd: number, text: string | Buffer, position: number): number {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset, position + offset);
  return buffer.length;
}
