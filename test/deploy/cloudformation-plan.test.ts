import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DeprecateActivityTypeCommand, DescribeDomainCommand, SWFClient, TagResourceCommand } from '@aws-sdk/client-swf';
import { Stack, Tags } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { SwfTimeout } from '../../lib/construct-support/swf-timeout';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { renderPlanJson, renderPlanTable } from '../../lib/deploy/render';
import { applyApp, planApp } from '../../lib/deploy/run';
import { defaultStateFile } from '../../lib/deploy/state';
import { Domain } from '../../lib/domain/domain';
import { WorkflowType } from '../../lib/workflow-type/workflow-type';
import type { CloudFormationStandin } from '../support/cloudformation-standin';
import { runCli, useLocalAwsEnvironment } from '../cli/support/run-cli';
import type { LocalSwf } from '../support/swf-local';
import { deployLikeCloudFormation, useCloudFormationTestEnvironment } from './cloudformation-support';
import { countCalls, swfResources, synth } from './support';

/**
 * `cdk-swf plan` for stacks deployed with `cdk deploy`: the real CloudFormation SDK client against a stand-in for
 * CloudFormation's read API (test/support/cloudformation-standin.ts says why a stand-in), the real SWF client against
 * swf-local. Each test deploys version 1 of a small app the way CloudFormation would, then plans an edited app.
 */

const DOMAIN = 'cfn-orders';

interface AppShape {
  readonly chargeTimeout?: number;
  readonly shipTaskList?: string;
  readonly withOrder?: boolean;
  readonly tags?: Record<string, string>;
}

/** Domain, Charge (derived version), Ship (explicit version 1) and Order (a workflow type), in stack `Orders`. */
function ordersApp(shape: AppShape = {}): string {
  return synth((app) => {
    const stack = new Stack(app, 'Orders');
    const domain = new Domain(stack, 'Domain', { domainName: DOMAIN });
    for (const [key, value] of Object.entries(shape.tags ?? {})) Tags.of(domain).add(key, value);
    new ActivityType(stack, 'Charge', { domain, activityTypeName: 'Charge', defaultTaskStartToCloseTimeout: SwfTimeout.seconds(shape.chargeTimeout ?? 30) });
    new ActivityType(stack, 'Ship', { domain, activityTypeName: 'Ship', activityTypeVersion: '1', defaultTaskList: shape.shipTaskList ?? 'ship' });
    if (shape.withOrder ?? true) new WorkflowType(stack, 'Order', { domain, workflowTypeName: 'Order', workflowTypeVersion: '1', defaultTaskList: 'decisions' });
  });
}

let local: LocalSwf & { stop(): Promise<void> };
let swf: SWFClient;
let standin: CloudFormationStandin;
let cloudFormation: CloudFormationClient;
let cwd: string;

useCloudFormationTestEnvironment((environment) => ({ local, swf, standin, cloudFormation, cwd } = environment));

const plan = (assembly: string, extra: { stackSelector?: string } = {}) =>
  planApp({ assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf }), cloudFormation, flags: { region: 'us-east-1' }, ...extra });

/** physical id → action, SWF resources only. */
function byPhysicalId(result: Awaited<ReturnType<typeof plan>>): Record<string, string> {
  return Object.fromEntries(swfResources(result).map((r) => [r.physicalId ?? r.logicalId, r.action]));
}

