import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { Domain, WorkflowType } from '../../lib';
import { OrderProcessingStack } from '../../lib/example/order-processing-stack';
import { nagFailure } from './helpers';

describe('cdk-nag AwsSolutionsChecks', () => {
  it('passes on the example stack plus workers granted through the constructs', () => {
    const app = new App();
    const stack = new OrderProcessingStack(app, 'OrderProcessing');
    const decider = new iam.Role(stack, 'ExtraDecider', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    stack.processOrder.grantDecide(decider, { activityTypes: Object.values(stack.activityTypes) });
    const worker = new iam.Role(stack, 'ExtraActivityWorker', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    for (const activityType of Object.values(stack.activityTypes)) activityType.grantWork(worker);
    stack.processOrder.grantStartExecution(worker);
    expect(nagFailure(app)).toBeUndefined();
  });

  it('passes with several domains and types in an imported domain (one provider, acknowledged findings only)', () => {
    const app = new App();
    const stack = new OrderProcessingStack(app, 'Shop');
    new Domain(stack, 'Second');
    new WorkflowType(stack, 'LegacyFlow', { domain: Domain.fromDomainName(stack, 'Legacy', 'legacy'), workflowTypeName: 'Flow' });
    expect(nagFailure(app)).toBeUndefined();
  });

  it('really checks: an unrelated violation in the same app still fails', () => {
    const app = new App();
    const stack = new OrderProcessingStack(app, 'OrderProcessing');
    new sqs.Queue(stack, 'Queue');
    expect(nagFailure(app)).toMatch(/AwsSolutions-SQS3/);
  });
});
