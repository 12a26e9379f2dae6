// `npm run prepare`: builds the package unless the build is already up to date.
//
// npm runs `prepare` on `npm ci` in a fresh clone, and again whenever `npx cdk-swf` is run inside this repository:
// npm exec sees that the project itself has a `cdk-swf` bin, links the project into its npx cache and prepares that
// link. Skipping an up-to-date build makes that first `npx cdk-swf` start at once instead of rebuilding the
// repository in place. `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import { ROOT, staleBuildReason } from './build-freshness.mjs';

const reason = staleBuildReason();
if (reason === undefined) {
  console.log('prepare: the build is up to date (npm run build rebuilds)');
} else {
  console.log(`prepare: ${reason}; building`);
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const result = spawnSync(npm[0], [...npm[1], 'run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