describe('cdk-swf plan for a stack deployed with cdk deploy', () => {
  it('shows a removed type as deprecate, a changed default as a replacement, a domain tag as update tags, comparing with CloudFormation', async () => {
    const deployed = ordersApp();
    await deployLikeCloudFormation({ standin, swf, assembly: deployed, stackName: 'Orders' });
    const unchanged = await plan(deployed);
    expect(unchanged.exitCode).toBe(0);
    expect(unchanged.plans[0].source).toEqual({ kind: 'cloudformation', stackName: 'Orders', status: 'CREATE_COMPLETE' });
    expect(renderPlanTable(unchanged.plans)).toContain('Stack Orders (compared with CloudFormation stack Orders (CREATE_COMPLETE))');
    const chargeV1 = swfResources(unchanged).find((r) => r.physicalId?.includes('|Charge|'))!.physicalId!;

    const edited = ordersApp({ withOrder: false, chargeTimeout: 60, tags: { team: 'payments' } });
    const result = await plan(edited);
    expect(result.exitCode).toBe(2);
    const rows = swfResources(result);
    const charge = rows.find((r) => r.action === 'replace')!;
    expect(charge.previousPhysicalId).toBe(chargeV1);
    expect(charge.physicalId).toMatch(/^ActivityType\|cfn-orders\|Charge\|v[0-9a-f]{12}$/);
    expect(charge.physicalId).not.toBe(chargeV1);
    expect(charge.replacement).toEqual({ arrival: 'create', old: 'deprecate' });
    expect(byPhysicalId(result)).toEqual({
      [DOMAIN]: 'update tags',
      [charge.physicalId!]: 'replace',
      'ActivityType|cfn-orders|Ship|1': 'no change',
      'WorkflowType|cfn-orders|Order|1': 'deprecate',
    });
    expect(rows.find((r) => r.action === 'update tags')!.tagChanges?.added).toEqual([{ key: 'team', value: 'payments' }]);
    expect(rows.find((r) => r.action === 'deprecate')!.message).toBe('removed from the app; deprecated once its retirement grace period is over and nothing open can use it');
    expect(JSON.parse(renderPlanJson(result.plans)).stacks[0].source.description).toBe('compared with CloudFormation stack Orders (CREATE_COMPLETE)');
  });

  it('shows a changed default under an explicit version as an error naming each differing attribute (exit 1)', async () => {
    await deployLikeCloudFormation({ standin, swf, assembly: ordersApp(), stackName: 'Orders' });
    const result = await plan(ordersApp({ shipTaskList: 'ship-fast' }));
    expect(result.exitCode).toBe(1);
    const error = swfResources(result).find((r) => r.action === 'error')!;
    expect(error.physicalId).toBe('ActivityType|cfn-orders|Ship|1');
    expect(error.differences).toEqual([{ attribute: 'DefaultTaskList', ours: 'ship-fast', theirs: 'ship' }]);
    expect(error.message).toMatch(/give it a new version/);
    expect(swfResources(result).filter((r) => r.action === 'error')).toHaveLength(1);
  });

  it('reports a type deprecated and a tag changed behind the app\'s back as drift, which cdk deploy would not repair (exit 2)', async () => {
    const assembly = ordersApp();
    await deployLikeCloudFormation({ standin, swf, assembly, stackName: 'Orders' });
    await swf.send(new DeprecateActivityTypeCommand({ domain: DOMAIN, activityType: { name: 'Ship', version: '1' } }));
    const arn = (await swf.send(new DescribeDomainCommand({ name: DOMAIN }))).domainInfo!.arn!;
    await swf.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'owner', value: 'someone-else' }] }));

    const result = await plan(assembly);
    expect(result.exitCode).toBe(2);
    const drifted = swfResources(result).filter((r) => r.action === 'drift');
    expect(drifted.map((r) => r.physicalId).sort()).toEqual(['ActivityType|cfn-orders|Ship|1', DOMAIN]);
    expect(drifted.find((r) => r.physicalId === DOMAIN)!.tagChanges?.removed).toEqual([{ key: 'owner', value: 'someone-else' }]);
    const ship = drifted.find((r) => r.physicalId !== DOMAIN)!;
    expect(ship.message).toMatch(/^drift: was deprecated in SWF; cdk deploy will not repair it/);
    expect(renderPlanTable(result.plans)).toMatch(/Plan: .*2 drift.*: changes\n$/);
  });

  it('plans a stack CloudFormation does not have as new, and an unknown --stack name is a one-line error', async () => {
    const result = await plan(ordersApp());
    expect(result.exitCode).toBe(2);
    expect(result.plans[0].source).toEqual({ kind: 'new', why: `no state file at ${defaultStateFile('Orders', cwd)}, and CloudFormation has no stack Orders` });
    expect(new Set(swfResources(result).map((r) => r.action))).toEqual(new Set(['create']));
    expect(standin.calls).toEqual(['DescribeStacks Orders']);

    await expect(plan(ordersApp(), { stackSelector: 'Nope' })).rejects.toThrow('no stack matches --stack Nope; the assembly has: Orders');
  });

  it('rides out CloudFormation throttling, and reports it on the stack when it persists (exit 1)', async () => {
    const assembly = ordersApp();
    await deployLikeCloudFormation({ standin, swf, assembly, stackName: 'Orders' });
    standin.throttleNext(2);
    const retried = await plan(assembly);
    expect(retried.exitCode).toBe(0);
    expect(standin.calls.filter((c) => c === 'DescribeStacks Orders')).toHaveLength(3);

    standin.throttleNext(1_000);
    const throttled = await plan(assembly);
    expect(throttled.exitCode).toBe(1);
    expect(throttled.plans[0].resources).toEqual([
      expect.objectContaining({
        logicalId: '(stack)',
        action: 'error',
        message: expect.stringMatching(/^CloudFormation DescribeStacks for stack Orders failed: Throttling: Rate exceeded \(after 3 attempts\): .*retry later/),
      }),
    ]);
  });

  it('makes no per-type Describe for types the deployed stack owns: their status comes from List pages', async () => {
    const assembly = ordersApp();
    await deployLikeCloudFormation({ standin, swf, assembly, stackName: 'Orders' });
    const counter = countCalls(swf);
    expect((await plan(assembly)).exitCode).toBe(0);
    expect(counter.calls.filter((c) => /^Describe(Activity|Workflow)Type$/.test(c))).toEqual([]);
    expect(counter.calls.sort()).toEqual(['DescribeDomain', 'ListActivityTypes', 'ListActivityTypes', 'ListTagsForResource', 'ListWorkflowTypes', 'ListWorkflowTypes']);
  });

  it('prefers the state file of a stack cdk-swf apply manages, and apply refuses a stack CloudFormation deployed', async () => {
    const assembly = ordersApp();
    await deployLikeCloudFormation({ standin, swf, assembly, stackName: 'Orders' });
    const lines: string[] = [];
    const refused = await applyApp({ assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf }), cloudFormation, log: (l) => lines.push(l) });
    expect(refused.exitCode).toBe(1);
    expect(lines).toEqual([
      'Orders: nothing applied: CloudFormation deployed it (stack Orders, CREATE_COMPLETE); deploy its changes with cdk deploy (cdk-swf plan shows what they do)',
    ]);

    // Without CloudFormation (a local endpoint), apply manages the stack through its state file; plan then reads that.
    expect((await applyApp({ assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf }), log: () => undefined })).exitCode).toBe(0);
    const result = await plan(assembly);
    expect(result.plans[0].source).toMatchObject({ kind: 'state' });
    expect(result.exitCode).toBe(0);
  });

  it('reads CloudFormation from the CLI with the usual AWS settings (AWS_ENDPOINT_URL_CLOUDFORMATION, --region), unless --no-cloudformation', async () => {
    const assembly = ordersApp();
    await deployLikeCloudFormation({ standin, swf, assembly, stackName: 'Orders' });
    useLocalAwsEnvironment();
    process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = standin.endpoint;
    try {
      const args = ['plan', '--app', assembly, '--state', `${cwd}/state.json`, '--endpoint-url', local.server.endpoint, '--region', 'us-east-1'];
      const deployed = await runCli(...args);
      expect(deployed.stderr).toBe('');
      expect(deployed.code).toBe(0);
      expect(deployed.stdout).toContain('Stack Orders (compared with CloudFormation stack Orders (CREATE_COMPLETE))');
      expect(deployed.stdout).toMatch(/Plan: 4 no change \(\d+ non-SWF resources skipped\): no changes\n$/);

      const offline = await runCli(...args, '--no-cloudformation');
      expect(offline.code).toBe(2);
      expect(offline.stdout).toContain(`Stack Orders (new stack: no state file at ${cwd}/state.json; CloudFormation not consulted)`);
      expect(offline.stdout).toMatch(/Plan: 4 adopt/);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_CLOUDFORMATION;
    }
  });
});
