// Bundles the custom-resource handler into one file that the construct ships as a Lambda asset,
// so a user's synth never bundles anything (and never needs esbuild or Docker). The example app's Lambda task
// (lambda/fraud-check) is bundled the same way: the stack ships it and `npm start` runs it offline.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'lambda', 'swf-resource', 'index.ts');
if (!existsSync(entry)) {
  console.log('bundle-handler: no handler yet, skipped');
  process.exit(0);
}
await build({
  entryPoints: [entry],
  outfile: join(root, 'dist', 'handler-bundle', 'swf-resource', 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log('bundle-handler: dist/handler-bundle/swf-resource/index.js');

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
