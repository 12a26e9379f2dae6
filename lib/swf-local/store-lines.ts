import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';

/** One line of a journal or snapshot file, as read from disk. */
export interface RawLine {
  /** 1-based line number. */
  readonly number: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
  /** Length of the line in bytes, without its newline. */
  readonly length: number;
  /** The line's text; undefined when its bytes are not valid UTF-8. */
  readonly text: string | undefined;
  /** False for a last line with no newline after it (a write cut short by a crash). */
  readonly terminated: boolean;
}

const CHUNK_BYTES = 4 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * The lines of a file, read in chunks so that a file of any size can be read with memory for one chunk at a time
 * (a whole file read as one string stops working past V8's ~512 MB string limit). `limit` reads only that many bytes.
 * UTF-8 is checked once per chunk (natively), and line by line only in a chunk that fails the check.
 */
export function* readLines(path: string, limit = Number.POSITIVE_INFINITY): Generator<RawLine> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry = EMPTY; // the start of a line that continues in the next chunk
    let carryOffset = 0;
    let position = 0;
    let number = 0;
    while (position < limit) {
      const read = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, limit - position), position);
      if (read === 0) break;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      const dataOffset = carry.length ? carryOffset : position;
      position += read;
      const last = data.lastIndexOf(10);
      if (last === -1) {
        carry = Buffer.from(data);
        carryOffset = dataOffset;
        continue;
      }
      const valid = isUtf8(data.subarray(0, last));
      for (let start = 0; start <= last; ) {
        const newline = data.indexOf(10, start);
        const text = valid || isUtf8(data.subarray(start, newline)) ? data.toString('utf8', start, newline) : undefined;
        yield { number: ++number, offset: dataOffset + start, length: newline - start, text, terminated: true };
        start = newline + 1;
      }
      carry = last + 1 < data.length ? Buffer.from(data.subarray(last + 1)) : EMPTY;
      carryOffset = dataOffset + last + 1;
    }
    if (carry.length) {
      yield { number: ++number, offset: carryOffset, length: carry.length, text: isUtf8(carry) ? carry.toString('utf8') : undefined, terminated: false };
    }
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
