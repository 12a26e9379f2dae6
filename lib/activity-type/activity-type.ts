import { SWF_RESOURCE_TYPES } from '../common/swf-resources';
import { CustomResource, Duration, IResource, RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { renderTimeout } from '../construct-support/render-timeout';
import { SwfTimeout } from '../construct-support/swf-timeout';
import { applySwfRemovalPolicy, commonTypeConfiguration, createTypeResource, typeMetric, validateTypeIdentity } from '../construct-support/swf-type';
import { configureRetirement } from '../construct-support/type-retirement';
import { warnIfAllNone, warnIfLonger } from '../construct-support/timeout-warnings';
import { IDomain } from '../domain/domain-base';
import { applyVersionToLogicalId } from '../workflow-type/version-in-logical-id';

/** The CloudFormation resource type of an activity type. Part of the handler contract: never change it. */
export const ACTIVITY_TYPE_RESOURCE_TYPE = SWF_RESOURCE_TYPES.activityType;

/** An SWF activity type, created by this app or imported. */
export interface IActivityType extends IResource {
  /** The domain the type is registered in. */
  readonly domain: IDomain;
  /**
   * @attribute
   */
  readonly activityTypeName: string;
  /**
   * @attribute
   */
  readonly activityTypeVersion: string;
  /** The default activity task list, when known. */
  readonly defaultTaskList?: string;

  /**
   * Grants PollForActivityTask on one task list of the domain (condition swf:taskList.name).
   *
   * @param taskList the task list to poll. @default - the type's default task list (an error if it has none)
   */
  grantPoll(grantee: iam.IGrantable, taskList?: string): iam.Grant;

  /**
   * Grants what a worker needs once it holds a task: RespondActivityTaskCompleted/Failed/Canceled and
   * RecordActivityTaskHeartbeat. SWF has no condition keys for these: they apply to the whole domain, and the
   * task token decides which task.
   */
  grantRespond(grantee: iam.IGrantable): iam.Grant;

  /** grantPoll and grantRespond together: everything an activity worker needs. */
  grantWork(grantee: iam.IGrantable, taskList?: string): iam.Grant;

  /** A metric of this type (`AWS/SWF`, dimensions Domain, ActivityTypeName, ActivityTypeVersion). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Tasks completed. @default - statistic Sum over 5 minutes */
  metricActivityTasksCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Tasks failed. @default - statistic Sum over 5 minutes */
  metricActivityTasksFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Tasks canceled. @default - statistic Sum over 5 minutes */
  metricActivityTasksCanceled(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time tasks waited for a worker, in milliseconds. @default - statistic Average over 5 minutes */
  metricActivityTaskScheduleToStartTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time workers took, in milliseconds. @default - statistic Average over 5 minutes */
  metricActivityTaskStartToCloseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time from scheduling to close, in milliseconds. @default - statistic Average over 5 minutes */
  metricActivityTaskScheduleToCloseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Scheduled tasks that timed out before closing. @default - statistic Sum over 5 minutes */
  metricScheduledActivityTasksTimedOutOnClose(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Scheduled tasks that timed out before a worker started them. @default - statistic Sum over 5 minutes */
  metricScheduledActivityTasksTimedOutOnStart(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Started tasks that timed out before closing. @default - statistic Sum over 5 minutes */
  metricStartedActivityTasksTimedOutOnClose(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Started tasks whose heartbeat timed out. @default - statistic Sum over 5 minutes */
  metricStartedActivityTasksTimedOutOnHeartbeat(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** The attributes of an existing activity type. */
export interface ActivityTypeAttributes {
  /** The domain the activity type is registered in. */
  readonly domain: IDomain;
  /** The activity type's name. */
  readonly activityTypeName: string;
  /** The activity type's version. */
  readonly activityTypeVersion: string;
  /**
   * Its default task list, used by `grantPoll`.
   *
   * @default - unknown
   */
  readonly defaultTaskList?: string;
}

const RESPOND_ACTIONS = [
  'swf:RespondActivityTaskCompleted',
  'swf:RespondActivityTaskFailed',
  'swf:RespondActivityTaskCanceled',
  'swf:RecordActivityTaskHeartbeat',
];

/** Grant and metric logic shared by created and imported activity types. */
abstract class ActivityTypeBase extends Resource implements IActivityType {
  public abstract readonly domain: IDomain;
  public abstract readonly activityTypeName: string;
  public abstract readonly activityTypeVersion: string;
  public abstract readonly defaultTaskList?: string;

  public grantPoll(grantee: iam.IGrantable, taskList?: string): iam.Grant {
    const pollTaskList = taskList ?? this.defaultTaskList;
    if (pollTaskList === undefined) {
      throw new Error(`${this.node.path}: grantPoll needs the task list: pass it (the activity type has no defaultTaskList)`);
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['swf:PollForActivityTask'],
      resourceArns: [this.domain.domainArn],
      conditions: { StringEquals: { 'swf:taskList.name': pollTaskList } },
    });
  }

  public grantRespond(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: RESPOND_ACTIONS, resourceArns: [this.domain.domainArn] });
  }

  public grantWork(grantee: iam.IGrantable, taskList?: string): iam.Grant {
    return this.grantPoll(grantee, taskList).combine(this.grantRespond(grantee));
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const dimensions = { Domain: this.domain.domainName, ActivityTypeName: this.activityTypeName, ActivityTypeVersion: this.activityTypeVersion };
    return typeMetric(this, metricName, dimensions, props);
  }

  public metricActivityTasksCompleted(props?: cloudwatch.MetricOptions) {
    return this.metric('ActivityTasksCompleted', props);
  }
  public metricActivityTasksFailed(props?: cloudwatch.MetricOptions) {
    return this.metric('ActivityTasksFailed', props);
  }
  public metricActivityTasksCanceled(props?: cloudwatch.MetricOptions) {
    return this.metric('ActivityTasksCanceled', props);
  }
  public metricActivityTaskScheduleToStartTime(props?: cloudwatch.MetricOptions) {
    return this.metric('ActivityTaskScheduleToStartTime', props);
  }
  public metricActivityTaskStartToCloseTime(props?: cloudwatch.MetricOptions) {
    return this.metric('ActivityTaskStartToCloseTime', props);
  }
  public metricActivityTaskScheduleToCloseTime(props?: cloudwatch.MetricOptions) {
    return this.metric('ActivityTaskScheduleToCloseTime', props);
  }
  public metricScheduledActivityTasksTimedOutOnClose(props?: cloudwatch.MetricOptions) {
    return this.metric('ScheduledActivityTasksTimedOutOnClose', props);
  }
  public metricScheduledActivityTasksTimedOutOnStart(props?: cloudwatch.MetricOptions) {
    return this.metric('ScheduledActivityTasksTimedOutOnStart', props);
  }
  public metricStartedActivityTasksTimedOutOnClose(props?: cloudwatch.MetricOptions) {
    return this.metric('StartedActivityTasksTimedOutOnClose', props);
  }
  public metricStartedActivityTasksTimedOutOnHeartbeat(props?: cloudwatch.MetricOptions) {
    return this.metric('StartedActivityTasksTimedOutOnHeartbeat', props);
  }
}

/** Properties of an SWF activity type. All defaults are fixed at registration (see `activityTypeVersion`). */
export interface ActivityTypeProps {
  /** The domain to register the type in. */
  readonly domain: IDomain;
  /** The name of the type. Changing it replaces the type. */
  readonly activityTypeName: string;
  /**
   * The version of the type. SWF cannot change a registered type, so with an explicit version, changing any
   * default or the description fails the deployment until the version changes too.
   *
   * @default - derived from a hash of the description and defaults: any change registers a new version
   */
  readonly activityTypeVersion?: string;
  /**
   * A description of the activity type (at most 1,024 characters).
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * The name of the default task list.
   *
   * @default - none: every ScheduleActivityTask decision must give a task list
   */
  readonly defaultTaskList?: string;
  /**
   * The default priority of tasks of this type (higher runs first).
   *
   * @default - SWF's default, 0
   */
  readonly defaultTaskPriority?: number;
  /**
   * Maximum time a worker may take on a task.
   *
   * @default - none: every ScheduleActivityTask decision must give one
   */
  readonly defaultTaskStartToCloseTimeout?: SwfTimeout;
  /**
   * Maximum time between heartbeats of a started task.
   *
   * @default - none: every ScheduleActivityTask decision must give one
   */
  readonly defaultTaskHeartbeatTimeout?: SwfTimeout;
  /**
   * Maximum time a task may wait for a worker.
   *
   * @default - none: every ScheduleActivityTask decision must give one
   */
  readonly defaultTaskScheduleToStartTimeout?: SwfTimeout;
  /**
   * Maximum time from scheduling to completion.
   *
   * @default - none: every ScheduleActivityTask decision must give one
   */
  readonly defaultTaskScheduleToCloseTimeout?: SwfTimeout;
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

/** An Amazon SWF activity type, registered by a CloudFormation custom resource. */
export class ActivityType extends ActivityTypeBase {
  /** Imports an existing activity type. */
  public static fromActivityTypeAttributes(scope: Construct, id: string, attrs: ActivityTypeAttributes): IActivityType {
    class Import extends ActivityTypeBase {
      public readonly domain = attrs.domain;
      public readonly activityTypeName = attrs.activityTypeName;
      public readonly activityTypeVersion = attrs.activityTypeVersion;
      public readonly defaultTaskList = attrs.defaultTaskList;
    }
    const imported = new Import(scope, id);
    validateTypeIdentity(imported, {
      name: attrs.activityTypeName,
      version: attrs.activityTypeVersion,
      nameProperty: 'activityTypeName',
      versionProperty: 'activityTypeVersion',
    });
    return imported;
  }

  public readonly domain: IDomain;
  public readonly activityTypeName: string;
  /** The registered version: the one given, or the derived one. */
  public readonly activityTypeVersion: string;
  public readonly defaultTaskList?: string;

  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ActivityTypeProps) {
    super(scope, id);
    const { resource, version } = createTypeResource(this, {
      resourceType: ACTIVITY_TYPE_RESOURCE_TYPE,
      domain: props.domain,
      name: props.activityTypeName,
      version: props.activityTypeVersion,
      nameProperty: 'activityTypeName',
      versionProperty: 'activityTypeVersion',
      removalPolicy: props.removalPolicy,
      configuration: {
        ...commonTypeConfiguration(this, props),
        DefaultTaskStartToCloseTimeout: renderTimeout(this, 'defaultTaskStartToCloseTimeout', props.defaultTaskStartToCloseTimeout),
        DefaultTaskHeartbeatTimeout: renderTimeout(this, 'defaultTaskHeartbeatTimeout', props.defaultTaskHeartbeatTimeout),
        DefaultTaskScheduleToStartTimeout: renderTimeout(this, 'defaultTaskScheduleToStartTimeout', props.defaultTaskScheduleToStartTimeout),
        DefaultTaskScheduleToCloseTimeout: renderTimeout(this, 'defaultTaskScheduleToCloseTimeout', props.defaultTaskScheduleToCloseTimeout),
      },
    });
    applyVersionToLogicalId(this, resource, version);
    this.resource = resource;
    configureRetirement(this, resource, props.retirementGracePeriod);
    warnAboutTimeouts(this, props);
    this.domain = props.domain;
    this.activityTypeName = props.activityTypeName;
    this.activityTypeVersion = version;
    this.defaultTaskList = props.defaultTaskList;
  }

  /** Sets the removal policy (DESTROY deprecates after the retirement grace period; RETAIN leaves the type registered). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    applySwfRemovalPolicy(this, this.resource, policy);
  }
}

/** Warns at synth about default timeouts that cannot work together (SWF accepts them). */
function warnAboutTimeouts(scope: Construct, props: ActivityTypeProps): void {
  const heartbeat = { property: 'defaultTaskHeartbeatTimeout', value: props.defaultTaskHeartbeatTimeout };
  const startToClose = { property: 'defaultTaskStartToCloseTimeout', value: props.defaultTaskStartToCloseTimeout };
  const scheduleToStart = { property: 'defaultTaskScheduleToStartTimeout', value: props.defaultTaskScheduleToStartTimeout };
  const scheduleToClose = { property: 'defaultTaskScheduleToCloseTimeout', value: props.defaultTaskScheduleToCloseTimeout };
  const neverFires = 'it can never fire, because the task times out on the other one first';
  warnIfLonger(scope, heartbeat, startToClose, `${neverFires}, so a worker that dies is noticed no sooner than without heartbeats`);
  warnIfLonger(scope, heartbeat, scheduleToClose, neverFires);
  warnIfLonger(scope, startToClose, scheduleToClose, `${neverFires} (schedule-to-close includes the time the task waited for a worker)`);
  warnIfLonger(scope, scheduleToStart, scheduleToClose, neverFires);
  warnIfAllNone(
    scope,
    [startToClose, scheduleToClose, heartbeat],
    'a task whose worker dies is never timed out, so the decider never learns and the execution waits until its own timeout',
    'set a start-to-close or heartbeat timeout',
  );
}
