import { SWF_RESOURCE_TYPES } from '../common/swf-resources';
import { CustomResource, Duration, IResource, RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IActivityType } from '../activity-type/activity-type';
import { BASIC_DECISION_ACTIONS } from '../common/decision-actions';
import { renderSeconds, renderTimeout } from '../construct-support/render-timeout';
import { SWF_LIMITS } from '../construct-support/swf-rules';
import { SwfTimeout } from '../construct-support/swf-timeout';
import { applySwfRemovalPolicy, commonTypeConfiguration, createTypeResource, typeMetric, validateTypeIdentity } from '../construct-support/swf-type';
import { configureRetirement } from '../construct-support/type-retirement';
import { warnIfAllNone, warnIfLonger } from '../construct-support/timeout-warnings';
import { IDomain } from '../domain/domain-base';
import { applyVersionToLogicalId } from './version-in-logical-id';

/** The CloudFormation resource type of a workflow type. Part of the handler contract: never change it. */
export const WORKFLOW_TYPE_RESOURCE_TYPE = SWF_RESOURCE_TYPES.workflowType;

/** What happens to child executions when their parent closes by timeout or termination. */
export enum ChildPolicy {
  /** The child executions are terminated. */
  TERMINATE = 'TERMINATE',
  /** A cancellation is requested for each child (a WorkflowExecutionCancelRequested event in its history). */
  REQUEST_CANCEL = 'REQUEST_CANCEL',
  /** The child executions keep running. */
  ABANDON = 'ABANDON',
}

/** An SWF workflow type, created by this app or imported. */
export interface IWorkflowType extends IResource {
  /** The domain the type is registered in. */
  readonly domain: IDomain;
  /**
   * @attribute
   */
  readonly workflowTypeName: string;
  /**
   * @attribute
   */
  readonly workflowTypeVersion: string;
  /** The default decision task list, when known. */
  readonly defaultTaskList?: string;

