// Builds the custom-resource handler bundle once per test run: the SWF constructs ship
// dist/handler-bundle/swf-resource as a Lambda asset and refuse to synthesize without it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(__dirname, '..', '..');
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'bundle-handler.mjs')], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    // Never block the other suites: construct tests then report the missing bundle themselves.
    console.warn(`global-setup: bundling the handler failed: ${(error as Error).message.split('\n')[0]}`);
  }
}
