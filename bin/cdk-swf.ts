#!/usr/bin/env node
// The SDK warns on every run under Node 20 (still supported by this package and by the SDK's engines field).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { endQuietlyWhenOutputCloses } from '../lib/cli/closed-pipe';
import { main } from '../lib/cli/main';

endQuietlyWhenOutputCloses();

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`cdk-swf: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
