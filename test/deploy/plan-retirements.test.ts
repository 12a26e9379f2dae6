import * as fs from 'node:fs';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  DeprecateActivityTypeCommand,
  DescribeActivityTypeCommand,
  DescribeWorkflowTypeCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { Duration, Stack } from 'aws-cdk-lib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as lambdaHandler } from '../../lambda/swf-resource';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { RETIREMENT_PATH_VARIABLE } from '../../lib/common/type-retirement';
import { SwfTimeout } from '../../lib/construct-support/swf-timeout';
import { readCloudAssembly } from '../../lib/deploy/assembly';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { retirementPathOf } from '../../lib/deploy/pending-retirements';
import type { PlanResult } from '../../lib/deploy/run';
import { planApp } from '../../lib/deploy/run';
import { renderPlanJson, renderPlanTable } from '../../lib/deploy/render';
import { defaultStateFile, readState, writeState } from '../../lib/deploy/state';
import { Domain } from '../../lib/domain/domain';
import { WorkflowType } from '../../lib/workflow-type/workflow-type';
import { runCli, useLocalAwsEnvironment } from '../cli/support/run-cli';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudFormationStandin } from '../support/cloudformation-standin';
import { SsmLocal, startSsmLocal } from '../support/ssm-local';
import { clientFor, LocalSwf, startLocalSwf } from '../support/swf-local';
import { deployLikeCloudFormation, useCloudFormationTestEnvironment } from './cloudformation-support';
import { cleanupTemporaryDirectories, countCalls, deployer, swfResources, synth, temporaryDirectory, TestClock } from './support';

