import { readFileSync } from 'node:fs';
import { SWF_LIMITS } from '../common/swf-constraints';
import { CliError } from './errors';

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
  if (payload !== undefined && payload.length > SWF_LIMITS.dataLength) {
    throw new CliError(`${what} is ${payload.length} characters long; SWF accepts at most ${SWF_LIMITS.dataLength}`);
  }
  return payload;
}
