import * as fs from 'node:fs';
import {
  DeprecateDomainCommand,
  DeprecateWorkflowTypeCommand,
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowTypeCommand,
  ListTagsForResourceCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SWFClient,
  TagResourceCommand,
} from '@aws-sdk/client-swf';
import { RemovalPolicy, Stack, Stage, Tags } from 'aws-cdk-lib';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { Domain } from '../../lib/domain/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SwfResourceHandler } from '../../lib/deploy/handler';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { renderPlanTable } from '../../lib/deploy/render';
import { applyApp, planApp } from '../../lib/deploy/run';
import { defaultStateFile, readState } from '../../lib/deploy/state';
import type { OrderProcessingStack } from '../../lib/example/order-processing-stack';
import { clientFor } from '../support/swf-local';
import { DEFAULT_RETIREMENT_GRACE_SECONDS } from '../../lib/common/type-retirement';
import { actions, cfnOf, countCalls, deployer, exampleApp, swfResources, synth, temporaryDirectory, TestClock, closeWorkspaces, openWorkspace } from './support';

const AFTER_GRACE_MS = DEFAULT_RETIREMENT_GRACE_SECONDS * 1000 + 1;

const DOMAIN = 'order-processing';

let swf: SWFClient;
let cwd: string;
beforeEach(async () => void ({ swf, cwd } = await openWorkspace()));
afterEach(closeWorkspaces);

