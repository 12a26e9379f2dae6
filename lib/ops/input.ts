import { readFileSync } from 'node:fs';
import { CliError } from './errors';

/** SWF's limit on input, result, details and signal data. */
export const MAX_DATA_LENGTH = 32_768;

/**
 * The payload for `--input TEXT` or `--input-file FILE` (`-` reads standard input), passed to SWF exactly as given.
 * Undefined when neither was used.
 */
export function readPayload(options: { input?: string; inputFile?: string }, what = 'input'): string | undefined {
  let payload: string | undefined = options.input;
  if (options.inputFile !== undefined) {
    try {
      payload = readFileSync(options.inputFile === '-' ? 0 : options.inputFile, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read --input-file '${options.inputFile}': ${(err as Error).message}`);
    }
  }
  if (payload !== undefined && payload.length > MAX_DATA_LENGTH) {
    throw new CliError(`${what} is ${payload.length} characters long; SWF accepts at most ${MAX_DATA_LENGTH}`);
  }
  return payload;
}
