import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'cdk-swf';

/**
 * The directory of the pre-built handler bundle (`dist/handler-bundle/swf-resource`). Found by walking up to the
 * package root, so it works both from `lib/provider/*.ts` (tsx) and from `dist/lib/provider/*.js` (compiled).
 */
export function handlerCodeDirectory(startDirectory: string = __dirname): string {
  const root = findPackageRoot(startDirectory);
  const directory = join(root, 'dist', 'handler-bundle', 'swf-resource');
  if (!existsSync(join(directory, 'index.js'))) {
    throw new Error(
      `the cdk-swf custom-resource handler bundle is missing (${join(directory, 'index.js')}): run "npm run build" in ${root}`,
    );
  }
  return directory;
}

/** The cdk-swf package root above `startDirectory` (works from sources and from dist). */
export function findPackageRoot(startDirectory: string): string {
  let directory = startDirectory;
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return directory;
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${startDirectory}: reinstall ${PACKAGE_NAME}`);
    }
    directory = parent;
  }
}

function readPackageName(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined; // an unreadable package.json is simply not ours; keep walking up
  }
}