async function domainStatus(name = DOMAIN): Promise<string | undefined> {
  return (await swf.send(new DescribeDomainCommand({ name }))).domainInfo?.status;
}
async function activityStatus(name: string, version: string): Promise<string | undefined> {
  try {
    return (await swf.send(new DescribeActivityTypeCommand({ domain: DOMAIN, activityType: { name, version } }))).typeInfo?.status;
  } catch (err) {
    if ((err as Error).name === 'UnknownResourceFault') return 'ABSENT';
    throw err;
  }
}
async function workflowStatus(name: string, version: string): Promise<string | undefined> {
  return (await swf.send(new DescribeWorkflowTypeCommand({ domain: DOMAIN, workflowType: { name, version } }))).typeInfo?.status;
}
async function domainTags(): Promise<Record<string, string>> {
  const arn = (await swf.send(new DescribeDomainCommand({ name: DOMAIN }))).domainInfo!.arn!;
  const tags = (await swf.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? [];
  return Object.fromEntries(tags.map((t) => [t.key!, t.value ?? '']));
}

/** Logical ids of the example's SWF resources, read from its template. */
function logicalIds(assembly: string): Record<string, string> {
  const template = JSON.parse(fs.readFileSync(`${assembly}/OrderProcessing.template.json`, 'utf8'));
  const ids: Record<string, string> = {};
  for (const [id, resource] of Object.entries<{ Type: string; Properties: Record<string, string> }>(template.Resources)) {
    if (resource.Type.startsWith('Custom::Swf')) ids[resource.Type === 'Custom::SwfDomain' ? 'Domain' : resource.Properties.Name] = id;
  }
  return ids;
}

function versionOf(assembly: string, typeName: string): string {
  const template = JSON.parse(fs.readFileSync(`${assembly}/OrderProcessing.template.json`, 'utf8'));
  const resource = Object.values<{ Properties: Record<string, string> }>(template.Resources).find((r) => r.Properties?.Name === typeName);
  return resource!.Properties.Version;
}

// These tests synthesize apps and apply them: CPU-bound work, seconds on an idle machine, many times that on a busy
// one. Nothing here waits on time; the bound only catches a hang.
vi.setConfig({ testTimeout: 300_000 });

describe('cdk-swf plan and apply with the example app against swf-local', () => {
  it('apply, a changed version, a removed type and a re-apply do what plan announced; then plan reports no changes', async () => {
    const clock = new TestClock();
    const { plan, apply } = deployer(swf, cwd, clock);
    const first = exampleApp();
    const ids = logicalIds(first);

    const initial = await plan(first);
    expect(initial.exitCode).toBe(2);
    expect(actions(initial)).toEqual({
      [ids.Domain]: 'create',
      [ids.ProcessOrder]: 'create',
      [ids.ReserveInventory]: 'create',
      [ids.ChargePayment]: 'create',
      [ids.ShipOrder]: 'create',
    });
    // The provider's Lambda, roles and log groups are listed as skipped, not deployed.
    expect(initial.plans[0].resources.filter((r) => r.action === 'skip').map((r) => r.resourceType)).toContain('AWS::Lambda::Function');

    const applied = await apply(first);
    expect(applied.exitCode).toBe(0);
    expect(applied.results[0].resources.filter((r) => r.action === 'created')).toHaveLength(5);
    expect(applied.lines.join('\n')).toMatch(/✓ .* \[Custom::SwfDomain\] created order-processing/);
    expect(applied.lines).toContain('OrderProcessing (state: .cdk-swf/state-OrderProcessing.json)');
    expect(await domainStatus()).toBe('REGISTERED');
    const shipV1 = versionOf(first, 'ShipOrder');
    expect(await activityStatus('ShipOrder', shipV1)).toBe('REGISTERED');
    expect(await workflowStatus('ProcessOrder', versionOf(first, 'ProcessOrder'))).toBe('REGISTERED');
    expect((await plan(first)).exitCode).toBe(0);

    // The user edits the app: ShipOrder gets a longer timeout (a new version), ChargePayment goes, the domain gets a tag.
    const second = exampleApp((stack) => {
      cfnOf(stack.shipOrder).addPropertyOverride('DefaultTaskStartToCloseTimeout', '300');
      cfnOf(stack.shipOrder).addPropertyOverride('Version', 'v2');
      stack.node.tryRemoveChild('ChargePayment');
      Tags.of(stack.domain).add('team', 'fulfilment');
    });
    const changes = await plan(second);
    expect(changes.exitCode).toBe(2);
    expect(actions(changes)).toEqual({
      [ids.Domain]: 'update tags',
      [ids.ProcessOrder]: 'no change',
      [ids.ReserveInventory]: 'no change',
      [ids.ShipOrder]: 'replace',
      [ids.ChargePayment]: 'deprecate',
    });
    const replace = swfResources(changes).find((r) => r.action === 'replace')!;
    expect(replace).toMatchObject({
      physicalId: `ActivityType|${DOMAIN}|ShipOrder|v2`,
      previousPhysicalId: `ActivityType|${DOMAIN}|ShipOrder|${shipV1}`,
      replacement: { arrival: 'create', old: 'deprecate' },
    });
    expect(swfResources(changes).find((r) => r.action === 'update tags')!.tagChanges?.added).toEqual([{ key: 'team', value: 'fulfilment' }]);

    const reapplied = await apply(second);
    expect(reapplied.exitCode).toBe(0);
    const done = Object.fromEntries(reapplied.results[0].resources.filter((r) => r.action !== 'skipped').map((r) => [`${r.logicalId} ${r.physicalId}`, r.action]));
    expect(done).toEqual({
      [`${ids.Domain} ${DOMAIN}`]: 'updated tags',
      [`${ids.ProcessOrder} WorkflowType|${DOMAIN}|ProcessOrder|${versionOf(first, 'ProcessOrder')}`]: 'unchanged',
      [`${ids.ReserveInventory} ActivityType|${DOMAIN}|ReserveInventory|${versionOf(first, 'ReserveInventory')}`]: 'unchanged',
      [`${ids.ShipOrder} ActivityType|${DOMAIN}|ShipOrder|v2`]: 'replaced',
      [`${ids.ShipOrder} ActivityType|${DOMAIN}|ShipOrder|${shipV1}`]: 'retiring',
      [`${ids.ChargePayment} ActivityType|${DOMAIN}|ChargePayment|${versionOf(first, 'ChargePayment')}`]: 'retiring',
    });
    // Replaced and removed versions stay registered through the grace period (old workers may still use them).
    expect(await activityStatus('ShipOrder', 'v2')).toBe('REGISTERED');
    expect(await activityStatus('ShipOrder', shipV1)).toBe('REGISTERED');
    expect(await activityStatus('ChargePayment', versionOf(first, 'ChargePayment'))).toBe('REGISTERED');
    expect(await domainTags()).toEqual({ team: 'fulfilment' });
    const state = readState(defaultStateFile('OrderProcessing', cwd), 'OrderProcessing');
    expect(Object.keys(state.resources).sort()).toEqual([ids.Domain, ids.ProcessOrder, ids.ReserveInventory, ids.ShipOrder].sort());
    expect(state.pendingCleanup).toEqual([]);

    // Nothing left to do: plan exits 0 and a re-apply writes nothing to SWF.
    const after = await plan(second);
    expect(after.exitCode).toBe(0);
    expect(new Set(Object.values(actions(after)))).toEqual(new Set(['no change']));
    const counter = countCalls(swf);
    const again = await apply(second);
    expect(again.exitCode).toBe(0);
    expect(counter.calls.filter((call) => !/^(Describe|List)/.test(call))).toEqual([]);

    // A day later (nothing is running in the domain), the retirement pass at the end of an apply deprecates them.
    clock.advance(AFTER_GRACE_MS);
    const retired = await apply(second);
    expect(retired.results[0].resources.filter((r) => r.action === 'deprecated').map((r) => r.physicalId).sort()).toEqual(
      [`ActivityType|${DOMAIN}|ChargePayment|${versionOf(first, 'ChargePayment')}`, `ActivityType|${DOMAIN}|ShipOrder|${shipV1}`].sort(),
    );
    expect(await activityStatus('ShipOrder', shipV1)).toBe('DEPRECATED');
    expect(await activityStatus('ChargePayment', versionOf(first, 'ChargePayment'))).toBe('DEPRECATED');
    expect(readState(defaultStateFile('OrderProcessing', cwd), 'OrderProcessing').retirements).toEqual([]);
  });

  it('a version brought back before its grace period ends (a revert, a re-added type) is never retired', async () => {
    const clock = new TestClock();
    const { apply } = deployer(swf, cwd, clock);
    const first = exampleApp();
    const shipV1 = versionOf(first, 'ShipOrder');
    const chargeV1 = versionOf(first, 'ChargePayment');
    expect((await apply(first)).exitCode).toBe(0);
    const second = exampleApp((stack) => {
      cfnOf(stack.shipOrder).addPropertyOverride('Version', 'v2');
      stack.node.tryRemoveChild('ChargePayment');
    });
    expect((await apply(second)).exitCode).toBe(0);
    const pending = () => readState(defaultStateFile('OrderProcessing', cwd), 'OrderProcessing').retirements.map((r) => r.physicalId).sort();
    expect(pending()).toEqual([`ActivityType|${DOMAIN}|ChargePayment|${chargeV1}`, `ActivityType|${DOMAIN}|ShipOrder|${shipV1}`]);

    // The user reverts: ShipOrder v1 comes back (an Update), ChargePayment is declared again (adopted as it is).
    expect((await apply(first)).exitCode).toBe(0);
    expect(pending()).toEqual([`ActivityType|${DOMAIN}|ShipOrder|v2`]);

    // Past every grace period, the retirement pass deprecates only what the app no longer declares.
    clock.advance(AFTER_GRACE_MS);
    const later = await apply(first);
    expect(later.results[0].resources.filter((r) => r.action === 'deprecated').map((r) => r.physicalId)).toEqual([`ActivityType|${DOMAIN}|ShipOrder|v2`]);
    expect(await activityStatus('ShipOrder', shipV1)).toBe('REGISTERED');
    expect(await activityStatus('ChargePayment', chargeV1)).toBe('REGISTERED');
    expect(pending()).toEqual([]);
  });

  it('detects drift made behind the app\'s back, and apply repairs it', async () => {
    const { plan, apply } = deployer(swf, cwd);
    const assembly = exampleApp();
    const ids = logicalIds(assembly);
    expect((await apply(assembly)).exitCode).toBe(0);

    const processOrder = { name: 'ProcessOrder', version: versionOf(assembly, 'ProcessOrder') };
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: DOMAIN, workflowType: processOrder }));
    const arn = (await swf.send(new DescribeDomainCommand({ name: DOMAIN }))).domainInfo!.arn!;
    await swf.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'owner', value: 'someone-else' }] }));

    const drift = await plan(assembly);
    expect(drift.exitCode).toBe(2);
    expect(actions(drift)).toMatchObject({ [ids.ProcessOrder]: 'undeprecate', [ids.Domain]: 'update tags', [ids.ShipOrder]: 'no change' });
    // ProcessOrder's Lambda role is an IAM role only `cdk deploy` creates: swf-local got the placeholder, and says so.
    expect(swfResources(drift).find((r) => r.logicalId === ids.ProcessOrder)!.message).toBe(
      'drift: was deprecated in SWF; DefaultLambdaRole: placeholder on a local endpoint (known after cdk deploy)',
    );
    expect(swfResources(drift).find((r) => r.logicalId === ids.Domain)!.tagChanges?.removed).toEqual([{ key: 'owner', value: 'someone-else' }]);

    expect((await apply(assembly)).exitCode).toBe(0);
    expect(await workflowStatus(processOrder.name, processOrder.version)).toBe('REGISTERED');
    expect(await domainTags()).toEqual({});
    expect((await plan(assembly)).exitCode).toBe(0);
  });

  it('reports a type registered out-of-band with other defaults as an error with the differences, and apply changes nothing', async () => {
    const { plan, apply } = deployer(swf, cwd);
    const assembly = exampleApp();
    const ids = logicalIds(assembly);
    await swf.send(
      new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '30', description: 'Order processing: reserve inventory, charge payment, ship' }),
    );
    await swf.send(
      new RegisterWorkflowTypeCommand({
        domain: DOMAIN,
        name: 'ProcessOrder',
        version: versionOf(assembly, 'ProcessOrder'),
        description: 'Reserves inventory, charges the payment, waits for shipment approval, ships the order',
        defaultTaskList: { name: 'someone-elses-list' },
        defaultExecutionStartToCloseTimeout: '3600',
        defaultTaskStartToCloseTimeout: '30',
        defaultChildPolicy: 'TERMINATE',
      }),
    );

    const result = await plan(assembly);
    expect(result.exitCode).toBe(1);
    expect(actions(result)).toMatchObject({ [ids.Domain]: 'adopt', [ids.ProcessOrder]: 'error', [ids.ShipOrder]: 'create' });
    const error = swfResources(result).find((r) => r.action === 'error')!;
    expect(error.differences).toEqual([
      { attribute: 'DefaultTaskList', ours: 'orders-decisions', theirs: 'someone-elses-list' },
      // Registered without the Lambda role the app gives it (a placeholder on swf-local).
      { attribute: 'DefaultLambdaRole', ours: expect.stringMatching(/^arn:aws:iam::123456789012:role\/cdk-swf-placeholder-OrderProcessing-/), theirs: undefined },
    ]);
    expect(error.message).toMatch(/exists in SWF with different settings; SWF cannot change a registered type: give it a new version/);
    const table = renderPlanTable(result.plans);
    expect(table).toContain(`DefaultTaskList: ours "orders-decisions" vs SWF's "someone-elses-list"`);
    expect(table).toMatch(/Plan: .*1 error.*: errors\n$/);

    const applied = await apply(assembly);
    expect(applied.exitCode).toBe(1);
    expect(applied.lines.join('\n')).toContain("DefaultTaskList ours \"orders-decisions\" vs SWF's \"someone-elses-list\"");
    expect(await activityStatus('ShipOrder', versionOf(assembly, 'ShipOrder'))).toBe('ABSENT');
    expect(fs.existsSync(defaultStateFile('OrderProcessing', cwd))).toBe(false);
  });

  it('honours DeletionPolicy and UpdateReplacePolicy Retain', async () => {
    const clock = new TestClock();
    const { plan, apply } = deployer(swf, cwd, clock);
    const retained = (stack: OrderProcessingStack) => cfnOf(stack.shipOrder).applyRemovalPolicy(RemovalPolicy.RETAIN);
    const first = exampleApp(retained);
    const ids = logicalIds(first);
    const shipV1 = versionOf(first, 'ShipOrder');
    expect((await apply(first)).exitCode).toBe(0);

    // A replacement under UpdateReplacePolicy Retain keeps the old version registered.
    const replaced = exampleApp((stack) => {
      retained(stack);
      cfnOf(stack.shipOrder).addPropertyOverride('Version', 'v2');
    });
    const replacePlan = await plan(replaced);
    expect(swfResources(replacePlan).find((r) => r.logicalId === ids.ShipOrder)).toMatchObject({ action: 'replace', replacement: { arrival: 'create', old: 'retain' } });
    expect((await apply(replaced)).exitCode).toBe(0);
    expect(await activityStatus('ShipOrder', shipV1)).toBe('REGISTERED');
    expect(await activityStatus('ShipOrder', 'v2')).toBe('REGISTERED');

    // Removing everything: the types go (deprecated, dependents first), the domain (Retain by default) and the
    // retained ShipOrder stay registered, and the state forgets all of them.
    const empty = exampleApp((stack) => {
      for (const id of ['ProcessOrder', 'ReserveInventory', 'ChargePayment', 'ShipOrder', 'Domain']) stack.node.tryRemoveChild(id);
    });
    const removal = await plan(empty);
    expect(removal.exitCode).toBe(2);
    expect(actions(removal)).toEqual({
      [ids.Domain]: 'retain',
      [ids.ShipOrder]: 'retain',
      [ids.ProcessOrder]: 'deprecate',
      [ids.ReserveInventory]: 'deprecate',
      [ids.ChargePayment]: 'deprecate',
    });
    const applied = await apply(empty);
    expect(applied.exitCode).toBe(0);
    const order = applied.results[0].resources.filter((r) => r.action !== 'skipped').map((r) => r.logicalId);
    expect(order.indexOf(ids.Domain)).toBe(order.length - 1);
    expect(await domainStatus()).toBe('REGISTERED');
    expect(await activityStatus('ShipOrder', 'v2')).toBe('REGISTERED');
    expect(await activityStatus('ReserveInventory', versionOf(first, 'ReserveInventory'))).toBe('REGISTERED');
    clock.advance(AFTER_GRACE_MS);
    expect((await apply(empty)).exitCode).toBe(0);
    expect(await activityStatus('ShipOrder', 'v2')).toBe('REGISTERED');
    expect(await activityStatus('ReserveInventory', versionOf(first, 'ReserveInventory'))).toBe('DEPRECATED');
    expect(await workflowStatus('ProcessOrder', versionOf(first, 'ProcessOrder'))).toBe('DEPRECATED');
    expect(readState(defaultStateFile('OrderProcessing', cwd), 'OrderProcessing').resources).toEqual({});
    expect((await plan(empty)).exitCode).toBe(0);
  });

  it('stops at the first handler failure, keeps the state of what succeeded, and a re-apply finishes the job', async () => {
    const assembly = exampleApp();
    const ids = logicalIds(assembly);
    // The real handler, but another operator deprecates the domain right after apply registers it: SWF then refuses
    // to register types in it, which is a failure plan could not foresee.
    const real = inProcessHandler({ swf });
    const racing: SwfResourceHandler = {
      inspect: real.inspect,
      retire: real.retire,
      checkRetirement: real.checkRetirement,
      onEvent: async (event) => {
        const result = await real.onEvent(event);
        if (event.ResourceType === 'Custom::SwfDomain') await swf.send(new DeprecateDomainCommand({ name: DOMAIN }));
        return result;
      },
    };
    const lines: string[] = [];
    const failed = await applyApp({ assemblyDirectory: assembly, cwd, swf, handler: racing, flags: { region: 'us-east-1' }, log: (l) => lines.push(l) });
    expect(failed.exitCode).toBe(1);
    const outcome = failed.results[0].resources.filter((r) => r.action !== 'skipped');
    expect(outcome.map((r) => r.action)).toEqual(['created', 'failed']);
    expect(lines.find((l) => l.includes('✗'))).toMatch(/✗ \S+ \[Custom::Swf(Activity|Workflow)Type\] failed \(.+\)/);
    expect(lines.at(-1)).toMatch(/stopped at the first failure; state keeps what succeeded/);
    expect(Object.keys(readState(defaultStateFile('OrderProcessing', cwd), 'OrderProcessing').resources)).toEqual([ids.Domain]);

    const { plan, apply } = deployer(swf, cwd);
    const next = await plan(assembly);
    expect(next.exitCode).toBe(2);
    expect(actions(next)).toMatchObject({ [ids.Domain]: 'undeprecate', [ids.ShipOrder]: 'create' });
    expect((await apply(assembly)).exitCode).toBe(0);
    expect(await domainStatus()).toBe('REGISTERED');
    expect(await activityStatus('ShipOrder', versionOf(assembly, 'ShipOrder'))).toBe('REGISTERED');
    expect((await plan(assembly)).exitCode).toBe(0);
  });

  it('renaming the domain replaces it and every type in it; the old domain is retained, its old types deprecated', async () => {
    const clock = new TestClock();
    const { plan, apply } = deployer(swf, cwd, clock);
    const first = exampleApp();
    const ids = logicalIds(first);
    expect((await apply(first)).exitCode).toBe(0);

    const renamed = exampleApp((stack) => cfnOf(stack.domain).addPropertyOverride('Name', 'order-processing-2'));
    const result = await plan(renamed);
    expect(new Set(Object.values(actions(result)))).toEqual(new Set(['replace']));
    expect(swfResources(result).find((r) => r.logicalId === ids.Domain)).toMatchObject({
      physicalId: 'order-processing-2',
      previousPhysicalId: DOMAIN,
      replacement: { arrival: 'create', old: 'retain' },
    });
    expect(swfResources(result).find((r) => r.logicalId === ids.ShipOrder)?.physicalId).toBe(`ActivityType|order-processing-2|ShipOrder|${versionOf(first, 'ShipOrder')}`);

    const applied = await apply(renamed);
    expect(applied.exitCode).toBe(0);
    expect(await domainStatus('order-processing-2')).toBe('REGISTERED');
    expect(await domainStatus(DOMAIN)).toBe('REGISTERED');
    expect(await activityStatus('ShipOrder', versionOf(first, 'ShipOrder'))).toBe('REGISTERED');
    clock.advance(AFTER_GRACE_MS);
    expect((await apply(renamed)).exitCode).toBe(0);
    expect(await activityStatus('ShipOrder', versionOf(first, 'ShipOrder'))).toBe('DEPRECATED');
    const moved = await swf.send(
      new DescribeActivityTypeCommand({ domain: 'order-processing-2', activityType: { name: 'ShipOrder', version: versionOf(first, 'ShipOrder') } }),
    );
    expect(moved.typeInfo?.status).toBe('REGISTERED');
    expect(applied.lines.join('\n')).toContain('UpdateReplacePolicy Retain keeps order-processing');
    expect((await plan(renamed)).exitCode).toBe(0);
  });
});

