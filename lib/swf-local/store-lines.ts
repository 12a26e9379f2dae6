import { closeSync, openSync, readSync } from 'node:fs';

/** One line of a journal or snapshot file, as read from disk. */
export interface RawLine {
  /** 1-based line number. */
  readonly number: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
  /** The line's bytes, without its newline. */
  readonly bytes: Buffer;
  /** False for a last line with no newline after it (a write cut short by a crash). */
  readonly terminated: boolean;
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The lines of a file, read in chunks so that a file of any size can be read with memory for one line at a time
 * (a whole file read as one string stops working past V8's ~512 MB string limit). `limit` reads only that many bytes.
 */
export function* readLines(path: string, limit = Number.POSITIVE_INFINITY): Generator<RawLine> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let pieces: Buffer[] = [];
    let lineStart = 0;
    let position = 0;
    let number = 0;
    while (position < limit) {
      const read = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, limit - position), position);
      if (read === 0) break;
      let from = 0;
      for (let newline = chunk.indexOf(10, 0); newline !== -1 && newline < read; newline = chunk.indexOf(10, from)) {
        pieces.push(chunk.subarray(from, newline));
        const bytes = pieces.length === 1 ? Buffer.from(pieces[0]) : Buffer.concat(pieces);
        yield { number: ++number, offset: lineStart, bytes, terminated: true };
        pieces = [];
        lineStart = position + newline + 1;
        from = newline + 1;
      }
      if (from < read) pieces.push(Buffer.from(chunk.subarray(from, read)));
      position += read;
    }
    if (pieces.length) yield { number: ++number, offset: lineStart, bytes: Buffer.concat(pieces), terminated: false };
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The line's JSON value, or why it is not one (in words for a one-line error). */
export function parseLine(line: RawLine): { value: unknown } | { problem: string } {
  let text: string;
  try {
    text = utf8.decode(line.bytes);
  } catch {
    return { problem: 'it is not valid UTF-8' };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: 'it is not valid JSON' };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
