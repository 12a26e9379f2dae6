import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { DamageLog, lineDamage } from './store-damage';
import { isPlainObject, parseLine, readLines } from './store-lines';

/**
 * The snapshot file: JSON lines, so that it is written and read a record at a time (no one string holds the state).
 *   line 1:   {"swfLocalSnapshot": 2, "generation": N, "records": COUNT}
 *   then:     {"c": collection, "k": key, "v": value}   (COUNT lines)
 * A snapshot is written to a temporary file, fsynced and renamed into place, so it is never torn: a short one is
 * damaged. Version 1 (one JSON object `{generation, collections}`) is still read.
 */
export const SNAPSHOT_FILE = 'snapshot.json';
const FORMAT = 2;

export type Collections = Map<string, Map<string, unknown>>;

/** Journal generations are small non-negative integers; anything else in a snapshot is damage, never a file name. */
export function isGeneration(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads the snapshot into `collections`; returns its generation (undefined when its header is unreadable). */
export function readSnapshot(path: string, collections: Collections, damage: DamageLog): number | undefined {
  let generation: number | undefined;
  let expected: number | undefined;
  let records = 0;
  let lastLine = 0;
  for (const line of readLines(path)) {
    lastLine = line.number;
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
        generation = readVersion1(value, collections, damage, line);
      } else {
        damage.report(lineDamage(SNAPSHOT_FILE, line, 'its first line is not a swf-local snapshot header with a whole-number generation'));
      }
      continue;
    }
    if (!isPlainObject(value) || typeof value.c !== 'string' || typeof value.k !== 'string' || !('v' in value) || Object.keys(value).length !== 3) {
      damage.report(lineDamage(SNAPSHOT_FILE, line, 'it is not a snapshot record {"c", "k", "v"}'));
      continue;
    }
    put(collections, value.c, value.k, value.v);
    records++;
  }
  if (lastLine === 0) damage.report({ file: SNAPSHOT_FILE, problem: 'the file is empty' });
  else if (expected !== undefined && records !== expected) {
    damage.report({ file: SNAPSHOT_FILE, problem: `it holds ${records} records where its header says ${expected}` });
  }
  return generation;
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
    for (const [key, record] of Object.entries(records)) put(collections, collection, key, record);
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
    for (const [c, map] of collections) for (const [k, v] of map) add(JSON.stringify({ c, k, v }) + '\n');
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