describe('an app whose types live in another stack than their domain', () => {
  it('resolves the cross-stack reference (Fn::ImportValue) from the exporting stack, planned or deployed', async () => {
    const assembly = synth((app) => {
      const shared = new Stack(app, 'Shared');
      const domain = new Domain(shared, 'Domain', { domainName: 'shared-domain' });
      const orders = new Stack(app, 'Orders');
      new ActivityType(orders, 'Charge', { domain, activityTypeName: 'Charge', activityTypeVersion: '1' });
    });
    const ordersTemplate = fs.readFileSync(`${assembly}/Orders.template.json`, 'utf8');
    expect(ordersTemplate).toContain('Fn::ImportValue');

    const { plan, apply } = deployer(swf, cwd);
    const before = await plan(assembly);
    expect(before.exitCode).toBe(2);
    expect(swfResources(before).map((r) => `${r.action} ${r.physicalId}`)).toEqual(['create shared-domain', 'create ActivityType|shared-domain|Charge|1']);
    expect((await apply(assembly)).exitCode).toBe(0);
    expect((await swf.send(new DescribeActivityTypeCommand({ domain: 'shared-domain', activityType: { name: 'Charge', version: '1' } }))).typeInfo?.status).toBe('REGISTERED');

    // Orders alone: the domain name comes from Shared's state file.
    const ordersOnly = await planApp({ assemblyDirectory: assembly, stackSelector: 'Orders', cwd, swf, handler: inProcessHandler({ swf }) });
    expect(ordersOnly.exitCode).toBe(0);
    expect(swfResources(ordersOnly).map((r) => `${r.action} ${r.physicalId}`)).toEqual(['no change ActivityType|shared-domain|Charge|1']);
  });
});

