import Table from 'cli-table3';

/**
 * Output for the operator CLI: tables for people (local times), JSON for scripts (ISO 8601 times).
 * Everything goes through process.stdout so that callers (and tests) see one stream.
 */

export function writeLine(text = ''): void {
  process.stdout.write(text + '\n');
}

/** Prints a value as JSON. Dates become ISO 8601 (their toJSON), SDK `$metadata` is dropped, undefined is omitted. */
export function printJson(value: unknown): void {
  writeLine(JSON.stringify(value, (key, v) => (key === '$metadata' ? undefined : v), 2));
}

// Borderless, column-aligned, no colours: reads like `docker ps`, greps and pipes cleanly.
const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

export type Cell = string | number | undefined | null;

/** A table with a header row. An empty list prints `emptyMessage` instead. */
export function printTable(head: string[], rows: Cell[][], emptyMessage = 'No results.', maxCellWidth = 60): void {
  if (rows.length === 0) {
    writeLine(emptyMessage);
    return;
  }
  const table = new Table({
    head: head.map((h) => h.toUpperCase()),
    chars: PLAIN_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push(row.map((c) => cellText(c, maxCellWidth)));
  writeLine(trimLines(table.toString()));
}

/** A two-column "field: value" listing for describe commands; rows with no value are left out. */
export function printDetails(rows: Array<[string, Cell]>): void {
  const table = new Table({
    chars: PLAIN_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const [field, value] of rows) {
    if (value === undefined || value === null || value === '') continue;
    table.push([field, cellText(value, 100)]);
  }
  writeLine(trimLines(table.toString()));
}

function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

function cellText(value: Cell, max = 60): string {
  if (value === undefined || value === null) return '';
  return truncate(String(value).replace(/\s+/g, ' '), max);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** `2026-11-22 23:54:43` in the machine's time zone (tables); empty for no date. */
export function localTime(date: Date | undefined): string {
  if (!date) return '';
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** A short human duration: `850ms`, `12.3s`, `4m05s`, `2h10m`, `3d4h`. */
export function formatDuration(ms: number): string {
  if (ms < 0) ms = 0;
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, '')}s`;
  const s = Math.round(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  if (m < 1_440) return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
  const h = Math.round(m / 60);
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

/** An SWF duration string for people: `30 s`, `3600 s (1h00m)`, or `NONE` as is. */
export function seconds(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) return value;
  const n = Number(value);
  return n < 60 ? `${n} s` : `${n} s (${formatDuration(n * 1_000)})`;
}
