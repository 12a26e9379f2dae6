import { App, CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';

export function newStack(id = 'TestStack'): Stack {
  return new Stack(new App(), id);
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of every inline policy attached to the role (resolved template JSON). */
export function statementsOf(stack: Stack, role: iam.Role): PolicyStatementJson[] {
  const roleId = stack.getLogicalId(role.node.defaultChild as CfnElement);
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The statement that allows `action`; fails when there is not exactly one. */
export function statementFor(statements: PolicyStatementJson[], action: string): PolicyStatementJson {
  const matching = statements.filter((statement) => actionsOf(statement).includes(action));
  if (matching.length !== 1) throw new Error(`expected one statement allowing ${action}, found ${matching.length}`);
  return matching[0];
}

export function newRole(stack: Stack, id = 'Worker'): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
}

/** The domain ARN as an env-agnostic template renders it: arn:<partition>:swf:<region>:<account>:/domain/<name>. */
export function domainArnJson(name: string) {
  return {
    'Fn::Join': [
      '',
      ['arn:', { Ref: 'AWS::Partition' }, ':swf:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:/domain/${name}`],
    ],
  };
}

/** Synthesizes the app with the AwsSolutions pack; returns the validation failure, if any. */
export function nagFailure(app: App): string | undefined {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
    return undefined;
  } catch (error) {
    return String(error);
  }
}
