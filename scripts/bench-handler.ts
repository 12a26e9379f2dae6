// Counts the SWF calls the custom-resource handler makes per lifecycle event, against an in-process swf-local.
// Usage: npm run bench:handler
// The SDK warns on every client under Node 20, which this package supports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { SWFClient } from '@aws-sdk/client-swf';
import { handleEvent, runRetirement } from '../lambda/swf-resource/engine';
import type { CustomResourceEvent, RetirementRecord, RetirementStore } from '../lambda/swf-resource/engine';
import { createSwfClient } from '../lib/common/swf-client';
import { startSwfLocal } from '../lib/swf-local';

const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:123456789012:function:swf-provider-onEvent';

function countingClient(endpoint: string): { swf: SWFClient; calls: string[] } {
  const swf = createSwfClient({ region: 'us-east-1', endpointUrl: endpoint, maxAttempts: 1 });
  swf.config.credentials = async () => ({ accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' });
  const calls: string[] = [];
  swf.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'deserialize', name: 'countCalls' },
  );
  return { swf, calls };
}

function event(type: string, request: 'Create' | 'Update' | 'Delete', props: Record<string, unknown>, physicalId?: string): CustomResourceEvent {
  return {
    RequestType: request,
    ResourceType: type,
    LogicalResourceId: 'Bench',
    ServiceToken: SERVICE_TOKEN,
    ResourceProperties: props,
    ...(request === 'Update' ? { OldResourceProperties: props } : {}),
    ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
  };
}

/** Where the Lambda keeps pending retirements (SSM parameters), in memory: the bench counts SWF calls only. */
function memoryRetirementStore(): RetirementStore {
  const records = new Map<string, RetirementRecord>();
  return {
    list: async () => [...records.values()],
    put: async (record) => void records.set(record.physicalId, record),
    remove: async (physicalId) => void records.delete(physicalId),
  };
}

async function main(): Promise<void> {
  const server = await startSwfLocal({ log: () => undefined });
  const { swf, calls } = countingClient(server.endpoint);
  const retirements = memoryRetirementStore();
  let now = Date.now();
  const options = { swf, log: () => undefined, retirements, now: () => now };
  const measure = async <T>(label: string, call: () => Promise<T>): Promise<T> => {
    calls.length = 0;
    const started = process.hrtime.bigint();
    const result = await call();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    rows.push([label, String(calls.length), calls.join(', ') || '-', ms.toFixed(1)]);
    return result;
  };
  const run = (label: string, e: CustomResourceEvent) => measure(label, () => handleEvent(e, undefined, options));
  const rows: string[][] = [];
  const resources: Array<[string, string, Record<string, unknown>]> = [
    ['domain', 'Custom::SwfDomain', { Name: 'bench', WorkflowExecutionRetentionPeriodInDays: '7', Tags: [{ Key: 'team', Value: 'a' }] }],
    ['workflow type', 'Custom::SwfWorkflowType', { Domain: 'bench', Name: 'W', Version: '1', DefaultTaskList: 'main' }],
    ['activity type', 'Custom::SwfActivityType', { Domain: 'bench', Name: 'A', Version: '1', DefaultTaskList: 'main' }],
  ];
  const created: string[] = [];
  for (const [label, type, props] of resources) {
    created.push((await run(`${label}: create`, event(type, 'Create', props))).PhysicalResourceId);
    await run(`${label}: create again (retried Create, adopt)`, event(type, 'Create', props));
    await run(`${label}: no-op update`, event(type, 'Update', props, created.at(-1)));
  }
  // A type's Delete (DESTROY) records a retirement; the retirement pass deprecates it once its grace period is over.
  for (const [i, [label, type, props]] of [...resources.entries()].reverse().filter(([, [label]]) => label !== 'domain')) {
    await run(`${label}: delete (records its retirement)`, event(type, 'Delete', props, created[i]));
  }
  now += 2 * 24 * 60 * 60 * 1000;
  await measure('retirement pass: 2 types due, nothing open', () => runRetirement(retirements, options));
  await measure('retirement pass: nothing pending', () => runRetirement(retirements, options));
  // A domain's Delete deprecates it at once (SWF deprecates the types in it too).
  await run('domain: delete', event(resources[0][1], 'Delete', resources[0][2], created[0]));
  await run('domain: delete again (already deprecated)', event(resources[0][1], 'Delete', resources[0][2], created[0]));
  swf.destroy();
  await server.close();

  const widths = [0, 1, 2, 3].map((c) => Math.max(...[['event', 'SWF calls', 'operations', 'ms'], ...rows].map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ');
  console.log(line(['event', 'SWF calls', 'operations', 'ms']));
  for (const row of rows) console.log(line(row));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
