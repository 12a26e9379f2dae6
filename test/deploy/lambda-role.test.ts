import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeWorkflowTypeCommand, SWFClient } from '@aws-sdk/client-swf';
import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { applyApp, planApp } from '../../lib/deploy/run';
import { Domain } from '../../lib/domain/domain';
import { WorkflowType } from '../../lib/workflow-type/workflow-type';
import { CloudFormationStandin, startCloudFormationStandin } from '../support/cloudformation-standin';
import { cloudFormationClientFor, deployLikeCloudFormation } from './cloudformation-support';
import { countCalls, swfResources, synth, closeWorkspaces, openWorkspace } from './support';

/**
 * A workflow type whose defaultLambdaRole is an IAM role of the same app, and whose default task list is a template
 * parameter without a value: neither is something cdk-swf deploys. plan shows them as known after deploy (or reads
 * them from the stack CloudFormation deployed: the stand-in of test/support/cloudformation-standin.ts); apply to
 * swf-local registers deterministic placeholders and says so.
 */

function lambdaApp(): string {
  return synth((app) => {
    const stack = new Stack(app, 'Lambdas');
    const domain = new Domain(stack, 'Domain', { domainName: 'lambda-orders' });
    const role = new iam.Role(stack, 'SwfRole', { assumedBy: new iam.ServicePrincipal('swf.amazonaws.com') });
    const decisions = new CfnParameter(stack, 'DecisionList', { type: 'String' });
    new WorkflowType(stack, 'Order', { domain, workflowTypeName: 'Order', defaultLambdaRole: role, defaultTaskList: decisions.valueAsString });
  });
}

let swf: SWFClient;
let cwd: string;
beforeEach(async () => void ({ swf, cwd } = await openWorkspace()));
afterEach(closeWorkspaces);

const orderRow = (result: Awaited<ReturnType<typeof planApp>>) => swfResources(result).find((r) => r.resourceType === 'Custom::SwfWorkflowType')!;

describe('a workflow type with a Lambda role of the same app', () => {
  it('plans as known after deploy, applies to swf-local with a placeholder it announces, and re-plans as no change', async () => {
    const assembly = lambdaApp();
    const options = { assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf }), flags: { region: 'us-east-1' } };

    const before = await planApp(options);
    expect(before.exitCode).toBe(2);
    expect(orderRow(before)).toMatchObject({
      action: 'create',
      knownAfterDeploy: ['DefaultTaskList', 'DefaultLambdaRole'],
      message: 'DefaultTaskList, DefaultLambdaRole: placeholder on a local endpoint (known after cdk deploy)',
    });

    const lines: string[] = [];
    const applied = await applyApp({ ...options, log: (line) => lines.push(line) });
    expect(applied.exitCode).toBe(0);
    const roleLine = lines.find((l) => l.includes('[AWS::IAM::Role]'))!;
    expect(roleLine).toMatch(/^ {2}! SwfRole[0-9A-F]{8} \[AWS::IAM::Role\] is created by cdk deploy, not here: this local apply uses the placeholder arn:aws:iam::123456789012:role\/cdk-swf-placeholder-Lambdas-SwfRole[0-9A-F]{8}$/);
    expect(lines).toContain('  ! parameter DecisionList has no value here: this local apply uses the placeholder cdk-swf-placeholder.Lambdas.DecisionList');
    const version = orderRow(before).physicalId!.split('|')[3];
    const registered = await swf.send(new DescribeWorkflowTypeCommand({ domain: 'lambda-orders', workflowType: { name: 'Order', version } }));
    expect(registered.configuration?.defaultLambdaRole).toBe(roleLine.split(' ').at(-1));
    expect(registered.configuration?.defaultTaskList?.name).toBe('cdk-swf-placeholder.Lambdas.DecisionList');

    const after = await planApp(options);
    expect(after.exitCode).toBe(0);
    expect(orderRow(after).action).toBe('no change');
    const counter = countCalls(swf);
    expect((await applyApp({ ...options, log: () => undefined })).exitCode).toBe(0);
    expect(counter.calls.filter((call) => !/^(Describe|List)/.test(call))).toEqual([]);
  });

  it('refuses to apply it to AWS, before any change, since only cdk deploy creates the role', async () => {
    const counter = countCalls(swf);
    const lines: string[] = [];
    // The client is swf-local's; the endpoint flag makes the environment the one of a real AWS endpoint.
    const flags = { region: 'us-east-1', account: '123456789012', endpointUrl: 'https://swf.us-east-1.amazonaws.com' };
    const result = await applyApp({ assemblyDirectory: lambdaApp(), cwd, swf, handler: inProcessHandler({ swf }), flags, log: (line) => lines.push(line) });
    expect(result.exitCode).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}✗ Order[0-9A-F]{8} \[Custom::SwfWorkflowType\] error: DefaultTaskList, DefaultLambdaRole only known once cdk deploy has created what it refers to: deploy this stack with cdk deploy$/),
    );
    expect(lines.at(-1)).toBe('Lambdas: nothing applied: fix the error(s) above (cdk-swf plan shows them too)');
    expect(counter.calls.filter((call) => !/^(Describe|List)/.test(call))).toEqual([]);
  });

  it('reads the role ARN and the parameter value from the stack CloudFormation deployed', async () => {
    const standin: CloudFormationStandin = await startCloudFormationStandin();
    const cloudFormation: CloudFormationClient = cloudFormationClientFor(standin);
    try {
      const assembly = lambdaApp();
      await deployLikeCloudFormation({ standin, swf, assembly, stackName: 'Lambdas', parameters: { DecisionList: 'decisions' } });
      const result = await planApp({ assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf }), cloudFormation, flags: { region: 'us-east-1' } });
      expect(result.exitCode).toBe(0);
      const row = orderRow(result);
      expect(row.action).toBe('no change');
      expect(row.knownAfterDeploy).toBeUndefined();
      const version = row.physicalId!.split('|')[3];
      const registered = await swf.send(new DescribeWorkflowTypeCommand({ domain: 'lambda-orders', workflowType: { name: 'Order', version } }));
      expect(registered.configuration?.defaultLambdaRole).toMatch(/^arn:aws:iam::123456789012:role\/Lambdas-SwfRole[0-9A-F]{8}-[0-9A-F]{12}$/);
      expect(registered.configuration?.defaultTaskList?.name).toBe('decisions');

      // Without CloudFormation, against AWS: both settings are known after deploy and not compared with SWF.
      const flags = { region: 'us-east-1', account: '123456789012', endpointUrl: 'https://swf.us-east-1.amazonaws.com' };
      const blind = await planApp({ assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf }), flags });
      expect(orderRow(blind)).toMatchObject({
        action: 'adopt',
        differences: [],
        knownAfterDeploy: ['DefaultTaskList', 'DefaultLambdaRole'],
        message: 'DefaultTaskList, DefaultLambdaRole: known after deploy (not compared with SWF)',
      });
    } finally {
      cloudFormation.destroy();
      await standin.close();
    }
  });
});
