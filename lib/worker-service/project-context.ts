import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IgnoreStrategy } from 'aws-cdk-lib';
import { findCdkAppCode, ProjectFile } from './cdk-app-code';

/*
 * The Docker build context of a worker image built from a user's project: a deterministic copy of the project's
 * files (package.json, lockfile, sources; never node_modules, cdk.out or .git) plus the Dockerfile, staged in a
 * directory named by its content. CDK then stages that directory as the image asset, so the asset hash depends on
 * exactly what the image is built from.
 */

/** The name of the Dockerfile inside the staged context. */
export const STAGED_DOCKERFILE = 'cdk-swf-worker.Dockerfile';

/** A Node.js project whose workers go into an image. */
export interface WorkerProject {
  /** Absolute path of the project root (the directory with package.json). */
  readonly root: string;
  /** The parsed package.json. */
  readonly manifest: PackageManifest;
}

export interface PackageManifest {
  readonly name?: string;
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

/** A staged build context. */
export interface StagedContext {
  readonly directory: string;
  /** The project files in the context, relative to the root (forward slashes). */
  readonly files: ReadonlySet<string>;
  /** The CDK app code left out of the context. */
  readonly cdkAppCode: ReadonlySet<string>;
}

/**
 * The project root: `directory`, or where the CDK CLI runs the app (the working directory, which holds cdk.json)
 * or the nearest directory above it with a package.json.
 */
export function findWorkerProject(directory: string | undefined): WorkerProject {
  let root: string;
  if (directory !== undefined) {
    root = path.resolve(directory);
    if (!fs.existsSync(path.join(root, 'package.json'))) {
      throw new Error(`worker image directory '${root}' has no package.json: give the root of your Node.js project as 'directory'`);
    }
  } else {
    root = process.cwd();
    while (!fs.existsSync(path.join(root, 'package.json'))) {
      const parent = path.dirname(root);
      if (parent === root) {
        throw new Error(`no package.json in '${process.cwd()}' or above: run the CDK app from your project root, or give WorkerImage.fromProject({ directory })`);
      }
      root = parent;
    }
  }
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  } catch (error) {
    throw new Error(`cannot read '${path.join(root, 'package.json')}' for the worker image: ${(error as Error).message}`);
  }
  return { root, manifest };
}

/**
 * What the shipped Dockerfile needs of a project (npm ci from a lockfile; the cdk-swf CLI among the production
 * dependencies); the first thing missing is one line that says what to change.
 */
export function checkProjectForWorkerImage(project: WorkerProject): void {
  const { root, manifest } = project;
  if (!fs.existsSync(path.join(root, 'package-lock.json'))) {
    const other = ['yarn.lock', 'pnpm-lock.yaml', 'bun.lockb'].find((lockfile) => fs.existsSync(path.join(root, lockfile)));
    throw new Error(
      `worker image: '${root}' has no package-lock.json: the image installs your project with npm ci, so run npm install there and keep the lockfile`
        + (other ? ` (${other} is not read: the image uses npm)` : ''),
    );
  }
  if (manifest.name === 'cdk-swf') return;
  if (manifest.dependencies?.['cdk-swf'] === undefined) {
    const where = manifest.devDependencies?.['cdk-swf'] !== undefined ? 'has cdk-swf only in devDependencies' : 'does not depend on cdk-swf';
    throw new Error(
      `worker image: '${path.join(root, 'package.json')}' ${where}: the image runs the cdk-swf CLI from its production dependencies, so add cdk-swf to "dependencies"`,
    );
  }
}

/**
 * Copies the project's files, less `excludes` (Docker ignore syntax), with `excludeOtherImages` the sub-directories
 * that hold a Dockerfile of their own (another image's sources), and with `excludeCdkAppCode` the CDK app code, and
 * the Dockerfile into a directory of the system temp dir named by the content's hash (reused when the content is the
 * same).
 */