  /** Grants StartWorkflowExecution for this type (conditions swf:workflowType.name and .version). */
  grantStartExecution(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants what a decider of this type needs: poll its decision task list, respond, and the decisions
   * (pseudo-actions) allowed by `options`.
   */
  grantDecide(grantee: iam.IGrantable, options?: GrantDecideOptions): iam.Grant;

  /** A metric of this type (`AWS/SWF`, dimensions Domain, WorkflowTypeName, WorkflowTypeVersion). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Executions that completed. @default - statistic Sum over 5 minutes */
  metricWorkflowsCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Executions that failed. @default - statistic Sum over 5 minutes */
  metricWorkflowsFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Executions that timed out. @default - statistic Sum over 5 minutes */
  metricWorkflowsTimedOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Executions that were canceled. @default - statistic Sum over 5 minutes */
  metricWorkflowsCanceled(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Executions that continued as new. @default - statistic Sum over 5 minutes */
  metricWorkflowsContinuedAsNew(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time from start to close of executions, in milliseconds. @default - statistic Average over 5 minutes */
  metricWorkflowStartToCloseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Time decision tasks waited for a decider, in milliseconds. A rising value means no decider is polling.
   * @default - statistic Average over 5 minutes
   */
  metricDecisionTaskScheduleToStartTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time deciders took to respond, in milliseconds. @default - statistic Average over 5 minutes */
  metricDecisionTaskStartToCloseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Decision tasks completed. @default - statistic Sum over 5 minutes */
  metricDecisionTasksCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Started decision tasks that timed out. @default - statistic Sum over 5 minutes */
  metricStartedDecisionTasksTimedOutOnClose(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** What a decider may decide, beyond the control-flow decisions every decider needs. */
export interface GrantDecideOptions {
  /**
   * The decision task list the decider polls.
   *
   * @default - the type's default task list (an error if it has none)
   */
  readonly taskList?: string;
  /**
   * Activity types the decider may schedule (ScheduleActivityTask, conditioned on each type's name and version).
   *
   * @default - none: the decider cannot schedule activities
   */
  readonly activityTypes?: IActivityType[];
  /**
   * Workflow types the decider may start as children (StartChildWorkflowExecution, conditioned on name and version).
   *
   * @default - none
   */
  readonly childWorkflowTypes?: IWorkflowType[];
}

/** The attributes of an existing workflow type. */
export interface WorkflowTypeAttributes {
  /** The domain the workflow type is registered in. */
  readonly domain: IDomain;
  /** The workflow type's name. */
  readonly workflowTypeName: string;
  /** The workflow type's version. */
  readonly workflowTypeVersion: string;
  /**
   * Its default decision task list, used by `grantDecide`.
   *
   * @default - unknown
   */
  readonly defaultTaskList?: string;
}

/** Grant and metric logic shared by created and imported workflow types. */
abstract class WorkflowTypeBase extends Resource implements IWorkflowType {
  public abstract readonly domain: IDomain;
  public abstract readonly workflowTypeName: string;
  public abstract readonly workflowTypeVersion: string;
  public abstract readonly defaultTaskList?: string;

  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['swf:StartWorkflowExecution'],
      resourceArns: [this.domain.domainArn],
      conditions: { StringEquals: this.typeConditions('swf:workflowType') },
    });
  }

  public grantDecide(grantee: iam.IGrantable, options: GrantDecideOptions = {}): iam.Grant {
    const taskList = options.taskList ?? this.defaultTaskList;
    if (taskList === undefined) {
      throw new Error(`${this.node.path}: grantDecide needs the decision task list: pass { taskList } (the workflow type has no defaultTaskList)`);
    }
    const resourceArns = [this.domain.domainArn];
    // Decisions are pseudo-actions on the domain resource (Service Authorization Reference: "domain*").
    const grants = [
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['swf:PollForDecisionTask'],
        resourceArns,
        conditions: { StringEquals: { 'swf:taskList.name': taskList } },
      }),
      iam.Grant.addToPrincipal({ grantee, actions: ['swf:RespondDecisionTaskCompleted', ...BASIC_DECISION_ACTIONS], resourceArns }),
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['swf:ContinueAsNewWorkflowExecution'],
        resourceArns,
        conditions: { StringEqualsIfExists: { 'swf:workflowTypeVersion': this.workflowTypeVersion } },
      }),
      ...(options.activityTypes ?? []).map((activityType) =>
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['swf:ScheduleActivityTask'],
          resourceArns,
          conditions: {
            StringEquals: {
              'swf:activityType.name': activityType.activityTypeName,
              'swf:activityType.version': activityType.activityTypeVersion,
            },
          },
        }),
      ),
      ...(options.childWorkflowTypes ?? []).map((child) =>
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['swf:StartChildWorkflowExecution'],
          resourceArns,
          conditions: {
            StringEquals: { 'swf:workflowType.name': child.workflowTypeName, 'swf:workflowType.version': child.workflowTypeVersion },
          },
        }),
      ),
    ];
    return grants.reduce((combined, grant) => combined.combine(grant));
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const dimensions = { Domain: this.domain.domainName, WorkflowTypeName: this.workflowTypeName, WorkflowTypeVersion: this.workflowTypeVersion };
    return typeMetric(this, metricName, dimensions, props);
  }

  public metricWorkflowsCompleted(props?: cloudwatch.MetricOptions) {
    return this.metric('WorkflowsCompleted', props);
  }
  public metricWorkflowsFailed(props?: cloudwatch.MetricOptions) {
    return this.metric('WorkflowsFailed', props);
  }
  public metricWorkflowsTimedOut(props?: cloudwatch.MetricOptions) {
    return this.metric('WorkflowsTimedOut', props);
  }
  public metricWorkflowsCanceled(props?: cloudwatch.MetricOptions) {
    return this.metric('WorkflowsCanceled', props);
  }
  public metricWorkflowsContinuedAsNew(props?: cloudwatch.MetricOptions) {
    return this.metric('WorkflowsContinuedAsNew', props);
  }
  public metricWorkflowStartToCloseTime(props?: cloudwatch.MetricOptions) {
    return this.metric('WorkflowStartToCloseTime', props);
  }
  public metricDecisionTaskScheduleToStartTime(props?: cloudwatch.MetricOptions) {
    return this.metric('DecisionTaskScheduleToStartTime', props);
  }
  public metricDecisionTaskStartToCloseTime(props?: cloudwatch.MetricOptions) {
    return this.metric('DecisionTaskStartToCloseTime', props);
  }
  public metricDecisionTasksCompleted(props?: cloudwatch.MetricOptions) {
    return this.metric('DecisionTasksCompleted', props);
  }
  public metricStartedDecisionTasksTimedOutOnClose(props?: cloudwatch.MetricOptions) {
    return this.metric('StartedDecisionTasksTimedOutOnClose', props);
  }

  private typeConditions(prefix: string): Record<string, string> {
    return { [`${prefix}.name`]: this.workflowTypeName, [`${prefix}.version`]: this.workflowTypeVersion };
  }
}

