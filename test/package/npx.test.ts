// `npx cdk-swf ...` inside this repository, as the README's commands run it in a fresh clone after `npm ci`.
// npm exec links the project into its npx cache and runs the link's `prepare`; with the build up to date that
// must not rebuild anything. A fresh npm cache makes every run the user's very first call.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT, run, scratchDirectory } from './support';

const BUILD_OUTPUTS = ['.jsii', 'dist/bin/cdk-swf.js', 'dist/handler-bundle/swf-resource/index.js'];
let npmCache: string;

beforeAll(async () => {
  const { staleBuildReason } = await import('../../scripts/build-freshness.mjs');
  const stale = staleBuildReason();
  // Running npx on a stale build would rebuild dist/ under the other suites: ask for the build instead.
  if (stale !== undefined) throw new Error(`${stale}: run "npm run build" before this test`);
  npmCache = scratchDirectory('npm-cache');
});

afterAll(() => {
  if (npmCache) rmSync(npmCache, { recursive: true, force: true });
});

it('the first `npx cdk-swf` in the repository runs the built CLI without rebuilding or downloading anything', () => {
  const before = BUILD_OUTPUTS.map((output) => statSync(join(ROOT, output)).mtimeMs);
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

  const out = run('npx', ['cdk-swf', '--version'], ROOT, { npm_config_cache: npmCache, npm_config_offline: 'true' });

  expect(out.trim()).toBe(version);
  expect(BUILD_OUTPUTS.map((output) => statSync(join(ROOT, output)).mtimeMs)).toEqual(before);
});