export function stageWorkerContext(options: {
  project: WorkerProject;
  dockerfile: string;
  excludes: readonly string[];
  excludeCdkAppCode: boolean;
  excludeOtherImages: boolean;
}): StagedContext {
  const { root } = options.project;
  const outputs = synthOutputDirectories(root);
  let files = listProjectFiles(root, IgnoreStrategy.docker(root, [...outputs, ...options.excludes]));
  // Left out before `excludes`, so that a `!directory` there takes one back.
  const otherImages = options.excludeOtherImages ? directoriesWithDockerfile(files) : [];
  if (otherImages.length > 0) {
    const ignore = IgnoreStrategy.docker(root, [...outputs, ...otherImages, ...options.excludes]);
    files = files.filter((file) => !ignore.ignores(path.join(root, file.relativePath)));
  }
  const cdkAppCode = options.excludeCdkAppCode ? findCdkAppCode(root, files) : new Set<string>();
  const kept = files.filter((file) => !cdkAppCode.has(file.relativePath));
  const dockerfile = fs.readFileSync(options.dockerfile);

  const hash = createHash('sha256');
  for (const file of [...kept, { relativePath: STAGED_DOCKERFILE, content: dockerfile }]) {
    hash.update(`${file.relativePath}\0${file.content.length}\0`).update(file.content);
  }
  const parent = path.join(os.tmpdir(), 'cdk-swf-worker-contexts');
  const directory = path.join(parent, hash.digest('hex').slice(0, 32));
  if (!fs.existsSync(directory)) {
    // Staged beside the final name and renamed into place, so a concurrent or interrupted synth never sees half of it.
    fs.mkdirSync(parent, { recursive: true });
    const partial = fs.mkdtempSync(`${directory}.partial-`);
    for (const file of kept) {
      const target = path.join(partial, file.relativePath);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.content, { mode: fs.statSync(path.join(root, file.relativePath)).mode & 0o777 });
    }
    fs.writeFileSync(path.join(partial, STAGED_DOCKERFILE), dockerfile);
    try {
      fs.renameSync(partial, directory);
    } catch (error) {
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(directory)) throw error;
    }
  }
  return { directory, files: new Set(kept.map((file) => file.relativePath)), cdkAppCode };
}

/**
 * Where this synth writes (CDK_OUTDIR, set by the CDK CLI) and cdk.json's `output`, when inside the project: never
 * part of the context (it would hold the staged context itself).
 */
function synthOutputDirectories(root: string): string[] {
  const directories: string[] = [];
  if (process.env.CDK_OUTDIR) directories.push(path.resolve(process.env.CDK_OUTDIR));
  try {
    const output = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).output;
    if (typeof output === 'string') directories.push(path.resolve(root, output));
  } catch {
    // no cdk.json, or not JSON: nothing more to leave out
  }
  return directories
    .map((directory) => path.relative(root, directory).split(path.sep).join('/'))
    .filter((relative) => relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The sub-directories (not the root) with a file named Dockerfile. */
function directoriesWithDockerfile(files: readonly ProjectFile[]): string[] {
  return files
    .filter((file) => path.posix.basename(file.relativePath) === 'Dockerfile' && file.relativePath.includes('/'))
    .map((file) => path.posix.dirname(file.relativePath));
}

/** Every file of the project not ignored, sorted by path (symbolic links are followed; other special files skipped). */
function listProjectFiles(root: string, ignore: IgnoreStrategy): ProjectFile[] {
  const files: ProjectFile[] = [];
  const walk = (directory: string): void => {
    for (const name of fs.readdirSync(directory).sort()) {
      const absolute = path.join(directory, name);
      const stat = fs.statSync(absolute, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (!ignore.completelyIgnores(absolute)) walk(absolute);
      } else if (stat.isFile() && !ignore.ignores(absolute)) {
        files.push({ relativePath: path.relative(root, absolute).split(path.sep).join('/'), content: fs.readFileSync(absolute) });
      }
    }
  };
  walk(root);
  return files;
}