/** Properties of an SWF workflow type. All defaults are fixed at registration (see `workflowTypeVersion`). */
export interface WorkflowTypeProps {
  /** The domain to register the type in. */
  readonly domain: IDomain;
  /** The name of the type. Changing it replaces the type. */
  readonly workflowTypeName: string;
  /**
   * The version of the type. SWF cannot change a registered type, so with an explicit version, changing any
   * default or the description fails the deployment until the version changes too.
   *
   * @default - derived from a hash of the description and defaults: any change registers a new version
   */
  readonly workflowTypeVersion?: string;
  /**
   * A description of the workflow type (at most 1,024 characters).
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * The name of the default decision task list.
   *
   * @default - none: every StartWorkflowExecution must give a task list
   */
  readonly defaultTaskList?: string;
  /**
   * The default priority of decision tasks (higher runs first).
   *
   * @default - SWF's default, 0
   */
  readonly defaultTaskPriority?: number;
  /**
   * The default maximum duration of an execution (whole seconds, at most 1 year). SWF does not allow "no
   * timeout" here.
   *
   * @default - none: every StartWorkflowExecution must give one
   */
  readonly defaultExecutionStartToCloseTimeout?: Duration;
  /**
   * The default maximum duration of a decision task.
   *
   * @default - none: every StartWorkflowExecution must give one
   */
  readonly defaultTaskStartToCloseTimeout?: SwfTimeout;
  /**
   * What happens to child executions when an execution closes by timeout or termination.
   *
   * @default - none: every StartWorkflowExecution must give one
   */
  readonly defaultChildPolicy?: ChildPolicy;
  /**
   * The role SWF assumes to invoke Lambda tasks of this workflow.
   *
   * @default - none
   */
  readonly defaultLambdaRole?: iam.IRole;
  /**
   * What happens to the type when it leaves the stack or is replaced by a new version: DESTROY deprecates it
   * once its `retirementGracePeriod` is over and nothing open can use it, RETAIN leaves it registered.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * With removal policy DESTROY, how long this version stays registered at least after a new version replaced it or
   * it left the app. The retirement pass deprecates it after that, once nothing open can use it (see the README,
   * "Deploys and running workflows"). Make it longer than the time from deploying the types to the end of the
   * workers' rolling deployment.
   *
   * @default Duration.days(1)
   */
  readonly retirementGracePeriod?: Duration;
}

/** An Amazon SWF workflow type, registered by a CloudFormation custom resource. */
export class WorkflowType extends WorkflowTypeBase {
  /** Imports an existing workflow type. */
  public static fromWorkflowTypeAttributes(scope: Construct, id: string, attrs: WorkflowTypeAttributes): IWorkflowType {
    class Import extends WorkflowTypeBase {
      public readonly domain = attrs.domain;
      public readonly workflowTypeName = attrs.workflowTypeName;
      public readonly workflowTypeVersion = attrs.workflowTypeVersion;
      public readonly defaultTaskList = attrs.defaultTaskList;
    }
    const imported = new Import(scope, id);
    validateTypeIdentity(imported, {
      name: attrs.workflowTypeName,
      version: attrs.workflowTypeVersion,
      nameProperty: 'workflowTypeName',
      versionProperty: 'workflowTypeVersion',
    });
    return imported;
  }

  public readonly domain: IDomain;
  public readonly workflowTypeName: string;
  /** The registered version: the one given, or the derived one. */
  public readonly workflowTypeVersion: string;
  public readonly defaultTaskList?: string;

  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: WorkflowTypeProps) {
    super(scope, id);
    const { resource, version } = createTypeResource(this, {
      resourceType: WORKFLOW_TYPE_RESOURCE_TYPE,
      domain: props.domain,
      name: props.workflowTypeName,
      version: props.workflowTypeVersion,
      nameProperty: 'workflowTypeName',
      versionProperty: 'workflowTypeVersion',
      removalPolicy: props.removalPolicy,
      configuration: {
        ...commonTypeConfiguration(this, props),
        DefaultExecutionStartToCloseTimeout:
          props.defaultExecutionStartToCloseTimeout &&
          renderSeconds(this, 'defaultExecutionStartToCloseTimeout', props.defaultExecutionStartToCloseTimeout, SWF_LIMITS.executionTimeoutSecondsMax),
        DefaultTaskStartToCloseTimeout: renderTimeout(this, 'defaultTaskStartToCloseTimeout', props.defaultTaskStartToCloseTimeout),
        DefaultChildPolicy: props.defaultChildPolicy,
        DefaultLambdaRole: props.defaultLambdaRole?.roleArn,
      },
    });
    applyVersionToLogicalId(this, resource, version);
    this.resource = resource;
    configureRetirement(this, resource, props.retirementGracePeriod);
    warnAboutTimeouts(this, props);
    this.domain = props.domain;
    this.workflowTypeName = props.workflowTypeName;
    this.workflowTypeVersion = version;
    this.defaultTaskList = props.defaultTaskList;
  }

  /** Sets the removal policy (DESTROY deprecates after the retirement grace period; RETAIN leaves the type registered). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    applySwfRemovalPolicy(this, this.resource, policy);
  }
}

/** Warns at synth about default timeouts that cannot work together (SWF accepts them). */
function warnAboutTimeouts(scope: Construct, props: WorkflowTypeProps): void {
  const decisionTask = { property: 'defaultTaskStartToCloseTimeout', value: props.defaultTaskStartToCloseTimeout };
  const execution = {
    property: 'defaultExecutionStartToCloseTimeout',
    value: props.defaultExecutionStartToCloseTimeout && SwfTimeout.duration(props.defaultExecutionStartToCloseTimeout),
  };
  warnIfLonger(scope, decisionTask, execution, 'a decision task lost with its decider is never retried: the execution times out first');
  warnIfAllNone(
    scope,
    [decisionTask],
    'a decision task lost with its decider (crash, redeploy) is never retried, so the execution waits until its own timeout',
    'set a decision task timeout of a few seconds to a minute',
  );
}