describe('an app with weak cross-stack references (cdk init\'s "@aws-cdk/core:defaultCrossStackReferences": "weak")', () => {
  it('resolves Fn::GetStackOutput from the other stack\'s outputs, planned or deployed', async () => {
    const assembly = synth((app) => {
      app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'weak');
      const shared = new Stack(app, 'Shared');
      const domain = new Domain(shared, 'Domain', { domainName: 'weak-domain' });
      const orders = new Stack(app, 'Orders');
      new ActivityType(orders, 'Charge', { domain, activityTypeName: 'Charge', activityTypeVersion: '1' });
    });
    expect(fs.readFileSync(`${assembly}/Orders.template.json`, 'utf8')).toContain('Fn::GetStackOutput');

    const { plan, apply } = deployer(swf, cwd);
    const before = await plan(assembly);
    expect(swfResources(before).map((r) => `${r.action} ${r.physicalId}`)).toEqual(['create weak-domain', 'create ActivityType|weak-domain|Charge|1']);
    expect((await apply(assembly)).exitCode).toBe(0);
    expect((await swf.send(new DescribeActivityTypeCommand({ domain: 'weak-domain', activityType: { name: 'Charge', version: '1' } }))).typeInfo?.status).toBe('REGISTERED');

    // Orders alone: the output comes from Shared's state file.
    const ordersOnly = await planApp({ assemblyDirectory: assembly, stackSelector: 'Orders', cwd, swf, handler: inProcessHandler({ swf }) });
    expect(swfResources(ordersOnly).map((r) => `${r.action} ${r.physicalId}`)).toEqual(['no change ActivityType|weak-domain|Charge|1']);
    expect(ordersOnly.exitCode).toBe(0);
  });
});

