/**
 * plan benchmark: `npm run bench:plan`.
 *
 * Ten consecutive `cdk-swf plan`s of a stack with one domain and 490 activity types against swf-local with AWS's
 * token buckets on (`throttling: true`, as `cdk-swf local --throttling`), once for a stack `cdk-swf apply` manages
 * (state file) and once for a stack deployed with `cdk deploy` (read through the real CloudFormation client from the
 * stand-in in test/support). Prints each plan's SWF calls and wall time. A plan reads the status of the types the stack
 * owns from List pages, so its SWF calls do not grow with the number of types and the buckets never run dry.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import { ActivityType } from '../lib/activity-type/activity-type';
import { SwfTimeout } from '../lib/construct-support/swf-timeout';
import { inProcessHandler } from '../lib/deploy/in-process-handler';
import { applyApp, planApp } from '../lib/deploy/run';
import { Domain } from '../lib/domain/domain';
import { startCloudFormationStandin } from '../test/support/cloudformation-standin';
import { createSwfClient } from '../lib/common/swf-client';
import { cloudFormationClientFor, deployLikeCloudFormation } from '../test/deploy/cloudformation-support';
import { countCalls } from '../test/deploy/support';
import { startSwfLocal } from '../lib/swf-local';

const TYPES = 490;
const PLANS = 10;

function synthesize(directory: string, stackName: string): string {
  const outdir = path.join(directory, stackName);
  const app = new App({ outdir });
  const stack = new Stack(app, stackName);
  const domain = new Domain(stack, 'Domain', { domainName: `bench-${stackName.toLowerCase()}` });
  for (let i = 0; i < TYPES; i++) {
    new ActivityType(stack, `Activity${i}`, { domain, activityTypeName: `Activity${i}`, defaultTaskStartToCloseTimeout: SwfTimeout.seconds(60 + (i % 7)) });
  }
  app.synth();
  return outdir;
}

async function main(): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-swf-bench-plan-'));
  const local = await startSwfLocal({ throttling: true, log: () => undefined });
  const swf = createSwfClient({ region: 'us-east-1', endpointUrl: local.endpoint, maxAttempts: 1 });
  swf.config.credentials = async () => ({ accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' });
  const standin = await startCloudFormationStandin();
  const cloudFormation = cloudFormationClientFor(standin);
  try {
    process.stdout.write(`plan benchmark: 1 domain + ${TYPES} activity types, swf-local with AWS's token buckets (throttling on)\n`);
    const counter = countCalls(swf);
    const base = { swf, handler: inProcessHandler({ swf }), cwd: directory, flags: { region: 'us-east-1' } };

    const applied = synthesize(directory, 'Applied');
    let started = performance.now();
    const apply = await applyApp({ ...base, assemblyDirectory: applied, log: () => undefined });
    if (apply.exitCode !== 0) throw new Error('apply failed');
    process.stdout.write(`\nstate file (cdk-swf apply, ${seconds(started)}):\n`);
    await tenPlans(() => planApp({ ...base, assemblyDirectory: applied }), counter);

    const deployed = synthesize(directory, 'Deployed');
    started = performance.now();
    await deployLikeCloudFormation({ standin, swf, assembly: deployed, stackName: 'Deployed' });
    process.stdout.write(`\nCloudFormation (deployed like cdk deploy, ${seconds(started)}; read through the CloudFormation stand-in):\n`);
    await tenPlans(() => planApp({ ...base, assemblyDirectory: deployed, cloudFormation }), counter);
  } finally {
    cloudFormation.destroy();
    await standin.close();
    swf.destroy();
    await local.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

async function tenPlans(plan: () => ReturnType<typeof planApp>, counter: { calls: string[] }): Promise<void> {
  const times: string[] = [];
  for (let i = 1; i <= PLANS; i++) {
    counter.calls.length = 0;
    const started = performance.now();
    const result = await plan();
    if (result.exitCode !== 0) throw new Error(`plan ${i} exited ${result.exitCode}`);
    const byName = new Map<string, number>();
    for (const call of counter.calls) byName.set(call, (byName.get(call) ?? 0) + 1);
    const calls = [...byName].map(([name, count]) => `${count} ${name}`).join(', ');
    process.stdout.write(`  plan ${String(i).padStart(2)}: ${seconds(started)}, ${counter.calls.length} SWF calls (${calls})\n`);
    times.push(seconds(started));
  }
  process.stdout.write(`  all ${PLANS} plans: ${times.join(', ')}\n`);
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