/**
 * `cdk-swf plan` shows the pending retirements of each stack (type versions a deploy replaced or removed, waiting for
 * the retirement pass), read-only: from the state file of a stack `cdk-swf apply` manages, and from the SSM
 * parameters the handler Lambda of a stack `cdk deploy` deployed keeps. SWF is swf-local over HTTP; CloudFormation and
 * SSM are stand-ins speaking their real wire protocols (test/support/cloudformation-standin.ts, ssm-local.ts), since
 * neither has a local emulator.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

function pending(result: PlanResult): Record<string, string> {
  const rows = result.plans.flatMap((plan) => plan.retirements?.pending ?? []);
  return Object.fromEntries(rows.map((r) => [r.physicalId, `${r.status}: ${r.reason}`]));
}

describe('plan of a stack cdk-swf apply manages: pending retirements from its state file', () => {
  const DOMAIN = 'billing';
  let local: LocalSwf & { stop(): Promise<void> };
  let swf: SWFClient;
  let cwd: string;

  beforeEach(async () => {
    local = await startLocalSwf();
    swf = local.swf;
    cwd = temporaryDirectory('cwd');
  });
  afterEach(async () => {
    await local.stop();
    cleanupTemporaryDirectories();
  });

  /** Charge (version derived from its defaults) and Order (explicit version) in stack `Billing`. */
  const billingApp = (shape: { chargeTimeout: number; orderVersion: string }) =>
    synth((app) => {
      const stack = new Stack(app, 'Billing');
      const domain = new Domain(stack, 'Domain', { domainName: DOMAIN });
      new ActivityType(stack, 'Charge', { domain, activityTypeName: 'Charge', defaultTaskStartToCloseTimeout: SwfTimeout.seconds(shape.chargeTimeout) });
      new WorkflowType(stack, 'Order', { domain, workflowTypeName: 'Order', workflowTypeVersion: shape.orderVersion, defaultTaskList: 'decisions' });
    });
  const status = async (kind: 'activity' | 'workflow', name: string, version: string) =>
    kind === 'activity'
      ? (await swf.send(new DescribeActivityTypeCommand({ domain: DOMAIN, activityType: { name, version } }))).typeInfo?.status
      : (await swf.send(new DescribeWorkflowTypeCommand({ domain: DOMAIN, workflowType: { name, version } }))).typeInfo?.status;

  it('shows each replaced version waiting (grace period, then open executions), then due (exit 2), and writes nothing', async () => {
    const clock = new TestClock();
    const { plan, apply } = deployer(swf, cwd, clock);
    const first = billingApp({ chargeTimeout: 30, orderVersion: '1' });
    expect((await apply(first)).exitCode).toBe(0);
    const chargeV1 = swfResources(await plan(first)).find((r) => r.physicalId?.includes('|Charge|'))!.physicalId!;
    const orderV1 = `WorkflowType|${DOMAIN}|Order|1`;
    // The operator's own calls go through a client of their own: `swf` is the one plan uses, whose calls are counted.
    const operator = clientFor(local.server.endpoint);
    const running = await operator.send(new StartWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: 'order-1',
        workflowType: { name: 'Order', version: '1' },
        executionStartToCloseTimeout: '3600',
        taskStartToCloseTimeout: '10',
        childPolicy: 'TERMINATE',
      }));

    // Version 2 of both: apply replaces them; the old versions wait for the retirement pass.
    const second = billingApp({ chargeTimeout: 60, orderVersion: '2' });
    const applied = await apply(second);
    expect(applied.results[0].resources.filter((r) => r.action === 'retiring').map((r) => r.physicalId).sort()).toEqual([chargeV1, orderV1].sort());
    const stateFile = defaultStateFile('Billing', cwd);
    const records = readState(stateFile, 'Billing').retirements;
    const graceEnd = (physicalId: string) => {
      const record = records.find((r) => r.physicalId === physicalId)!;
      return new Date(Date.parse(record.replacedAt) + record.graceSeconds * 1000).toISOString();
    };
    const stateBefore = fs.readFileSync(stateFile);
    const calls = countCalls(swf);

    // Inside the grace period: both wait, and nothing else changes: exit 0.
    const inGrace = await plan(second);
    expect(inGrace.exitCode).toBe(0);
    expect(pending(inGrace)).toEqual({
      [chargeV1]: `waiting: grace period ends ${graceEnd(chargeV1)}`,
      [orderV1]: `waiting: grace period ends ${graceEnd(orderV1)}`,
    });
    const table = renderPlanTable(inGrace.plans);
    expect(table).toContain('  Pending retirements in the state file: replaced or removed types, deprecated once nothing open can use them\n');
    expect(table).toMatch(new RegExp(`│ ${escape(orderV1)} +│ waiting: grace period ends ${escape(graceEnd(orderV1))} +│`));
    expect(table).toMatch(/Plan: 3 no change \(\d+ non-SWF resources skipped\); pending retirements: 2 waiting: no changes\n$/);

    // Past the grace period, the execution of Order version 1 is still open: it keeps both waiting.
    clock.advance(DAY_MS + 1);
    const open = await plan(second);
    expect(open.exitCode).toBe(0);
    expect(pending(open)).toEqual({
      [chargeV1]: 'waiting: 1 open execution in the domain started before the grace period ended',
      [orderV1]: 'waiting: 1 open execution of this version',
    });
    expect(open.plans[0].retirements?.pending.find((r) => r.physicalId === orderV1)?.openExecutions).toBe(1);

    // Going back to version 1 would cancel both retirements (the deploy's Create forgets the record).
    const reverted = await plan(first);
    expect(pending(reverted)).toEqual({
      [chargeV1]: 'cancelled: back in the app: the next deploy keeps it registered and forgets the record',
      [orderV1]: 'cancelled: back in the app: the next deploy keeps it registered and forgets the record',
    });

    // Once it has closed, both are due: the retirement pass of the next apply deprecates them, which is a change.
    await operator.send(new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'order-1', runId: running.runId }));
    const due = await plan(second);
    expect(due.exitCode).toBe(2);
    expect(pending(due)).toEqual({
      [chargeV1]: 'due: due now, the retirement pass of the next cdk-swf apply deprecates it',
      [orderV1]: 'due: due now, the retirement pass of the next cdk-swf apply deprecates it',
    });
    expect(renderPlanTable(due.plans)).toMatch(new RegExp(`│ ${escape(chargeV1)} +│ retire: due now, the retirement pass of the next cdk-swf apply deprecates it +│`));
    expect(renderPlanTable(due.plans)).toMatch(/; pending retirements: 2 retire: changes\n$/);
    expect(JSON.parse(renderPlanJson(due.plans))).toMatchObject({ exitCode: 2, stacks: [{ retirements: { pending: [{ status: 'due' }, { status: 'due' }] } }] });

    // None of these plans wrote anything: the types are registered, the state file is the same byte for byte, and
    // plan only read SWF.
    expect([await status('activity', 'Charge', chargeV1.split('|')[3]), await status('workflow', 'Order', '1')]).toEqual(['REGISTERED', 'REGISTERED']);
    expect(fs.readFileSync(stateFile).equals(stateBefore)).toBe(true);
    expect(calls.calls.filter((call) => !/^(Describe|List|Count)/.test(call))).toEqual([]);
    expect(calls.calls).toContain('CountOpenWorkflowExecutions');

    // What plan said is what the next apply does.
    const retired = await apply(second);
    expect(retired.results[0].resources.filter((r) => r.action === 'deprecated').map((r) => r.physicalId).sort()).toEqual([chargeV1, orderV1].sort());
    operator.destroy();
    const after = await plan(second);
    expect(after.exitCode).toBe(0);
    expect(pending(after)).toEqual({});
    expect(renderPlanTable(after.plans)).not.toContain('Pending retirements');
  });

  it('a record for a type the app still declares (left by an older cdk-swf) is shown as kept, and apply drops it', async () => {
    const clock = new TestClock();
    const { plan, apply } = deployer(swf, cwd, clock);
    const app = billingApp({ chargeTimeout: 30, orderVersion: '1' });
    expect((await apply(app)).exitCode).toBe(0);
    const orderV1 = `WorkflowType|${DOMAIN}|Order|1`;
    const stateFile = defaultStateFile('Billing', cwd);
    const state = readState(stateFile, 'Billing');
    writeState(stateFile, { ...state, retirements: [{ physicalId: orderV1, kind: 'workflowType', domain: DOMAIN, name: 'Order', version: '1', replacedAt: new Date(clock.now()).toISOString(), graceSeconds: 0 }] });

    const planned = await plan(app);
    expect(planned.exitCode).toBe(0);
    expect(pending(planned)[orderV1]).toMatch(/^forgotten: still declared by Order[0-9A-F]{8}: kept registered; the next retirement pass forgets the record$/);
    clock.advance(DAY_MS + 1);
    expect((await apply(app)).exitCode).toBe(0);
    expect(await status('workflow', 'Order', '1')).toBe('REGISTERED');
    expect(readState(stateFile, 'Billing').retirements).toEqual([]);
  });

  it('checks no retirement once SWF itself failed for a resource, and says so on each row (exit 1)', async () => {
    const { apply } = deployer(swf, cwd);
    await apply(billingApp({ chargeTimeout: 30, orderVersion: '1' }));
    const second = billingApp({ chargeTimeout: 60, orderVersion: '2' });
    await apply(second);
    const unreachable = clientFor('http://127.0.0.1:9');
    const result = await planApp({ assemblyDirectory: second, cwd, swf: unreachable, handler: inProcessHandler({ swf: unreachable, inspectBudgetMs: 1_000 }) });
    unreachable.destroy();
    expect(result.exitCode).toBe(1);
    const failedFor = result.plans[0].swfFailure;
    expect(failedFor).toBe('Domain66AC69E0');
    expect(Object.values(pending(result))).toEqual([
      `error: not checked: SWF failed for ${failedFor} (see its line)`,
      `error: not checked: SWF failed for ${failedFor} (see its line)`,
    ]);
  });
});