describe('a stack bound to a region', () => {
  it('is planned with a client for its own region, as cdk deploy would deploy it there', async () => {
    const assembly = synth((app) => {
      const prod = new Stage(app, 'Prod', { env: { account: '111122223333', region: 'eu-west-1' } });
      new Domain(new Stack(prod, 'Orders'), 'Domain', { domainName: 'eu-orders' });
    });
    const requested: string[] = [];
    const sessionForRegion = (region: string) => {
      requested.push(region);
      return { swf, handler: inProcessHandler({ swf }) };
    };
    const common = { assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf }) };
    await expect(planApp(common)).rejects.toThrow('stack Prod/Orders is bound to region eu-west-1, the SWF client to us-east-1: pass --region eu-west-1');
    const result = await planApp({ ...common, sessionForRegion });
    expect(requested).toEqual(['eu-west-1']);
    expect(swfResources(result).map((r) => `${r.action} ${r.physicalId}`)).toEqual(['create eu-orders']);
  });
});

describe('cdk-swf plan when SWF cannot be reached', () => {
  it('fails fast with the connection error on the first resource and inspects nothing more', async () => {
    const unreachable = clientFor('http://127.0.0.1:9');
    const started = Date.now();
    const result = await planApp({
      assemblyDirectory: exampleApp(),
      cwd: temporaryDirectory('cwd'),
      swf: unreachable,
      handler: inProcessHandler({ swf: unreachable, inspectBudgetMs: 1_000 }),
    });
    unreachable.destroy();
    expect(result.exitCode).toBe(1);
    const [first, ...rest] = swfResources(result);
    expect(first.message).toMatch(/ECONNREFUSED/);
    for (const other of rest) expect(other.message).toMatch(/cannot resolve|not inspected: SWF failed for/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
