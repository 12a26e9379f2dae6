import { SSMClient } from '@aws-sdk/client-ssm';
import { DescribeActivityTypeCommand, DescribeDomainCommand } from '@aws-sdk/client-swf';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, SsmRetirementStore } from '../../lambda/swf-resource';
import type { CustomResourceEvent, RetirementOutcome, RetirementRecord } from '../../lambda/swf-resource';
import { RETIREMENT_PASS_EVENT } from '../../lib/common/type-retirement';
import { CloudFormationStandin, StandinResource, startCloudFormationStandin } from '../support/cloudformation-standin';
import { SsmLocal, startSsmLocal } from '../support/ssm-local';
import { LOCAL_CREDENTIALS, startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { ACTIVITY, createEvent, deleteEvent, DOMAIN } from './support';

// A renamed construct (or one moved in the tree, or `@cdk-swf/core:versionInLogicalId` turned on for a deployed
// stack) declares the same SWF resource under a new logical id: CloudFormation creates the new one (the handler adopts
// it), then deletes the old one. The Lambda entry point, configured as the provider configures it, asks CloudFormation
// first and keeps what the stack still declares. CloudFormation and SSM have no local emulators: the stand-ins of
// test/support/cloudformation-standin.ts (AWS Query protocol) and ssm-local.ts (JSON 1.1) speak their wire protocols
// to the real SDK clients; SWF is swf-local.
const domain = 'renames';
const STACK = 'Types';
const PATH = `/cdk-swf/${STACK}/retirements`;

describe('a Delete for a resource another logical id of the stack still declares', () => {
  let swfLocal: StartedLocalSwf;
  let ssm: SsmLocal;
  let cloudFormation: CloudFormationStandin;
  const saved = { ...process.env };
  const logged: string[] = [];

  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
    [swfLocal, ssm, cloudFormation] = await Promise.all([startLocalSwf(), startSsmLocal(), startCloudFormationStandin()]);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_SWF: swfLocal.server.endpoint,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.endpoint,
      CDK_SWF_RETIREMENT_PARAMETER_PATH: PATH,
    });
    await handler(createEvent(DOMAIN, { Name: domain, WorkflowExecutionRetentionPeriodInDays: '1' }));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    process.env = saved;
    await Promise.all([swfLocal?.stop(), ssm?.close(), cloudFormation?.close()]);
  });
  beforeEach(() => {
    logged.length = 0;
    cloudFormation.allow();
  });

  const activity = (version: string) => ({ Domain: domain, Name: 'Charge', Version: version });
  const physicalId = (version: string) => `ActivityType|${domain}|Charge|${version}`;
  const status = async (version: string) =>
    (await swfLocal.swf.send(new DescribeActivityTypeCommand({ domain, activityType: { name: 'Charge', version } }))).typeInfo?.status;
  const recorded = () => [...ssm.parameters.values()].map((value) => (JSON.parse(value) as RetirementRecord).physicalId).sort();
  /** The stack as CloudFormation lists it during the update's cleanup phase, behind 150 other resources (two pages). */
  const deployStack = (resources: StandinResource[]) => {
    const filler = Array.from({ length: 150 }, (_, i): StandinResource => ({ logicalId: `Queue${i}`, type: 'AWS::SQS::Queue', physicalId: `https://sqs/queue-${i}` }));
    cloudFormation.putStack({ stackName: STACK, template: {}, resources: [...filler, ...resources] });
    return cloudFormation.stackIdOf(STACK);
  };
  const deleteOf = (resourceType: string, logicalId: string, id: string, stackId: string, properties: Record<string, unknown>): CustomResourceEvent => ({
    ...deleteEvent(resourceType, id, properties),
    LogicalResourceId: logicalId,
    StackId: stackId,
  });

  it('a renamed type and a renamed domain stay registered, and no retirement is recorded', async () => {
    await handler(createEvent(ACTIVITY, activity('1')));
    // The rename: the new logical id's Create adopts the type CloudFormation already knows under the old one.
    await handler({ ...createEvent(ACTIVITY, activity('1')), LogicalResourceId: 'ChargeActivity' });
    const stackId = deployStack([
      { logicalId: 'Domain', type: DOMAIN, physicalId: domain, status: 'DELETE_IN_PROGRESS' },
      { logicalId: 'OrdersDomain', type: DOMAIN, physicalId: domain, status: 'CREATE_COMPLETE' },
      { logicalId: 'Charge', type: ACTIVITY, physicalId: physicalId('1'), status: 'DELETE_IN_PROGRESS' },
      { logicalId: 'ChargeActivity', type: ACTIVITY, physicalId: physicalId('1'), status: 'CREATE_COMPLETE' },
    ]);

    const deleted = await handler(deleteOf(ACTIVITY, 'Charge', physicalId('1'), stackId, activity('1')));
    await handler(deleteOf(DOMAIN, 'Domain', domain, stackId, { Name: domain, WorkflowExecutionRetentionPeriodInDays: '1' }));

    expect(deleted).toEqual({ PhysicalResourceId: physicalId('1'), Data: {} });
    expect(recorded()).toEqual([]);
    expect(await status('1')).toBe('REGISTERED');
    expect((await swfLocal.swf.send(new DescribeDomainCommand({ name: domain }))).domainInfo?.status).toBe('REGISTERED');
    expect(logged.filter((line) => line.includes('not retired'))).toEqual([
      `activity type 'Charge' version '1' in domain '${domain}' still declared by ChargeActivity: not retired`,
      `domain '${domain}' still declared by OrdersDomain: not retired`,
    ]);
    // Both pages were read for each Delete.
    expect(cloudFormation.calls.filter((call) => call.startsWith('ListStackResources'))).toHaveLength(4);
  });

  it('a type that only the deleted logical id declares is recorded for retirement, as before', async () => {
    await handler({ ...createEvent(ACTIVITY, activity('2')), LogicalResourceId: 'Charge2' });
    // A resource whose Create failed, or one already deleted, declares nothing.
    const stackId = deployStack([
      { logicalId: 'Charge2', type: ACTIVITY, physicalId: physicalId('2'), status: 'DELETE_IN_PROGRESS' },
      { logicalId: 'ChargeBroken', type: ACTIVITY, physicalId: physicalId('2'), status: 'CREATE_FAILED' },
      { logicalId: 'ChargeOld', type: ACTIVITY, physicalId: physicalId('2'), status: 'DELETE_COMPLETE' },
    ]);

    const deleted = (await handler(deleteOf(ACTIVITY, 'Charge2', physicalId('2'), stackId, activity('2')))) as { Data: Record<string, string> };

    expect(deleted.Data.RetirementGraceEndsAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(recorded()).toEqual([physicalId('2')]);
    expect(await status('2')).toBe('REGISTERED');
    expect(logged.filter((line) => line.includes('not retired'))).toEqual([]);
  });

  it('when CloudFormation cannot be read (access denied, throttled past the deadline), nothing is retired and a warning says why', async () => {
    for (const version of ['3', '4']) await handler({ ...createEvent(ACTIVITY, activity(version)), LogicalResourceId: `Charge${version}` });
    const stackId = deployStack([]);
    const before = recorded();

    cloudFormation.deny('ListStackResources');
    await handler(deleteOf(ACTIVITY, 'Charge3', physicalId('3'), stackId, activity('3')));
    cloudFormation.allow();
    // A Lambda with 16.5 s left has 1.5 s of budget (15 s are kept for answering CloudFormation).
    cloudFormation.throttleNext(1_000);
    await handler(deleteOf(ACTIVITY, 'Charge4', physicalId('4'), stackId, activity('4')), { getRemainingTimeInMillis: () => 16_500 });
    cloudFormation.throttleNext(0);

    expect(recorded()).toEqual(before);
    expect([await status('3'), await status('4')]).toEqual(['REGISTERED', 'REGISTERED']);
    const warnings = logged.filter((line) => line.startsWith('warning:'));
    expect(warnings).toEqual([
      expect.stringMatching(/^warning: activity type 'Charge' version '3' in domain 'renames' not retired: cannot tell .*failed with AccessDenied: User: .* is not authorized to perform: cloudformation:ListStackResources.*it stays registered: allow cloudformation:ListStackResources/),
      expect.stringMatching(/^warning: activity type 'Charge' version '4' in domain 'renames' not retired: cannot tell .*failed with Throttling: Rate exceeded \(after \d+ attempts\)/),
    ]);
  });

  it('the retirement pass forgets a due record of a type the stack still declares, and waits while it cannot tell', async () => {
    // Records an older cdk-swf wrote when CloudFormation deleted the old logical ids, grace periods over.
    const store = new SsmRetirementStore(new SSMClient({}), PATH);
    for (const version of ['5', '6']) {
      await handler({ ...createEvent(ACTIVITY, activity(version)), LogicalResourceId: `Charge${version}` });
      await store.put({ physicalId: physicalId(version), kind: 'activityType', domain, name: 'Charge', version, replacedAt: new Date(0).toISOString(), graceSeconds: 0 });
    }
    // Version 5 was renamed (declared by ChargeRenamed), version 6 really left the app.
    process.env.CDK_SWF_STACK_ID = deployStack([{ logicalId: 'ChargeRenamed', type: ACTIVITY, physicalId: physicalId('5') }]);
    const pass = async () =>
      Object.fromEntries(
        ((await handler(RETIREMENT_PASS_EVENT)) as RetirementOutcome[])
          .filter((o) => [physicalId('5'), physicalId('6')].includes(o.physicalId))
          .map((o) => [o.physicalId, `${o.action}: ${o.reason}`]),
      );

    cloudFormation.deny('ListStackResources');
    expect(await pass()).toEqual({
      [physicalId('5')]: expect.stringMatching(/^waiting: could not check or deprecate it, trying again next pass: CloudFormation ListStackResources .* failed with AccessDenied/),
      [physicalId('6')]: expect.stringMatching(/^waiting: could not check or deprecate it, trying again next pass: CloudFormation ListStackResources .* failed with AccessDenied/),
    });
    expect([await status('5'), await status('6')]).toEqual(['REGISTERED', 'REGISTERED']);

    cloudFormation.allow();
    expect(await pass()).toEqual({
      [physicalId('5')]: 'forgotten: still declared by ChargeRenamed: not retired',
      [physicalId('6')]: 'deprecated: grace period over and nothing open can use it',
    });
    expect([await status('5'), await status('6')]).toEqual(['REGISTERED', 'DEPRECATED']);
    expect(recorded()).not.toContain(physicalId('5'));
    expect(recorded()).not.toContain(physicalId('6'));
  });
});
