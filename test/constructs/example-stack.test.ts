import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnElement, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OrderProcessingStack, ORDER_TASK_LISTS } from '../../lib/example/order-processing-stack';

describe('OrderProcessingStack (the example app)', () => {
  const app = new App();
  const stack = new OrderProcessingStack(app, 'OrderProcessing');
  const template = Template.fromStack(stack);

  it('is environment-agnostic and registers the order-processing domain', () => {
    expect(Token.isUnresolved(stack.region)).toBe(true);
    expect(Token.isUnresolved(stack.account)).toBe(true);
    template.hasResourceProperties('Custom::SwfDomain', { Name: 'order-processing', WorkflowExecutionRetentionPeriodInDays: '30' });
  });

  it('registers ProcessOrder on the decision task list with every default a start call would otherwise need', () => {
    template.hasResourceProperties('Custom::SwfWorkflowType', {
      Name: 'ProcessOrder',
      Version: stack.processOrder.workflowTypeVersion,
      DefaultTaskList: ORDER_TASK_LISTS.decisions,
      DefaultExecutionStartToCloseTimeout: '3600',
      DefaultTaskStartToCloseTimeout: '30',
      DefaultChildPolicy: 'TERMINATE',
    });
    expect(ORDER_TASK_LISTS).toEqual({ decisions: 'orders-decisions', activities: 'orders-activities' });
  });

  it('registers the three activities on the activity task list with all four timeouts', () => {
    expect(Object.keys(stack.activityTypes)).toEqual(['ReserveInventory', 'ChargePayment', 'ShipOrder']);
    for (const [name, activityType] of Object.entries(stack.activityTypes)) {
      expect(activityType.activityTypeVersion).toMatch(/^v[0-9a-f]{12}$/);
      template.hasResourceProperties('Custom::SwfActivityType', {
        Name: name,
        Version: activityType.activityTypeVersion,
        DefaultTaskList: ORDER_TASK_LISTS.activities,
        DefaultTaskStartToCloseTimeout: name === 'ShipOrder' ? '120' : '60',
        DefaultTaskHeartbeatTimeout: 'NONE',
        DefaultTaskScheduleToStartTimeout: '300',
        DefaultTaskScheduleToCloseTimeout: name === 'ShipOrder' ? '420' : '360',
      });
    }
  });

  describe('the fraud-check Lambda task', () => {
    const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const roleId = idOf(stack.fraudCheckRole);
    const functionArn = { 'Fn::GetAtt': [idOf(stack.fraudCheck), 'Arn'] };

    it('ships the bundled handler (the one npm start runs offline) on Node.js', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        Handler: 'index.handler',
        Runtime: 'nodejs24.x',
        Timeout: 30,
      });
    });

    it('has a role SWF may assume only for this account and the order-processing domain', () => {
      const role = template.findResources('AWS::IAM::Role')[roleId];
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'swf.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: {
              'aws:SourceArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':swf:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':/domain/order-processing']],
              },
            },
          },
        },
      ]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });

    it('lets that role invoke the fraud check and nothing else', () => {
      const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
        JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`),
      );
      expect(attached.flatMap((policy) => policy.Properties.PolicyDocument.Statement)).toEqual([
        { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: functionArn },
      ]);
    });

    it('makes that role ProcessOrder\'s default Lambda role, and lets the decider schedule Lambda tasks and name the function', () => {
      template.hasResourceProperties('Custom::SwfWorkflowType', { Name: 'ProcessOrder', DefaultLambdaRole: { 'Fn::GetAtt': [roleId, 'Arn'] } });
      const deciderRoleId = stack.getLogicalId(stack.decider.taskRole.node.defaultChild as CfnElement);
      const deciderStatements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${deciderRoleId}"`))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>);
      expect(deciderStatements.some((statement) => [statement.Action].flat().includes('swf:ScheduleLambdaFunction'))).toBe(true);
      const activityRoleId = stack.getLogicalId(stack.activityWorkers.taskRole.node.defaultChild as CfnElement);
      expect(JSON.stringify(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: activityRoleId }] } }))).not.toContain(
        'ScheduleLambdaFunction',
      );
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: Match.arrayWith([
          Match.objectLike({ Environment: Match.arrayWith([{ Name: 'ORDER_FRAUD_CHECK_FUNCTION', Value: { Ref: idOf(stack.fraudCheck) } }]) }),
        ]),
      });
    });
  });

  it('bin/app.ts (the cdk.json app) synthesizes the OrderProcessing stack', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-swf-app-'));
    // Run in this process, as `cdk synth` runs the app with CDK_OUTDIR set: a second process would spend most of
    // its time loading aws-cdk-lib again, which on a busy machine is what made this test slow.
    const previous = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = outdir;
    try {
      await import('../../bin/app');
    } finally {
      if (previous === undefined) delete process.env.CDK_OUTDIR;
      else process.env.CDK_OUTDIR = previous;
    }
    const synthesized = JSON.parse(readFileSync(join(outdir, 'OrderProcessing.template.json'), 'utf8'));
    rmSync(outdir, { recursive: true, force: true });
    const types = Object.values(synthesized.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((t) => t === 'Custom::SwfDomain')).toHaveLength(1);
    expect(types.filter((t) => t === 'Custom::SwfWorkflowType')).toHaveLength(1);
    expect(types.filter((t) => t === 'Custom::SwfActivityType')).toHaveLength(3);
    // The SWF resources are identical to an in-process synth (the worker image asset hash, owned by the worker
    // service, depends on the files of the package tree at the moment of synth, so it is left out here).
    const swfResources = (resources: Record<string, { Type: string }>) =>
      Object.fromEntries(Object.entries(resources).filter(([, r]) => r.Type.startsWith('Custom::Swf')));
    expect(swfResources(synthesized.Resources)).toEqual(swfResources(template.toJSON().Resources));
  });
});
