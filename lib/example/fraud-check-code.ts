import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../provider/handler-code';

/** The directory of the example's pre-built fraud-check Lambda bundle (`dist/handler-bundle/fraud-check`). */
export function fraudCheckCodeDirectory(startDirectory: string = __dirname): string {
  const root = findPackageRoot(startDirectory);
  const directory = join(root, 'dist', 'handler-bundle', 'fraud-check');
  if (!existsSync(join(directory, 'index.js'))) {
    throw new Error(`the example's fraud-check Lambda bundle is missing (${join(directory, 'index.js')}): run "npm run build" in ${root}`);
  }
  return directory;
}
