// Synth benchmark: one domain and 400 types (200 workflow + 200 activity types) in one stack.
// Prints the construct and synth times, the template size and its resource count next to CloudFormation's
// limits (1 MB template body via S3, 500 resources per stack).
// The SDK warns on every client under Node 20, which this package supports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { ActivityType, Domain, SwfTimeout, WorkflowType } from '../lib';

const TYPES = Number(process.env.BENCH_TYPES ?? 400);

function build(outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'BenchSynth');
  const domain = new Domain(stack, 'Domain', { domainName: 'bench', description: 'synth benchmark' });
  for (let i = 0; i < TYPES / 2; i++) {
    new WorkflowType(stack, `Workflow${i}`, {
      domain,
      workflowTypeName: `Workflow${i}`,
      defaultTaskList: `decisions-${i % 10}`,
      defaultExecutionStartToCloseTimeout: Duration.hours(1),
      defaultTaskStartToCloseTimeout: SwfTimeout.seconds(30),
    });
    new ActivityType(stack, `Activity${i}`, {
      domain,
      activityTypeName: `Activity${i}`,
      defaultTaskList: `activities-${i % 10}`,
      defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.minutes(5)),
      defaultTaskHeartbeatTimeout: SwfTimeout.NONE,
    });
  }
  return app;
}

const outdir = mkdtempSync(join(tmpdir(), 'cdk-swf-bench-'));
try {
  const started = performance.now();
  const app = build(outdir);
  const constructed = performance.now();
  const assembly = app.synth();
  const synthesized = performance.now();
  const body = readFileSync(join(assembly.directory, 'BenchSynth.template.json'));
  const resources = Object.keys((JSON.parse(body.toString('utf8')) as { Resources: object }).Resources).length;
  console.log(`types:          ${TYPES} (+1 domain)`);
  console.log(`construct time: ${(constructed - started).toFixed(0)} ms`);
  console.log(`synth time:     ${(synthesized - constructed).toFixed(0)} ms`);
  console.log(`total:          ${(synthesized - started).toFixed(0)} ms`);
  console.log(`template size:  ${(body.length / 1024).toFixed(1)} KiB (CloudFormation limit 1024 KiB via S3)`);
  console.log(`resources:      ${resources} (CloudFormation limit 500 per stack)`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