describe('plan of a stack cdk deploy deployed: pending retirements from the SSM parameters its Lambda keeps', () => {
  const DOMAIN = 'cfn-billing';
  let local: LocalSwf & { stop(): Promise<void> };
  let swf: SWFClient;
  let standin: CloudFormationStandin;
  let cloudFormation: CloudFormationClient;
  let cwd: string;
  let ssmLocal: SsmLocal;
  const saved = { ...process.env };

  useCloudFormationTestEnvironment((environment) => ({ local, swf, standin, cloudFormation, cwd } = environment));
  beforeEach(async () => {
    ssmLocal = await startSsmLocal();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    process.env = { ...saved };
    await ssmLocal.close();
  });

  /** Charge (retired with no grace period) and, in version 1, Order (the default grace period of a day), in stack `Billing`. */
  const billingApp = (shape: { chargeTimeout: number; withOrder: boolean }) =>
    synth((app) => {
      const stack = new Stack(app, 'Billing');
      const domain = new Domain(stack, 'Domain', { domainName: DOMAIN });
      new ActivityType(stack, 'Charge', {
        domain,
        activityTypeName: 'Charge',
        defaultTaskStartToCloseTimeout: SwfTimeout.seconds(shape.chargeTimeout),
        retirementGracePeriod: Duration.seconds(0),
      });
      if (shape.withOrder) new WorkflowType(stack, 'Order', { domain, workflowTypeName: 'Order', workflowTypeVersion: '1', defaultTaskList: 'decisions' });
    });

  it('lists the records the Lambda wrote (due: exit 2; waiting), in the CLI too, and writes nothing to SSM or SWF', async () => {
    const first = billingApp({ chargeTimeout: 30, withOrder: true });
    await deployLikeCloudFormation({ standin, swf, assembly: first, stackName: 'Billing' });
    const ssm = new SSMClient({ region: 'us-east-1', endpoint: ssmLocal.endpoint, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' } });
    const options = { cwd, swf, handler: inProcessHandler({ swf }), cloudFormation, flags: { region: 'us-east-1' } };
    const plan = (assemblyDirectory: string) => planApp({ ...options, ssm, assemblyDirectory });
    const chargeV1 = swfResources(await plan(first)).find((r) => r.physicalId?.includes('|Charge|'))!.physicalId!;

    // cdk deploy of version 2: CloudFormation creates Charge v2, then its cleanup phase sends the handler Lambda (the
    // real entry point, configured as the provider configures it) a Delete for Charge v1 and for the removed Order.
    const second = billingApp({ chargeTimeout: 60, withOrder: false });
    await deployLikeCloudFormation({ standin, swf, assembly: second, stackName: 'Billing' });
    const path = retirementPathOf(readCloudAssembly(second).find((s) => s.stackName === 'Billing')!.template)!;
    expect(path).toBe('/cdk-swf/Billing/retirements');
    useLocalAwsEnvironment();
    Object.assign(process.env, { AWS_ENDPOINT_URL_SWF: local.server.endpoint, AWS_ENDPOINT_URL_SSM: ssmLocal.endpoint, [RETIREMENT_PATH_VARIABLE]: path });
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const chargeVersion = chargeV1.split('|')[3];
    await lambdaHandler({
      RequestType: 'Delete',
      ResourceType: 'Custom::SwfActivityType',
      PhysicalResourceId: chargeV1,
      ResourceProperties: { Domain: DOMAIN, Name: 'Charge', Version: chargeVersion, DefaultTaskStartToCloseTimeout: '30', RetirementGracePeriod: '0' },
    });
    await lambdaHandler({
      RequestType: 'Delete',
      ResourceType: 'Custom::SwfWorkflowType',
      PhysicalResourceId: `WorkflowType|${DOMAIN}|Order|1`,
      ResourceProperties: { Domain: DOMAIN, Name: 'Order', Version: '1', DefaultTaskList: 'decisions' },
    });
    const written = ssmLocal.parameters;
    expect(written.size).toBe(2);
    const orderRecord = [...written.values()].map((value) => JSON.parse(value)).find((r) => r.name === 'Order');
    const orderGraceEnd = new Date(Date.parse(orderRecord.replacedAt) + DAY_MS).toISOString();
    ssmLocal.calls.splice(0);
    const calls = countCalls(swf);

    const result = await plan(second);
    expect(result.exitCode).toBe(2);
    expect(swfResources(result).every((r) => r.action === 'no change')).toBe(true);
    expect(result.plans[0].retirements?.source).toBe('SSM parameters under /cdk-swf/Billing/retirements');
    expect(pending(result)).toEqual({
      [chargeV1]: 'due: due now, the next retirement pass deprecates it',
      [`WorkflowType|${DOMAIN}|Order|1`]: `waiting: grace period ends ${orderGraceEnd}`,
    });

    // The CLI reads SSM with the same settings as CloudFormation (AWS_ENDPOINT_URL_SSM, --region, --profile).
    process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = standin.endpoint;
    delete process.env.AWS_ENDPOINT_URL_SWF;
    const cli = await runCli('plan', '--app', second, '--endpoint-url', local.server.endpoint, '--region', 'us-east-1');
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(2);
    expect(cli.stdout).toContain('  Pending retirements in SSM parameters under /cdk-swf/Billing/retirements: replaced or removed types');
    expect(cli.stdout).toMatch(new RegExp(`│ ${escape(chargeV1)} +│ retire: due now, the next retirement pass deprecates it +│`));
    expect(cli.stdout).toMatch(new RegExp(`│ WorkflowType\\|${DOMAIN}\\|Order\\|1 +│ waiting: grace period ends ${escape(orderGraceEnd)} +│`));
    expect(cli.stdout).toMatch(/Plan: 2 no change \(\d+ non-SWF resources skipped\); pending retirements: 1 retire, 1 waiting: changes\n$/);

    // Read-only: SSM was only listed, SWF only read, and the due type is still registered.
    expect(new Set(ssmLocal.calls)).toEqual(new Set(['GetParametersByPath']));
    expect(ssmLocal.parameters).toEqual(written);
    expect(calls.calls.filter((call) => !/^(Describe|List|Count)/.test(call))).toEqual([]);
    const charge = await swf.send(new DescribeActivityTypeCommand({ domain: DOMAIN, activityType: { name: 'Charge', version: chargeVersion } }));
    expect(charge.typeInfo?.status).toBe('REGISTERED');

    // Deprecated by hand in the meantime: nothing left to retire, the next pass forgets the record (no change).
    await swf.send(new DeprecateActivityTypeCommand({ domain: DOMAIN, activityType: { name: 'Charge', version: chargeVersion } }));
    const handDeprecated = await plan(second);
    expect(handDeprecated.exitCode).toBe(0);
    expect(pending(handDeprecated)[chargeV1]).toBe('forgotten: already deprecated in SWF: the next retirement pass forgets the record');

    // SSM that cannot be reached: one line saying so, the resource plan stands.
    const unreachable = new SSMClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' } });
    const blind = await planApp({ ...options, ssm: unreachable, assemblyDirectory: second });
    expect(blind.exitCode).toBe(0);
    expect(renderPlanTable(blind.plans)).toMatch(/^ {2}pending retirements not read: SSM GetParametersByPath \/cdk-swf\/Billing\/retirements failed: .*check AWS_ENDPOINT_URL_SSM/m);
    ssm.destroy();
    unreachable.destroy();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
