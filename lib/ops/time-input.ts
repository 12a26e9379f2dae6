import { InvalidArgumentError } from 'commander';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a point in time given on the command line: an ISO 8601 date or date-time (`2026-11-22`,
 * `2026-11-22T10:00:00Z`), epoch seconds, or a relative age such as `30m`, `6h`, `7d` (that long before `now`).
 */
export function parseTimeArgument(value: string, now: () => number = Date.now): Date {
  const text = value.trim();
  const relative = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text);
  if (relative) return new Date(now() - Number(relative[1]) * UNIT_MS[relative[2].toLowerCase()]);
  if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1_000);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return new Date(parsed);
  }
  throw new InvalidArgumentError('Use an ISO 8601 time (2026-11-22T10:00:00Z), epoch seconds, or an age like 30m, 6h, 7d.');
}

/** Parses a whole number of seconds for an SWF timeout, or NONE; SWF takes them as strings. */
export function parseTimeoutArgument(value: string): string {
  const text = value.trim();
  if (/^none$/i.test(text)) return 'NONE';
  if (/^\d{1,8}$/.test(text)) return String(Number(text));
  throw new InvalidArgumentError('Use a whole number of seconds, or NONE.');
}
