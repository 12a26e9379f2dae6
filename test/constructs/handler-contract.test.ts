// The contract between the constructs and the handler, end to end: the properties the constructs synthesize are
// handed, as CloudFormation would, to the real handler (lambda/swf-resource, in process), which registers them in
// swf-local through the real SDK; SWF then holds exactly what the constructs declared.
import { DescribeActivityTypeCommand, DescribeDomainCommand, DescribeWorkflowTypeCommand, ListTagsForResourceCommand } from '@aws-sdk/client-swf';
import { App, CfnElement, Tags } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEvent } from '../../lambda/swf-resource';
import { OrderProcessingStack } from '../../lib/example/order-processing-stack';
import { startLocalSwf } from '../support/swf-local';

type Resource = { Type: string; Properties: Record<string, unknown> };
const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:123456789012:function:cdk-swf-handler';

/**
 * Replaces `{ Ref: logicalId }` by the physical ids created so far, and an IAM role's `Fn::GetAtt Arn` by the ARN
 * CloudFormation would give it (all the SWF properties need).
 */
function resolveRefs(value: unknown, physicalIds: Map<string, string>, template?: { Resources: Record<string, Resource> }): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, physicalIds, template));
  if (value && typeof value === 'object') {
    const ref = (value as { Ref?: string }).Ref;
    if (ref !== undefined && physicalIds.has(ref)) return physicalIds.get(ref);
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (getAtt && getAtt[1] === 'Arn' && template?.Resources[getAtt[0]]?.Type === 'AWS::IAM::Role') {
      return `arn:aws:iam::123456789012:role/OrderProcessing-${getAtt[0]}`;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, physicalIds, template)]));
  }
  return value;
}

describe('constructs → handler → SWF (swf-local)', () => {
  let local: Awaited<ReturnType<typeof startLocalSwf>>;
  let stack: OrderProcessingStack;

  beforeAll(async () => {
    local = await startLocalSwf();
    const app = new App();
    stack = new OrderProcessingStack(app, 'OrderProcessing');
    Tags.of(stack.domain).add('team', 'orders');
    const template = app.synth().getStackByName('OrderProcessing').template as { Resources: Record<string, Resource> };
    const physicalIds = new Map<string, string>();
    const order = ['Custom::SwfDomain', 'Custom::SwfWorkflowType', 'Custom::SwfActivityType'];
    const resources = Object.entries(template.Resources)
      .filter(([, r]) => order.includes(r.Type))
      .sort(([, a], [, b]) => order.indexOf(a.Type) - order.indexOf(b.Type));
    for (const [logicalId, resource] of resources) {
      const properties = resolveRefs({ ...resource.Properties, ServiceToken: SERVICE_TOKEN }, physicalIds, template) as Record<string, unknown>;
      const result = await handleEvent(
        { RequestType: 'Create', ResourceType: resource.Type, LogicalResourceId: logicalId, ResourceProperties: properties, ServiceToken: SERVICE_TOKEN },
        undefined,
        { swf: local.swf, log: () => undefined, arnScope: { partition: 'aws', region: 'us-east-1', account: '123456789012' } },
      );
      physicalIds.set(logicalId, result.PhysicalResourceId);
    }
  });

  afterAll(async () => {
    await local?.stop();
  });

  it('registers the domain with its retention, description and tags (Tags.of included)', async () => {
    const described = await local.swf.send(new DescribeDomainCommand({ name: 'order-processing' }));
    expect(described.domainInfo).toMatchObject({ name: 'order-processing', status: 'REGISTERED', description: 'Order processing: reserve inventory, charge payment, ship' });
    expect(described.configuration?.workflowExecutionRetentionPeriodInDays).toBe('30');
    const tags = await local.swf.send(new ListTagsForResourceCommand({ resourceArn: described.domainInfo!.arn! }));
    expect(tags.tags).toEqual([{ key: 'team', value: 'orders' }]);
  });

  it('registers ProcessOrder under the version the construct exposes, with its defaults', async () => {
    const described = await local.swf.send(
      new DescribeWorkflowTypeCommand({
        domain: 'order-processing',
        workflowType: { name: 'ProcessOrder', version: stack.processOrder.workflowTypeVersion },
      }),
    );
    expect(described.typeInfo?.status).toBe('REGISTERED');
    expect(described.configuration).toMatchObject({
      defaultTaskList: { name: 'orders-decisions' },
      defaultExecutionStartToCloseTimeout: '3600',
      defaultTaskStartToCloseTimeout: '30',
      defaultChildPolicy: 'TERMINATE',
      defaultLambdaRole: `arn:aws:iam::123456789012:role/OrderProcessing-${stack.getLogicalId(stack.fraudCheckRole.node.defaultChild as CfnElement)}`,
    });
  });

  it('registers the three activity types with their four timeouts', async () => {
    for (const activityType of Object.values(stack.activityTypes)) {
      const described = await local.swf.send(
        new DescribeActivityTypeCommand({
          domain: 'order-processing',
          activityType: { name: activityType.activityTypeName, version: activityType.activityTypeVersion },
        }),
      );
      expect(described.typeInfo?.status).toBe('REGISTERED');
      expect(described.configuration).toMatchObject({
        defaultTaskList: { name: 'orders-activities' },
        defaultTaskHeartbeatTimeout: 'NONE',
        defaultTaskScheduleToStartTimeout: '300',
      });
    }
  });
});
