// Whether the build outputs are newer than everything they are built from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE_DIRECTORIES = ['bin', 'lib', 'lambda'];
const SOURCE_FILES = [
  'package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.jsii.json',
  'scripts/bundle-handler.mjs', 'scripts/third-party-notices.mjs',
];
/** What `npm run build` writes last in each of its steps (tsc, jsii, esbuild). */
const OUTPUTS = ['dist/bin/cdk-swf.js', '.jsii', 'dist/handler-bundle/swf-resource/index.js'];

function newestIn(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Undefined when the build is up to date, or why it is not. */
export function staleBuildReason(root = ROOT) {
  const missing = OUTPUTS.find((output) => !existsSync(join(root, output)));
  if (missing) return `${missing} is missing`;
  const oldestOutput = Math.min(...OUTPUTS.map((output) => statSync(join(root, output)).mtimeMs));
  const newestSource = Math.max(
    ...SOURCE_DIRECTORIES.map((directory) => newestIn(join(root, directory))),
    ...SOURCE_FILES.map((file) => statSync(join(root, file)).mtimeMs),
  );
  return newestSource > oldestOutput ? 'sources changed since the last build' : undefined;
}
