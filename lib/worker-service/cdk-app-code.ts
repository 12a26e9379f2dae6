import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * Which files of a project are its CDK app (the cdk.json app entry and the sources that import the CDK), so the
 * worker image can leave them out: then editing the infrastructure does not change the image's asset hash. A
 * source the worker code imports (directly or through other sources) stays in, whatever it imports.
 */

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;
/** Modules only CDK app code loads: the CDK itself, its alpha modules, and cdk-swf's construct entry. */
const CDK_MODULE = /^(?:aws-cdk-lib(?:\/.*)?|constructs|@aws-cdk\/.+|cdk-swf)$/;
/** import/export ... from 'x', import 'x', require('x'), import('x'). */
const MODULE_REFERENCE =
  /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"\n]+)['"]|\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)|\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.mjs', '/index.cjs'];

/** A file of the project: its path relative to the root (forward slashes) and its content. */
export interface ProjectFile {
  readonly relativePath: string;
  readonly content: Buffer;
}

/**
 * The CDK app code among `files`: the files of the cdk.json `app` command, and the sources that import the CDK,
 * less every source a remaining source imports (worker code keeps what it needs).
 */
export function findCdkAppCode(root: string, files: readonly ProjectFile[]): Set<string> {
  const sources = new Map<string, string[]>();
  for (const file of files) {
    if (SOURCE_FILE.test(file.relativePath)) sources.set(file.relativePath, moduleReferences(file.content.toString('utf8')));
  }
  const cdkCode = new Set<string>(cdkAppEntries(root, files));
  for (const [file, references] of sources) {
    if (references.some((reference) => CDK_MODULE.test(reference))) cdkCode.add(file);
  }
  // Keep whatever the kept sources import, transitively.
  const pending = [...sources.keys()].filter((file) => !cdkCode.has(file));
  while (pending.length > 0) {
    const file = pending.pop()!;
    for (const reference of sources.get(file) ?? []) {
      const imported = resolveRelative(file, reference, sources);
      if (imported !== undefined && cdkCode.delete(imported)) pending.push(imported);
    }
  }
  return cdkCode;
}

/** The project files named in cdk.json's `app` command (e.g. bin/app.ts of `npx tsx bin/app.ts`). */
function cdkAppEntries(root: string, files: readonly ProjectFile[]): string[] {
  const manifest = path.join(root, 'cdk.json');
  if (!fs.existsSync(manifest)) return [];
  let app: unknown;
  try {
    app = JSON.parse(fs.readFileSync(manifest, 'utf8')).app;
  } catch {
    return [];
  }
  if (typeof app !== 'string') return [];
  const known = new Set(files.map((file) => file.relativePath));
  return app
    .split(/[\s;&|()]+/)
    .map((word) => word.replace(/^['"]|['"]$/g, '').replace(/^\.\//, ''))
    .filter((word) => known.has(word));
}

function moduleReferences(source: string): string[] {
  const references: string[] = [];
  for (const match of source.matchAll(MODULE_REFERENCE)) references.push(match[1] ?? match[2] ?? match[3]);
  return references;
}

/** The project source a relative module reference points to (TypeScript's resolution, including `./x.js` -> x.ts). */
function resolveRelative(from: string, reference: string, sources: ReadonlyMap<string, unknown>): string | undefined {
  if (!reference.startsWith('.')) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), reference));
  const bases = [target, target.replace(/\.([cm]?)jsx?$/, '.$1ts'), target.replace(/\.jsx$/, '.tsx')];
  for (const base of bases) {
    for (const suffix of RESOLVE_SUFFIXES) {
      if (sources.has(base + suffix)) return base + suffix;
    }
  }
  return undefined;
}
