import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors';

/**
 * Checks, before any SWF call, that `file` can be written (`--out`, `--timeline`), so a typo in the path is reported
 * at once instead of after every read, when the work done would be lost.
 */
export function checkOutputFile(file: string, flag: string, exampleName: string): void {
  const target = statOf(file);
  if (target?.isDirectory()) {
    throw new CliError(`${flag} ${file} is a directory: give a file path in it, e.g. ${path.join(file, exampleName)}`);
  }
  const directory = path.dirname(path.resolve(file));
  const parent = statOf(directory);
  if (!parent) throw new CliError(`cannot write ${flag} ${file}: directory ${directory} does not exist: create it (mkdir -p ${directory}) or choose another path`);
  if (!parent.isDirectory()) throw new CliError(`cannot write ${flag} ${file}: ${directory} is not a directory: choose another path`);
  try {
    fs.accessSync(target ? file : directory, fs.constants.W_OK);
  } catch {
    const what = target ? `file ${file}` : `directory ${directory}`;
    throw new CliError(`cannot write ${flag} ${file}: ${what} is not writable: choose another path`);
  }
}

/** The file's stat, or undefined when there is nothing there (a missing entry, or a file where a directory should be). */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
