// Bundles the custom-resource handler into one minified file that the construct ships as a Lambda asset,
// so a user's synth never bundles anything (and never needs esbuild or Docker). The third-party notices of
// the packages inside the bundle ship beside it, in the asset.
// The example app's Lambda task (lambda/fraud-check) is bundled too, beside it: the example stack ships it and
// `npm start` runs it offline. It is example code, so package.json's "files" leaves it out of the npm package.
import { build } from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thirdPartyNotices } from './third-party-notices.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'lambda', 'swf-resource', 'index.ts');
if (!existsSync(entry)) {
  console.log('bundle-handler: no handler yet, skipped');
  process.exit(0);
}
const outdir = join(root, 'dist', 'handler-bundle', 'swf-resource');
const result = await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile: join(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  // Error and class names stay readable in the Lambda's logs.
  keepNames: true,
  sourcemap: false,
  // The licenses go into the notices file, in full, instead of comments scattered through the bundle.
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(outdir, 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices(result.metafile, root, 'the cdk-swf custom-resource handler (index.js)'));
console.log('bundle-handler: dist/handler-bundle/swf-resource/index.js and THIRD-PARTY-NOTICES.txt');

const fraudCheck = join(root, 'lambda', 'fraud-check', 'index.ts');
if (existsSync(fraudCheck)) {
  await build({
    entryPoints: [fraudCheck],
    outfile: join(root, 'dist', 'handler-bundle', 'fraud-check', 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log('bundle-handler: dist/handler-bundle/fraud-check/index.js');
}
