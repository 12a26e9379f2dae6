import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { RegisterDomainCommand, SWFClient } from '@aws-sdk/client-swf';
import { Fn, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { readStackExports } from '../../lib/deploy/cloudformation';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { applyApp, planApp } from '../../lib/deploy/run';
import { Domain } from '../../lib/domain/domain';
import type { CloudFormationStandin } from '../support/cloudformation-standin';
import { deployLikeCloudFormation, useCloudFormationTestEnvironment } from './cloudformation-support';
import { swfResources, synth } from './support';

/**
 * Multi-stack apps: the types live in another stack than their domain and import its name (Fn::ImportValue). Planning
 * the whole app resolves the import from the exporting stack's plan, or from what it exports as deployed; only a real
 * problem is an error. CloudFormation is the stand-in of test/support/cloudformation-standin.ts.
 */

/** `Shared` holds the domain, `Types` an activity type in it. */
function sharedDomainApp(description: string): string {
  return synth((app) => {
    const domain = new Domain(new Stack(app, 'Shared'), 'Domain', { domainName: 'shared-orders', description });
    new ActivityType(new Stack(app, 'Types'), 'Charge', { domain, activityTypeName: 'Charge', activityTypeVersion: '1' });
  });
}

let swf: SWFClient;
let standin: CloudFormationStandin;
let cloudFormation: CloudFormationClient;
let cwd: string;

useCloudFormationTestEnvironment((environment) => ({ swf, standin, cloudFormation, cwd } = environment));

const common = () => ({ cwd, swf, handler: inProcessHandler({ swf }), flags: { region: 'us-east-1' } });
const rows = (result: Awaited<ReturnType<typeof planApp>>) => swfResources(result).map((r) => `${r.action} ${r.physicalId ?? r.logicalId}`);

describe('planning a multi-stack app', () => {
  it('reports a domain change SWF cannot make as the one error; the types stack that imports the domain plans normally', async () => {
    expect((await applyApp({ ...common(), assemblyDirectory: sharedDomainApp('v1'), log: () => undefined })).exitCode).toBe(0);

    const result = await planApp({ ...common(), assemblyDirectory: sharedDomainApp('v2') });
    expect(result.exitCode).toBe(1);
    expect(rows(result)).toEqual(['error shared-orders', 'no change ActivityType|shared-orders|Charge|1']);
    expect(swfResources(result)[0].differences).toEqual([{ attribute: 'Description', ours: 'v2', theirs: 'v1' }]);
  });

  it('resolves imports from the stacks CloudFormation deployed: the whole app, one stack, and an export of a stack outside the app', async () => {
    const v1 = sharedDomainApp('v1');
    await deployLikeCloudFormation({ standin, swf, assembly: v1, stackName: 'Shared' });
    const sharedExports = await readStackExports(cloudFormation, 'Shared');
    await deployLikeCloudFormation({ standin, swf, assembly: v1, stackName: 'Types', imports: sharedExports });

    const whole = await planApp({ ...common(), assemblyDirectory: sharedDomainApp('v2'), cloudFormation });
    expect(rows(whole)).toEqual(['error shared-orders', 'no change ActivityType|shared-orders|Charge|1']);
    expect(whole.plans.map((p) => p.source.kind)).toEqual(['cloudformation', 'cloudformation']);

    // Types alone: the domain's name comes from what Shared exports in CloudFormation.
    const typesOnly = await planApp({ ...common(), assemblyDirectory: v1, cloudFormation, stackSelector: 'Types' });
    expect(typesOnly.exitCode).toBe(0);
    expect(rows(typesOnly)).toEqual(['no change ActivityType|shared-orders|Charge|1']);

    // An export no stack of this app declares: read from CloudFormation's exports of the account.
    standin.putStack({ stackName: 'Platform', template: {}, resources: [], outputs: [{ key: 'Name', value: 'platform-domain', exportName: 'PlatformDomainName' }] });
    await swf.send(new RegisterDomainCommand({ name: 'platform-domain', workflowExecutionRetentionPeriodInDays: '7' }));
    const consumer = synth((app) => {
      const stack = new Stack(app, 'Consumer');
      const domain = Domain.fromDomainName(stack, 'Platform', Fn.importValue('PlatformDomainName'));
      new ActivityType(stack, 'Audit', { domain, activityTypeName: 'Audit', activityTypeVersion: '1' });
    });
    const external = await planApp({ ...common(), assemblyDirectory: consumer, cloudFormation });
    expect(rows(external)).toEqual(['create ActivityType|platform-domain|Audit|1']);
    expect(standin.calls).toContain('ListExports');
  });
});
