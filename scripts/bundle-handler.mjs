// Bundles the custom-resource handler into one file that the construct ships as a Lambda asset,
// so a user's synth never bundles anything (and never needs esbuild or Docker).
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
