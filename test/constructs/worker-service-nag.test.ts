import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { Domain, WorkflowType } from '../../lib';
import { SwfLambdaRole } from '../../lib/lambda-role';
import { WorkerKind, WorkerService } from '../../lib/worker-service';
import { nagFailure } from './helpers';
import { fixture, statementsOf } from './worker-service-support';

function workerFleet(): { app: App; stack: Stack; decider: WorkerService; activities: WorkerService } {
  const f = fixture();
  const common = { domain: f.domain, workerModule: 'dist/bin/order-processing/index.js' };
  const decider = new WorkerService(f.stack, 'Decider', {
    ...common,
    kind: WorkerKind.DECIDER,
    taskList: 'orders-decisions',
    workflowTypes: [f.processOrder],
    activityTypes: [f.reserve, f.charge, f.ship],
    spot: true,
  });
  const activities = new WorkerService(f.stack, 'Activities', {
    ...common,
    kind: WorkerKind.ACTIVITY,
    taskList: 'orders-activities',
    activityTypes: [f.reserve, f.charge, f.ship],
    minCapacity: 0,
  });
  return { app: f.app, stack: f.stack, decider, activities };
}

describe('WorkerService under cdk-nag AwsSolutionsChecks', () => {
  it('passes with the default image, cluster and VPC (only the two findings the construct justifies)', () => {
    const { app } = workerFleet();
    expect(nagFailure(app)).toBeUndefined();
  });

  it('still reports a wildcard the user adds to the task role (the acknowledgements are narrow)', () => {
    const { app, activities } = workerFleet();
    activities.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    expect(nagFailure(app)).toMatch(/AwsSolutions-IAM5\[Resource::\*\]/);
  });

  it('reports ECS Exec\'s wildcard permissions when the user turns it on (not hidden by the construct)', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Debuggable', {
      kind: WorkerKind.ACTIVITY,
      domain: f.domain,
      taskList: 'orders-activities',
      workerModule: 'dist/bin/order-processing/index.js',
      activityTypes: [f.ship],
      enableExecuteCommand: true,
    });
    expect(nagFailure(f.app)).toMatch(/AwsSolutions-IAM5/);
  });
});

describe('SwfLambdaRole', () => {
  function functions(stack: Stack): lambda.Function[] {
    return ['Reserve', 'Charge'].map((id) => new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => "ok";'),
    }));
  }

  it('is assumable by SWF only, for this account and its domains, and may invoke exactly the functions given', () => {
    const stack = new Stack(new App(), 'Lambdas');
    const [reserve, charge] = functions(stack);
    const role = new SwfLambdaRole(stack, 'SwfLambda', { functions: [reserve] });
    role.addFunction(charge);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'swf.amazonaws.com' },
            // Confused-deputy guard: without `domains`, any SWF domain of this account and Region.
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':swf:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':/domain/*']],
                },
              },
            },
          },
        ],
      },
      Description: 'Lets Amazon SWF invoke the Lambda tasks of its workflows',
    });
    const statements = statementsOf(stack, role);
    const arnOf = (fn: lambda.Function) => ({ 'Fn::GetAtt': [stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction), 'Arn'] });
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arnOf(reserve) },
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arnOf(charge) },
    ]);
  });

  it('is the Lambda role of a workflow type', () => {
    const stack = new Stack(new App(), 'Lambdas');
    const role = new SwfLambdaRole(stack, 'SwfLambda', { functions: functions(stack) });
    new WorkflowType(stack, 'Flow', {
      domain: Domain.fromDomainName(stack, 'Domain', 'orders'),
      workflowTypeName: 'Flow',
      defaultLambdaRole: role,
    });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfWorkflowType', {
      DefaultLambdaRole: { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] },
    });
  });

  it('passes cdk-nag (no wildcard: unqualified function ARNs only)', () => {
    const app = new App();
    const stack = new Stack(app, 'Lambdas');
    const sampleFunctions = functions(stack);
    for (const fn of sampleFunctions) {
      // Findings of the sample functions themselves, not of the role under test.
      Validations.of(fn).acknowledge(
        { id: 'AwsSolutions::AwsSolutions-L1', reason: 'test fixture' },
        { id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'test fixture' },
      );
    }
    new SwfLambdaRole(stack, 'SwfLambda', { functions: sampleFunctions });
    expect(nagFailure(app)).toBeUndefined();
  });

  it('fails without functions', () => {
    const stack = new Stack(new App(), 'Lambdas');
    expect(() => new SwfLambdaRole(stack, 'SwfLambda', { functions: [] })).toThrow(
      /Lambdas\/SwfLambda: invalid functions \[\]: give the Lambda functions the workflows may run/,
    );
  });
});
