import { CfnElement, CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { RETIREMENT_PASS_EVENT, RETIREMENT_PATH_VARIABLE, RETIREMENTS_RESOURCE_TYPE } from '../common/type-retirement';
import { STACK_ID_VARIABLE } from '../common/handler-stack';
import { Construct, IConstruct } from 'constructs';
import { handlerCodeDirectory } from './handler-code';

/** The SWF calls the handler makes on a domain and its types; all of them accept a domain ARN. */
const DOMAIN_SCOPED_ACTIONS = [
  'swf:DescribeDomain',
  'swf:DeprecateDomain',
  'swf:UndeprecateDomain',
  'swf:TagResource',
  'swf:UntagResource',
  'swf:ListTagsForResource',
  'swf:RegisterWorkflowType',
  'swf:DescribeWorkflowType',
  'swf:DeprecateWorkflowType',
  'swf:UndeprecateWorkflowType',
  'swf:RegisterActivityType',
  'swf:DescribeActivityType',
  'swf:DeprecateActivityType',
  'swf:UndeprecateActivityType',
  // The retirement pass: are executions still open that may use a replaced type?
  'swf:CountOpenWorkflowExecutions',
];

/** How often the retirement pass runs. Deprecation is never urgent; an hour keeps SWF and SSM calls negligible. */
const RETIREMENT_PASS_INTERVAL = Duration.hours(1);

/**
 * The one custom-resource provider of a stack, shared by every Domain, WorkflowType and ActivityType in it.
 *
 * Its construct id is part of the contract: the ServiceToken of every SWF resource derives from it, and
 * CloudFormation refuses to change a custom resource's ServiceToken.
 */
export class SwfResourceProvider extends Construct {
  /** The construct id of the provider, a direct child of the stack. Never change it. */
  public static readonly CONSTRUCT_ID = 'CdkSwfProvider';

  /** The provider of the stack that contains `scope`, created on first use. */
  public static getOrCreate(scope: IConstruct): SwfResourceProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SwfResourceProvider.CONSTRUCT_ID);
    return (existing as SwfResourceProvider | undefined) ?? new SwfResourceProvider(stack, SwfResourceProvider.CONSTRUCT_ID);
  }

  /** The ServiceToken for custom resources. */
  public readonly serviceToken: string;
  /** The Lambda function that runs the handler (lambda/swf-resource). */
  public readonly handler: lambda.Function;
  /** The role of the handler function. */
  public readonly handlerRole: iam.Role;

  /**
   * Deleted only with the stack, after every type (each type depends on it): its Delete deprecates the types still
   * waiting for their retirement, since no pass runs after the stack is gone.
   */
  public readonly retirements: CustomResource;

  private readonly domainStatement: iam.PolicyStatement;
  private readonly domainArns = new Set<string>();
  private registerDomainAllowed = false;

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    this.handlerRole = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Registers, describes, tags and deprecates the SWF domains and types of this stack',
    });
    const handlerLogs = new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    handlerLogs.grantWrite(this.handlerRole);
    // Before a Delete retires a type, and before the retirement pass deprecates one, the handler asks whether another
    // logical id of this stack still declares it (a renamed or moved construct): only this stack, by its id.
    this.handlerRole.addToPolicy(new iam.PolicyStatement({ actions: ['cloudformation:ListStackResources'], resources: [Stack.of(this).stackId] }));

    this.domainStatement = new iam.PolicyStatement({ actions: DOMAIN_SCOPED_ACTIONS });
    this.handler = new lambda.Function(this, 'Handler', {
      description: 'cdk-swf: SWF domains and types as CloudFormation custom resources',
      code: lambda.Code.fromAsset(handlerCodeDirectory()),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      memorySize: 256,
      // The handler retries throttling with backoff inside its remaining time; the framework allows 15 minutes.
      timeout: Duration.minutes(10),
      role: this.handlerRole,
      logGroup: handlerLogs,
      environment: { [RETIREMENT_PATH_VARIABLE]: this.retirementPath, [STACK_ID_VARIABLE]: Stack.of(this).stackId },
    });

    // An explicit role instead of the framework's default one, which carries the AWS managed basic-execution
    // policy: this one may write only to its own log group (the framework adds the invoke permission).
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Custom-resource framework of cdk-swf: invokes the SWF handler',
    });
    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    frameworkLogs.grantWrite(frameworkRole);
    const framework = new cr.Provider(this, 'Framework', {
      onEventHandler: this.handler,
      logGroup: frameworkLogs,
      frameworkOnEventRole: frameworkRole,
    });
    this.serviceToken = framework.serviceToken;
    this.retirements = new CustomResource(this, 'Retirements', { resourceType: RETIREMENTS_RESOURCE_TYPE, serviceToken: this.serviceToken });
    this.scheduleRetirementPass();
    this.acknowledgeNagFindings();
  }

  /**
   * The SSM parameter path where the handler keeps the types this stack replaced or removed until the retirement
   * pass deprecates them.
   */
  public get retirementPath(): string {
    return `/cdk-swf/${Stack.of(this).stackName}/retirements`;
  }

  /** Pending retirements in SSM, and the hourly pass that deprecates the types whose time has come. */
  private scheduleRetirementPass(): void {
    const stack = Stack.of(this);
    const parameterArn = (suffix: string) =>
      stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${this.retirementPath.slice(1)}${suffix}` });
    this.handlerRole.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParametersByPath'], resources: [parameterArn('')] }));
    this.handlerRole.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:PutParameter', 'ssm:DeleteParameter'], resources: [parameterArn('/*')] }));
    new events.Rule(this, 'RetirementSchedule', {
      description: 'cdk-swf: deprecates replaced or removed SWF types once nothing open can use them',
      schedule: events.Schedule.rate(RETIREMENT_PASS_INTERVAL),
      targets: [new targets.LambdaFunction(this.handler, { event: events.RuleTargetInput.fromObject(RETIREMENT_PASS_EVENT) })],
    });
  }

  /**
   * The provider's findings under cdk-nag's AwsSolutions pack, each justified here because users cannot
   * change them (CDK's native acknowledgement, read by cdk-nag v3; no dependency on cdk-nag).
   */
  private acknowledgeNagFindings(): void {
    const handlerLogicalId = Stack.of(this).resolve(Stack.of(this).getLogicalId(this.handler.node.defaultChild as CfnElement));
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'swf:RegisterDomain cannot be scoped to a domain (SWF API reference: IAM cannot control RegisterDomain by resource); every other SWF action is limited to the domain ARNs of this stack',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter${this.retirementPath}/*]`,
        reason: 'one SSM parameter per replaced SWF type version, named by a hash, all under this stack\'s own retirement path',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`,
        reason: 'the custom-resource framework may invoke any version or alias of the SWF handler function, and only that function',
      },
    );
  }

  /** Allows the handler to manage the domain with this ARN and the types in it. Idempotent. */
  public addDomain(domainArn: string): void {
    if (this.domainArns.size === 0) this.handlerRole.addToPolicy(this.domainStatement);
    if (this.domainArns.has(domainArn)) return;
    this.domainArns.add(domainArn);
    this.domainStatement.addResources(domainArn);
  }

  /** Allows the handler to register domains. IAM cannot scope RegisterDomain to a domain: it needs Resource '*'. */
  public allowDomainRegistration(): void {
    if (this.registerDomainAllowed) return;
    this.registerDomainAllowed = true;
    this.handlerRole.addToPolicy(new iam.PolicyStatement({ actions: ['swf:RegisterDomain'], resources: ['*'] }));
  }
}
