import { Annotations, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { IActivityType } from '../activity-type/activity-type';
import { SWF_LIMITS, validateName } from '../construct-support/swf-rules';
import type { IDomain } from '../domain/domain-base';
import type { IWorkflowType } from '../workflow-type/workflow-type';
import { BacklogScaling, DEFAULT_SCALE_OUT_STEPS } from './backlog-scaling';
import { grantDeciderPermissions } from './decider-permissions';
import { defaultWorkerCluster } from './default-cluster';
import { WorkerAlarms } from './worker-alarms';
import { WorkerImage } from './worker-image';
import { WorkerKind } from './worker-kind';

/** ECS waits this long after SIGTERM before SIGKILL: the Fargate maximum, for a 60 s poll plus the task in hand. */
export const WORKER_STOP_TIMEOUT = Duration.seconds(120);
/** Time the worker gets between the end of its drain and SIGKILL, to fail what it could not finish. */
const DRAIN_MARGIN = Duration.seconds(10);

/** Environment variables the service sets from its props (the `cdk-swf worker` contract). */
const RESERVED_ENVIRONMENT = [
  'SWF_DOMAIN',
  'SWF_TASK_LIST',
  'SWF_WORKFLOW_VERSIONS',
  'SWF_ACTIVITY_VERSIONS',
  'SWF_DRAIN_SECONDS',
  'SWF_CONCURRENCY',
];

/** Properties of a {@link WorkerService}. */
export interface WorkerServiceProps {
  /** Whether the fleet runs a decider or activity workers. */
  readonly kind: WorkerKind;

  /** The domain the workers poll. */
  readonly domain: IDomain;

  /** The task list the workers poll (decision tasks for a decider, activity tasks for activity workers). */
  readonly taskList: string;

  /**
   * The worker module, as a path inside the image relative to its working directory, passed as
   * `cdk-swf worker --module <workerModule>`. With the default image this is the compiled file, e.g.
   * `dist/bin/order-processing/decider.js`.
   */
  readonly workerModule: string;

  /**
   * Decider: the workflow types it decides for (required for deciders, not allowed for activity workers). Their
   * versions reach the code as `SWF_WORKFLOW_VERSIONS` and get alarms on decision latency and timeouts.
   *
   * @default - none
   */
  readonly workflowTypes?: IWorkflowType[];

  /**
   * Activity workers: the activity types they serve (required), with alarms on failures and timeouts.
   * Decider: the activity types it may schedule (ScheduleActivityTask is allowed for exactly these).
   * Their versions reach the code as `SWF_ACTIVITY_VERSIONS`.
   *
   * @default - none
   */
  readonly activityTypes?: IActivityType[];

  /**
   * Decider: the task lists its ScheduleActivityTask decisions may name. A decision that names none uses the
   * activity type's default task list, which is always allowed.
   *
   * @default - any task list
   */
  readonly activityTaskLists?: string[];

  /**
   * Decider: workflow types it may start as child workflows.
   *
   * @default - none
   */
  readonly childWorkflowTypes?: IWorkflowType[];

  /**
   * Decider: allow SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution decisions.
   *
   * @default false
   */
  readonly allowExternalWorkflowDecisions?: boolean;

  /**
   * Decider: allow ScheduleLambdaFunction decisions. The execution's Lambda role (see `SwfLambdaRole`) decides
   * which functions SWF may invoke.
   *
   * @default false
   */
  readonly allowLambdaTasks?: boolean;

  /**
   * The cluster to run in. With spot capacity, a `Cluster` of this app gets its Fargate capacity providers
   * enabled; an imported cluster must have them already.
   *
   * @default - a cluster shared by all worker services of the stack (in `vpc`, or a new VPC)
   */
  readonly cluster?: ecs.ICluster;

  /**
   * The VPC for the shared cluster. Only when `cluster` is not given.
   *
   * @default - a new VPC (2 AZs, NAT gateways, flow logs), shared by the stack's worker services
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Where the tasks run. They need outbound access to SWF, ECR and CloudWatch Logs (NAT or VPC endpoints).
   *
   * @default - the private subnets of the VPC (public ones if it has none)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the tasks. Workers only make outbound calls.
   *
   * @default - a new security group that allows all outbound traffic and no inbound
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Give tasks a public IP (needed in public subnets without NAT).
   *
   * @default false
   */
  readonly assignPublicIp?: boolean;

  /**
   * The container image; its entry point must be the `cdk-swf` CLI (the service passes `worker --kind ...` as the
   * command).
   *
   * @default - WorkerImage.fromProject(): this package built with lib/worker-service/image/Dockerfile
   */
  readonly image?: ecs.ContainerImage;

  /**
   * The CPU architecture of the tasks (the default image is built for it).
   *
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * CPU units of a task (a valid Fargate cpu/memory combination).
   *
   * @default 256
   */
  readonly cpu?: number;

  /**
   * Memory of a task, in MiB.
   *
   * @default 512
   */
  readonly memoryLimitMiB?: number;

  /**
   * The fewest tasks: at least 1 for a decider (decisions must not wait for a task to start); activity workers may
   * scale to 0 when idle (the first task then waits for a worker to start, a few minutes).
   *
   * @default 1
   */
  readonly minCapacity?: number;

  /**
   * The most tasks.
   *
   * @default - 2 for a decider, 4 for activity workers (at least minCapacity)
   */
  readonly maxCapacity?: number;

  /**
   * Run on Fargate Spot. Spot tasks get SIGTERM two minutes before interruption, which the worker's drain covers.
   *
   * @default false
   */
  readonly spot?: boolean;

  /**
   * With `spot`, how many tasks run on regular Fargate before the rest go to Spot.
   *
   * @default - 1 for a decider (a decider always stays up), 0 for activity workers
   */
  readonly onDemandBaseCapacity?: number;

  /**
   * More environment variables for the worker (e.g. `AWS_ENDPOINT_URL_SWF`). The SWF_* variables of the
   * `cdk-swf worker` contract are set from the props and may not be given here.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * Secrets for the worker, from Secrets Manager or SSM Parameter Store.
   *
   * @default - none
   */
  readonly secrets?: { [key: string]: ecs.Secret };

  /**
   * How long a stopping worker keeps working on the tasks it holds (`SWF_DRAIN_SECONDS`). It must end at least
   * 10 s before the container's 120 s stop timeout so the worker can fail what it could not finish.
   *
   * @default Duration.seconds(90)
   */
  readonly drainTimeout?: Duration;

  /**
   * Tasks one worker process handles at once (`SWF_CONCURRENCY`).
   *
   * @default - the worker runtime's default
   */
  readonly concurrency?: number;

  /**
   * How long the worker logs are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Allow `aws ecs execute-command` into the tasks (debugging).
   *
   * @default false
   */
  readonly enableExecuteCommand?: boolean;

  /**
   * The service name.
   *
   * @default - a name generated by CloudFormation
   */
  readonly serviceName?: string;

  /**
   * Scale-out steps on the backlog (`AWS/SWF PendingTasks` of the task list, Sum per minute): from each step's
   * `lower` backlog, add `change` tasks. Give only `lower` bounds.
   *
   * @default - 1+ pending: +1 task, 20+: +3, 100+: +5
   */
  readonly scaleOutSteps?: appscaling.ScalingInterval[];

  /**
   * Time between scale-out steps.
   *
   * @default Duration.minutes(1)
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * How long the task list must have no backlog before the service scales in to `minCapacity`. Workers that are
   * still running long tasks then drain (see `drainTimeout`), so keep this above your typical task duration.
   *
   * @default Duration.minutes(5)
   */
  readonly scaleInAfterIdle?: Duration;

  /**
   * Create the alarms (see `alarms`).
   *
   * @default true
   */
  readonly createAlarms?: boolean;

  /**
   * The period the alarms evaluate.
   *
   * @default Duration.minutes(5)
   */
  readonly alarmPeriod?: Duration;

  /**
   * Activity workers: failed tasks of one activity type per period that raise its alarm.
   *
   * @default 1
   */
  readonly activityFailuresThreshold?: number;

  /**
   * Activity workers: timed-out tasks (any kind) of one activity type per period that raise its alarm.
   *
   * @default 1
   */
  readonly activityTimeoutsThreshold?: number;

  /**
   * Decider: the longest a decision task may wait for a decider (DecisionTaskScheduleToStartTime, maximum).
   *
   * @default Duration.seconds(30)
   */
  readonly decisionLatencyThreshold?: Duration;

  /**
   * Decider: started decision tasks of one workflow type that time out per period (StartedDecisionTasksTimedOutOnClose)
   * that raise its alarm.
   *
   * @default 1
   */
  readonly decisionTimeoutsThreshold?: number;
}

/**
 * A fleet of SWF workers (a decider or activity workers) on ECS Fargate running `cdk-swf worker`: least-privilege
 * task role, graceful shutdown (120 s stop timeout, init process, drain), scaling on the task list's backlog,
 * deployment circuit breaker with rollback, logs with retention, and alarms.
 */
export class WorkerService extends Construct implements iam.IGrantable, ec2.IConnectable {
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The worker container. */
  public readonly container: ecs.ContainerDefinition;
  /** The role the workers run as. */
  public readonly taskRole: iam.IRole;
  /** The log group of the worker container. */
  public readonly logGroup: logs.ILogGroup;
  /** The scalable task count; add schedules or other policies to it. */
  public readonly scalableTarget: appscaling.ScalableTarget;
  /** The alarms (empty when `createAlarms` is false); route them with `addAlarmAction`. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The backlog-scaling alarms (they drive scaling; they are not problems to page on). */
  public readonly scalingAlarms: cloudwatch.Alarm[];
  public readonly grantPrincipal: iam.IPrincipal;
  public readonly connections: ec2.Connections;
  /** What the fleet runs. */
  public readonly kind: WorkerKind;
  /** The domain the fleet polls. */
  public readonly domain: IDomain;
  /** The task list the fleet polls. */
  public readonly taskList: string;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    const settings = resolveSettings(this, props);
    this.kind = props.kind;
    this.domain = props.domain;
    this.taskList = props.taskList;
    const cluster = props.cluster ?? defaultWorkerCluster(this, props.vpc);
    if (props.spot && ecs.Cluster.isCluster(cluster)) cluster.enableFargateCapacityProviders();
    if (props.spot && !ecs.Cluster.isCluster(cluster)) {
      Annotations.of(this).addWarningV2(
        'cdk-swf:spotOnImportedCluster',
        'spot: true on an imported cluster: make sure its FARGATE and FARGATE_SPOT capacity providers are enabled, or the service cannot place tasks',
      );
    }

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: settings.cpu,
      memoryLimitMiB: settings.memoryLimitMiB,
      runtimePlatform: { cpuArchitecture: settings.cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    this.taskRole = this.taskDefinition.taskRole;
    this.grantPrincipal = this.taskRole;

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH });
    this.container = this.taskDefinition.addContainer('Worker', {
      image: props.image ?? WorkerImage.fromProject({ platform: settings.imagePlatform }),
      command: ['worker', '--kind', props.kind, '--module', props.workerModule],
      environment: this.workerEnvironment(props, settings),
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: props.kind }),
      stopTimeout: WORKER_STOP_TIMEOUT,
      linuxParameters: new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true }),
      readonlyRootFilesystem: true,
    });
    // The root filesystem is read-only; Node and libraries that need scratch space get a task-local /tmp.
    this.taskDefinition.addVolume({ name: 'tmp' });
    this.container.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition: this.taskDefinition,
      serviceName: props.serviceName,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      assignPublicIp: props.assignPublicIp ?? false,
      capacityProviderStrategies: settings.capacityProviderStrategies,
      circuitBreaker: { enable: true, rollback: true },
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    this.connections = this.service.connections;
    // Workers start once the types they serve are registered (a decider would otherwise schedule unknown types).
    this.service.node.addDependency(...settings.workflowTypes, ...settings.activityTypes);

    this.grantSwfPermissions(props, settings);
    this.acknowledgeNagFindings();

    this.scalableTarget = new appscaling.ScalableTarget(this, 'ScalableTaskCount', {
      serviceNamespace: appscaling.ServiceNamespace.ECS,
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${cluster.clusterName}/${this.service.serviceName}`,
      minCapacity: settings.minCapacity,
      maxCapacity: settings.maxCapacity,
      // The service-linked role ECS scaling uses (as FargateService.autoScaleTaskCount does); no new role.
      role: iam.Role.fromRoleArn(this, 'ScalingRole', Stack.of(this).formatArn({
        region: '',
        service: 'iam',
        resource: 'role/aws-service-role/ecs.application-autoscaling.amazonaws.com',
        resourceName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
      })),
    });
    const scaling = new BacklogScaling(this, 'BacklogScaling', {
      scalableTarget: this.scalableTarget,
      backlog: this.metricPendingTasks(),
      minCapacity: settings.minCapacity,
      scaleOutSteps: props.scaleOutSteps ?? DEFAULT_SCALE_OUT_STEPS,
      scaleOutCooldown: props.scaleOutCooldown ?? Duration.minutes(1),
      scaleInAfterIdle: settings.scaleInAfterIdle,
    });
    this.scalingAlarms = [scaling.scaleOutAlarm, scaling.scaleInAlarm];

    this.alarms = props.createAlarms === false ? [] : new WorkerAlarms(this, 'Alarms', {
      period: props.alarmPeriod ?? Duration.minutes(5),
      activityTypes: props.kind === WorkerKind.ACTIVITY ? settings.activityTypes : [],
      workflowTypes: settings.workflowTypes,
      activityFailuresThreshold: positiveNumber(this, 'activityFailuresThreshold', props.activityFailuresThreshold ?? 1),
      activityTimeoutsThreshold: positiveNumber(this, 'activityTimeoutsThreshold', props.activityTimeoutsThreshold ?? 1),
      decisionLatencyThreshold: props.decisionLatencyThreshold ?? Duration.seconds(30),
      decisionTimeoutsThreshold: positiveNumber(this, 'decisionTimeoutsThreshold', props.decisionTimeoutsThreshold ?? 1),
    }).alarms;
  }

  /** The backlog of the task list (`AWS/SWF PendingTasks`, Sum per minute): the scaling signal. */
  public metricPendingTasks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.domain.metricPendingTasks(this.taskList, { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1), ...props });
  }

  /** Sends every alarm of `alarms` to these actions (e.g. an SNS topic). */
  public addAlarmAction(...actions: cloudwatch.IAlarmAction[]): void {
    for (const alarm of this.alarms) alarm.addAlarmAction(...actions);
  }

  private workerEnvironment(props: WorkerServiceProps, settings: Settings): { [key: string]: string } {
    const stack = Stack.of(this);
    return {
      ...props.environment,
      SWF_DOMAIN: props.domain.domainName,
      SWF_TASK_LIST: props.taskList,
      ...(props.kind === WorkerKind.DECIDER
        ? { SWF_WORKFLOW_VERSIONS: stack.toJsonString(versionMap(this, 'workflowTypes', settings.workflowTypes.map((t) => [t.workflowTypeName, t.workflowTypeVersion]))) }
        : {}),
      ...(settings.activityTypes.length > 0
        ? { SWF_ACTIVITY_VERSIONS: stack.toJsonString(versionMap(this, 'activityTypes', settings.activityTypes.map((t) => [t.activityTypeName, t.activityTypeVersion]))) }
        : {}),
      SWF_DRAIN_SECONDS: String(settings.drainTimeout.toSeconds()),
      ...(props.concurrency !== undefined ? { SWF_CONCURRENCY: String(props.concurrency) } : {}),
    };
  }

  /**
   * The findings of cdk-nag's AwsSolutions pack that come with the design, each justified where it arises and no
   * wider (CDK's native acknowledgement, read by cdk-nag v3; no dependency on cdk-nag). A wildcard a user adds to
   * the task role, or ECS Exec's, is still reported.
   */
  private acknowledgeNagFindings(): void {
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ECS2',
      reason: 'the environment holds only the cdk-swf worker contract (domain, task list, type versions, drain seconds) and non-secret settings; secrets go through the secrets prop',
    });
    const executionRole = this.taskDefinition.executionRole;
    if (executionRole) {
      Validations.of(executionRole).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'ecr:GetAuthorizationToken, which pulling the image from ECR needs, supports no resource-level permissions; the other execution-role permissions are scoped to the image repository and the log group',
      });
    }
  }

  private grantSwfPermissions(props: WorkerServiceProps, settings: Settings): void {
    if (props.kind === WorkerKind.DECIDER) {
      grantDeciderPermissions(this.taskRole, {
        domain: props.domain,
        taskList: props.taskList,
        workflowTypes: settings.workflowTypes,
        activityTypes: settings.activityTypes,
        activityTaskLists: props.activityTaskLists ?? [],
        childWorkflowTypes: props.childWorkflowTypes ?? [],
        allowExternalWorkflowDecisions: props.allowExternalWorkflowDecisions ?? false,
        allowLambdaTasks: props.allowLambdaTasks ?? false,
      });
    } else {
      // Every type yields the same two statements (poll this task list; respond), which IAM deduplicates.
      for (const type of settings.activityTypes) type.grantWork(this.taskRole, props.taskList);
    }
  }
}

interface Settings {
  readonly workflowTypes: IWorkflowType[];
  readonly activityTypes: IActivityType[];
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  readonly imagePlatform: Platform;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly capacityProviderStrategies?: ecs.CapacityProviderStrategy[];
  readonly drainTimeout: Duration;
  readonly scaleInAfterIdle: Duration;
}

/** Validates the props and fills in the defaults; every error names the prop, the value and the fix. */
function resolveSettings(scope: Construct, props: WorkerServiceProps): Settings {
  const bad = (prop: string, value: unknown, rule: string): never => {
    throw new Error(`${scope.node.path}: invalid ${prop} ${JSON.stringify(value)}: ${rule}`);
  };
  const isDecider = props.kind === WorkerKind.DECIDER;
  if (!Object.values(WorkerKind).includes(props.kind)) bad('kind', props.kind, 'use WorkerKind.DECIDER or WorkerKind.ACTIVITY');
  validateName(scope, 'taskList', props.taskList, { maxLength: SWF_LIMITS.nameLength, trimmed: true });
  if (!Token.isUnresolved(props.workerModule) && props.workerModule.trim() === '') {
    bad('workerModule', props.workerModule, 'give the path of the worker module inside the image, e.g. dist/bin/workers/decider.js');
  }
  if (props.cluster && props.vpc) bad('vpc', props.vpc.node.path, 'give either cluster or vpc, not both (the cluster has its VPC)');

  const workflowTypes = props.workflowTypes ?? [];
  const activityTypes = props.activityTypes ?? [];
  if (isDecider && workflowTypes.length === 0) bad('workflowTypes', [], 'a decider needs the workflow types it decides for');
  if (!isDecider) {
    if (activityTypes.length === 0) bad('activityTypes', [], 'activity workers need the activity types they serve');
    const deciderOnly = ['workflowTypes', 'activityTaskLists', 'childWorkflowTypes', 'allowExternalWorkflowDecisions', 'allowLambdaTasks'] as const;
    for (const prop of deciderOnly) {
      const value = props[prop];
      if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) {
        bad(prop, Array.isArray(value) ? `${value.length} item(s)` : value, 'applies only to deciders (kind: WorkerKind.DECIDER)');
      }
    }
  }
  for (const type of [...workflowTypes, ...(props.childWorkflowTypes ?? []), ...activityTypes]) {
    const domainName = type.domain.domainName;
    if (!Token.isUnresolved(domainName) && !Token.isUnresolved(props.domain.domainName) && domainName !== props.domain.domainName) {
      bad('domain', props.domain.domainName, `type ${type.node.path} is registered in domain ${domainName}: workers serve one domain`);
    }
  }
  for (const taskList of props.activityTaskLists ?? []) {
    validateName(scope, 'activityTaskLists', taskList, { maxLength: SWF_LIMITS.nameLength, trimmed: true });
  }

  const minCapacity = props.minCapacity ?? 1;
  wholeNumber(scope, 'minCapacity', minCapacity);
  if (isDecider && minCapacity < 1) {
    bad('minCapacity', minCapacity, 'a decider needs at least 1 task, or decisions wait minutes for one to start');
  }
  const maxCapacity = props.maxCapacity ?? Math.max(minCapacity, isDecider ? 2 : 4);
  wholeNumber(scope, 'maxCapacity', maxCapacity);
  if (maxCapacity < 1 || maxCapacity < minCapacity) bad('maxCapacity', maxCapacity, `must be at least 1 and at least minCapacity (${minCapacity})`);

  if (props.onDemandBaseCapacity !== undefined && !props.spot) {
    bad('onDemandBaseCapacity', props.onDemandBaseCapacity, 'applies only with spot: true');
  }
  const onDemandBase = props.onDemandBaseCapacity ?? (isDecider ? 1 : 0);
  wholeNumber(scope, 'onDemandBaseCapacity', onDemandBase);
  const capacityProviderStrategies = props.spot
    ? [
      ...(onDemandBase > 0 ? [{ capacityProvider: 'FARGATE', base: onDemandBase, weight: 0 }] : []),
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
    ]
    : undefined;

  const drainTimeout = props.drainTimeout ?? Duration.seconds(90);
  const drainLimit = WORKER_STOP_TIMEOUT.toSeconds() - DRAIN_MARGIN.toSeconds();
  const drainSeconds = drainTimeout.toSeconds({ integral: false });
  if (!Number.isInteger(drainSeconds) || drainSeconds < 1 || drainSeconds > drainLimit) {
    bad('drainTimeout', drainTimeout.toHumanString(), `must be whole seconds from 1 to ${drainLimit}: ECS kills the container ${WORKER_STOP_TIMEOUT.toSeconds()} s after SIGTERM`);
  }
  if (props.concurrency !== undefined) {
    wholeNumber(scope, 'concurrency', props.concurrency);
    if (props.concurrency < 1) bad('concurrency', props.concurrency, 'must be at least 1');
  }
  const scaleInAfterIdle = props.scaleInAfterIdle ?? Duration.minutes(5);
  const idleMinutes = scaleInAfterIdle.toMinutes({ integral: false });
  if (!Number.isInteger(idleMinutes) || idleMinutes < 1) {
    bad('scaleInAfterIdle', scaleInAfterIdle.toHumanString(), 'must be whole minutes, at least 1 (PendingTasks has 1-minute resolution)');
  }
  for (const key of Object.keys(props.environment ?? {})) {
    if (RESERVED_ENVIRONMENT.includes(key)) bad('environment', key, `${key} is set by WorkerService from its props: remove it from environment`);
  }

  const cpuArchitecture = props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64;
  return {
    workflowTypes,
    activityTypes,
    cpu: props.cpu ?? 256,
    memoryLimitMiB: props.memoryLimitMiB ?? 512,
    cpuArchitecture,
    imagePlatform: cpuArchitecture === ecs.CpuArchitecture.ARM64 ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    minCapacity,
    maxCapacity,
    capacityProviderStrategies,
    drainTimeout,
    scaleInAfterIdle,
  };
}

/**
 * `{ name: version }` for the worker (`SWF_*_VERSIONS`). The runtime addresses a type by name, so one service can
 * serve only one version of a name.
 */
function versionMap(scope: Construct, prop: string, types: Array<[string, string]>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, version] of types) {
    const known = map[name];
    if (known !== undefined && known !== version && !Token.isUnresolved(known) && !Token.isUnresolved(version)) {
      throw new Error(
        `${scope.node.path}: invalid ${prop}: ${name} is given in versions ${known} and ${version}, but the worker maps each name to one version: run one service per version`,
      );
    }
    map[name] = version;
  }
  return map;
}

function wholeNumber(scope: Construct, prop: string, value: number): void {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 0)) {
    throw new Error(`${scope.node.path}: invalid ${prop} ${value}: must be a whole number, at least 0`);
  }
}

function positiveNumber(scope: Construct, prop: string, value: number): number {
  if (!Token.isUnresolved(value) && !(value > 0)) {
    throw new Error(`${scope.node.path}: invalid ${prop} ${value}: must be greater than 0`);
  }
  return value;
}
