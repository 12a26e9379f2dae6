import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const NODE_MODULES_BIN = join(ROOT, 'node_modules', '.bin');

/** jsii prints a banner on every run under Node 20 (still supported by this package's engines field). */
export const QUIET_JSII_ENV = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };

/** A fresh directory outside the repository, as a user's machine would have. */
export function scratchDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cdk-swf-${prefix}-`));
}

/** Runs a command to completion and returns its stdout; a failure throws with the command's own output. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/**
 * Packs the repository as `npm publish` would (from the build `npm ci` made; scripts are not re-run) into
 * `destination` and returns the tarball's path.
 */
export function packRepository(destination: string): string {
  for (const built of ['.jsii', 'dist/bin/cdk-swf.js', 'dist/handler-bundle/swf-resource/index.js']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run "npm run build" first`);
  }
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], ROOT);
  const [{ filename }] = JSON.parse(out) as { filename: string }[];
  return join(destination, filename);
}
