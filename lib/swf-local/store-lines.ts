import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';

/** One line of a journal or snapshot file, as read from disk. */
export class RawLine {
  private decoded?: string;

  constructor(
    /** 1-based line number. */
    readonly number: number,
    /** Byte offset of the line's first byte. */
    readonly offset: number,
    /** The line's bytes, without its newline: a view of the chunk read (nothing is copied). */
    readonly bytes: Buffer,
    /** Whether the bytes are valid UTF-8. */
    readonly utf8: boolean,
    /** False for a last line with no newline after it (a write cut short by a crash). */
    readonly terminated: boolean,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  /** The line's text; undefined when its bytes are not valid UTF-8. */
  get text(): string | undefined {
    if (!this.utf8) return undefined;
    return (this.decoded ??= this.bytes.toString('utf8'));
  }
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The lines of a file, read in chunks so that a file of any size can be read a chunk at a time (a whole file read as
 * one string stops working past V8's ~512 MB string limit). Each chunk is a fresh buffer, so a line's bytes stay valid
 * after the next line is read. UTF-8 is checked once per chunk (natively), and line by line only in a chunk that
 * fails the check. `limit` reads only that many bytes.
 */
export function* readLines(path: string, limit = Number.POSITIVE_INFINITY): Generator<RawLine> {
  const fd = openSync(path, 'r');
  try {
    let carry: Buffer | undefined; // the start of a line that continues in the next chunk
    let carryOffset = 0;
    let position = 0;
    let number = 0;
    while (position < limit) {
      const chunk = Buffer.allocUnsafeSlow(Math.min(CHUNK_BYTES, limit - position));
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      const data = chunk.subarray(0, read);
      const dataOffset = position;
      position += read;
      let start = 0;
      if (carry) {
        // Only the line that straddles the two chunks is copied.
        const newline = data.indexOf(10);
        if (newline === -1) {
          carry = Buffer.concat([carry, data]);
          continue;
        }
        const bytes = Buffer.concat([carry, data.subarray(0, newline)]);
        yield new RawLine(++number, carryOffset, bytes, isUtf8(bytes), true);
        carry = undefined;
        start = newline + 1;
      }
      const last = data.lastIndexOf(10);
      const valid = last >= start && isUtf8(data.subarray(start, last));
      while (start <= last) {
        const newline = data.indexOf(10, start);
        const bytes = data.subarray(start, newline);
        yield new RawLine(++number, dataOffset + start, bytes, valid || isUtf8(bytes), true);
        start = newline + 1;
      }
      if (start < data.length) {
        carry = data.subarray(start);
        carryOffset = dataOffset + start;
      }
    }
    if (carry) yield new RawLine(++number, carryOffset, carry, isUtf8(carry), false);
  } finally {
    closeSync(fd);
  }
}

/** The line's JSON value, or why it is not one (in words for a one-line error). */
export function parseLine(line: RawLine): { value: unknown } | { problem: string } {
  if (line.text === undefined) return { problem: 'it is not valid UTF-8' };
  try {
    return { value: JSON.parse(line.text) };
  } catch {
    return { problem: 'it is not valid JSON' };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
