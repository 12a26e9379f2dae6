/**
 * SWF carries input, results and details as strings. The runtime never forces JSON on them; these helpers are the
 * convenience: `toWireData` turns a non-string into JSON (strings pass through untouched), `parseJson` reads it back.
 */
export function toWireData(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error(`Cannot send a ${typeof value} to SWF: return a string or a JSON-serialisable value`);
  return json;
}

/** Parses a JSON wire value; an absent or empty value gives `undefined`. A malformed one throws with the text. */
export function parseJson<T = unknown>(value: string | undefined): T | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    const preview = value.length > 80 ? `${value.slice(0, 80)}...` : value;
    throw new Error(`Expected JSON but got: ${preview}`);
  }
}

/** Cuts a string to SWF's length limit for that field (reason 256, details/result 32768, heartbeat 2048). */
export function truncate(value: string | undefined, max: number): string | undefined {
  if (value === undefined || value.length <= max) return value;
  return value.slice(0, max - 3) + '...';
}
