import { readdirSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { DamageLog, lineDamage } from './store-damage';
import { isPlainObject, parseLine, RawLine, readLines } from './store-lines';
import { isGeneration } from './store-snapshot';

/**
 * The journal file: every change since the snapshot, appended and fsynced by each commit.
 *   line 1:  {"swfLocalJournal":2}
 *   then:    CRC <tab> [entry, entry, ...]        one line per commit
 * An entry is `{c, k, v}` (put), `{c, k, d: 1}` (delete) or `{c, k, a}` (append to the record's list). CRC is the
 * CRC-32 (hex) of the rest of the line, so a flipped byte anywhere is damage, even one that leaves valid JSON. A
 * commit is one line, so it is applied whole or not at all: a crash mid-write leaves an unterminated last line, which
 * was never acknowledged and is dropped; a commit that fails its checksum anywhere is damage.
 * Version 1 journals (no header; one entry per line, no checksum) are still read as before. The header is appended to
 * such a journal before its first new commit, so only version 2 lines follow it.
 */
export const JOURNAL_HEADER = '{"swfLocalJournal":2}';

const JOURNAL_FILE = /^journal-(\d{1,15})\.jsonl$/;

/** The journal that continues the snapshot of `generation`: built from a checked integer, never from stored text. */
export function journalFile(generation: number): string {
  if (!isGeneration(generation)) throw new Error(`store: invalid journal generation ${generation}`);
  return `journal-${generation}.jsonl`;
}

/** The highest generation of the journals in `dataDir` (0 when there is none). */
export function newestJournalGeneration(dataDir: string): number {
  let newest = 0;
  for (const name of readdirSync(dataDir)) {
    const match = JOURNAL_FILE.exec(name);
    const generation = match ? Number(match[1]) : Number.NaN;
    if (isGeneration(generation) && generation > newest) newest = generation;
  }
  return newest;
}

/** One commit's line: its entries as JSON texts. */
export function commitLine(entries: readonly string[]): string {
  const body = `[${entries.join(',')}]`;
  return `${crc32(body).toString(16).padStart(8, '0')}\t${body}\n`;
}

export interface JournalEntry {
  c: string;
  k: string;
  v?: unknown;
  a?: unknown;
  d?: 1;
}

export interface JournalRead {
  /** Bytes that hold whole lines (a torn last line is left out). */
  readonly goodBytes: number;
  /** Whether the journal has its version 2 header (else the next commit writes it first). */
  readonly hasHeader: boolean;
}

/**
 * Reads the journal `file` at `path`, calling `apply` for each entry in order (it returns what is wrong with the entry
 * instead, when it cannot be applied). Damage goes to `damage`; with repair, the damaged line or entry is skipped.
 */
export function readJournal(
  path: string,
  file: string,
  limit: number | undefined,
  damage: DamageLog,
  apply: (entry: JournalEntry) => string | undefined,
): JournalRead {
  let goodBytes = 0;
  let hasHeader = false;
  const report = (line: RawLine, problem: string) => damage.report(lineDamage(file, line, problem));
  for (const line of readLines(path, limit)) {
    if (!line.terminated) break; // a write cut short by a crash: never acknowledged
    goodBytes = line.offset + line.length + 1;
    if (line.text === JOURNAL_HEADER) {
      if (hasHeader) report(line, 'it repeats the journal header');
      hasHeader = true;
      continue;
    }
    const entries = hasHeader ? readCommit(line) : readVersion1(line);
    if (typeof entries === 'string') {
      report(line, entries);
      continue;
    }
    entries.forEach((entry, index) => {
      const problem = entryProblem(entry) ?? apply(entry as JournalEntry);
      if (problem) report(line, entries.length === 1 ? problem : `entry ${index + 1} of ${entries.length}: ${problem}`);
    });
  }
  return { goodBytes, hasHeader };
}

/** A version 2 line's entries, or what is wrong with it. */
function readCommit(line: RawLine): unknown[] | string {
  if (!line.utf8) return 'it is not valid UTF-8';
  const bytes = line.bytes;
  if (bytes.indexOf(TAB) !== 8) return 'it is not a journal commit (CRC, entries)';
  if (Number.parseInt(bytes.toString('latin1', 0, 8), 16) !== crc32(bytes.subarray(9))) return 'its checksum does not match its contents';
  try {
    const entries = JSON.parse(bytes.toString('utf8', 9)) as unknown;
    return Array.isArray(entries) ? entries : 'it is not a journal commit (CRC, entries)';
  } catch {
    // Only a file edited by hand with its CRC recomputed gets here.
    return 'its entries are not valid JSON';
  }
}

/** A version 1 line: one entry. */
function readVersion1(line: RawLine): unknown[] | string {
  const parsed = parseLine(line);
  return 'problem' in parsed ? parsed.problem : [parsed.value];
}

function entryProblem(entry: unknown): string | undefined {
  if (!isPlainObject(entry) || typeof entry.c !== 'string' || typeof entry.k !== 'string') {
    return 'it is not a journal entry {"c", "k", ...}';
  }
  const shapes = Number('v' in entry) + Number('a' in entry) + Number('d' in entry);
  if (shapes !== 1 || Object.keys(entry).length !== 3 || ('d' in entry && entry.d !== 1)) {
    return 'a journal entry holds exactly one of "v", "a" or "d": 1';
  }
  return undefined;
}

const TAB = 9;
