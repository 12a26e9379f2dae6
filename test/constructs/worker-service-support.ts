import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ActivityType, IActivityType } from '../../lib/activity-type/activity-type';
import { Domain, IDomain } from '../../lib';
import { IWorkflowType, WorkflowType } from '../../lib/workflow-type/workflow-type';

/** A registry image, so tests that are not about the default image do not stage the project as a Docker context. */
export const REGISTRY_IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/example/cdk-swf-worker:1');

export interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly domain: IDomain;
  readonly processOrder: IWorkflowType;
  readonly reserve: IActivityType;
  readonly charge: IActivityType;
  readonly ship: IActivityType;
}

/** A stack with an imported domain, one workflow type and three activity types (two share a version). */
export function fixture(): Fixture {
  const app = new App();
  const stack = new Stack(app, 'Workers');
  const domain = Domain.fromDomainName(stack, 'Domain', 'orders');
  const activity = (name: string, version: string) =>
    ActivityType.fromActivityTypeAttributes(stack, name, { domain, activityTypeName: name, activityTypeVersion: version });
  return {
    app,
    stack,
    domain,
    processOrder: WorkflowType.fromWorkflowTypeAttributes(stack, 'ProcessOrder', {
      domain,
      workflowTypeName: 'ProcessOrder',
      workflowTypeVersion: '3',
    }),
    reserve: activity('ReserveInventory', '1'),
    charge: activity('ChargePayment', '1'),
    ship: activity('ShipOrder', '2'),
  };
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of the policies attached to `role`, resolved as in the template. */
export function statementsOf(stack: Stack, role: iam.IRole): Statement[] {
  const roleId = stack.getLogicalId((role as iam.Role).node.defaultChild as CfnElement);
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The statements that allow `action`. */
export function statementsAllowing(statements: Statement[], action: string): Statement[] {
  return statements.filter((statement) => statement.Effect === 'Allow' && actionsOf(statement).includes(action));
}

/** The domain ARN `orders` as an environment-agnostic template renders it. */
export const ORDERS_DOMAIN_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':swf:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':/domain/orders']],
};
