import { Annotations, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { IActivityType } from '../activity-type/activity-type';
import type { IDomain } from '../domain/domain-base';
import type { IWorkflowType } from '../workflow-type/workflow-type';
import { BacklogScaling, DEFAULT_SCALE_OUT_STEPS } from './backlog-scaling';
import { grantDeciderPermissions } from './decider-permissions';
import { defaultWorkerCluster } from './default-cluster';
import { WorkerAlarms } from './worker-alarms';
import { projectOfWorkerImage, projectWorkerImage } from './worker-image';
import { problemWithWorkerModule } from './worker-module-check';
import { WorkerKind } from './worker-kind';
import { positiveNumber, resolveWorkerSettings, versionMap, WORKER_STOP_TIMEOUT, WorkerSettings } from './worker-settings';

export { WORKER_STOP_TIMEOUT } from './worker-settings';

/** Properties of a {@link WorkerService}. */
export interface WorkerServiceProps {
  /** Whether the fleet runs a decider or activity workers. */
  readonly kind: WorkerKind;

  /** The domain the workers poll. */
  readonly domain: IDomain;

  /** The task list the workers poll (decision tasks for a decider, activity tasks for activity workers). */
  readonly taskList: string;

  /**
   * The worker module for cdk-swf's Node worker runtime, as a path inside the image relative to its working
   * directory: the container runs `cdk-swf worker --kind <kind> --module <workerModule>`. With the default image
   * this is the compiled JavaScript file, e.g. `dist/workers/orders.js`. Give `command` instead to run a worker
   * of your own.
   *
   * @default - none: give `command` (with `image`), or an `image` whose own command runs the worker
   */
  readonly workerModule?: string;

  /**
   * The command line of a worker of your own (any language or framework), run in `image`: it replaces the image's
   * CMD (and is passed to its ENTRYPOINT, if it has one). The worker finds its domain, task list and types in the
   * `SWF_*` environment variables (see the README), and should stop polling on SIGTERM and
   * finish within `drainTimeout`.
   *
   * @default - `cdk-swf worker --kind <kind> --module <workerModule>` with `workerModule`, else the image's own command
   */
  readonly command?: string[];

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
   * The container image. With `workerModule` its entry point must be the `cdk-swf` CLI (as in the default image);
   * with `command`, any image that has your worker.
   *
   * @default - WorkerImage.fromProject(): your project (where the CDK CLI runs the app) built with the Dockerfile
   * that ships in cdk-swf
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
   * More environment variables for the worker (e.g. `AWS_ENDPOINT_URL_SWF`). The variables of the worker
   * contract (`SWF_DOMAIN`, `SWF_TASK_LIST`, `SWF_*_VERSIONS`, `SWF_DRAIN_SECONDS`, `SWF_CONCURRENCY`) are set from the props.
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
 * A fleet of SWF workers (a decider or activity workers) on ECS Fargate, running `cdk-swf worker` or a worker of
 * your own in any language: least-privilege
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
    const settings = resolveWorkerSettings(this, props);
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
      image: this.workerImage(props, settings),
      command: settings.command,
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

  /**
   * The given image, or the project's. A project image is checked now for the worker module (a broken image only
   * shows after deployment, as a crash-looping service).
   */
  private workerImage(props: WorkerServiceProps, settings: WorkerSettings): ecs.ContainerImage {
    const projectImage = props.image ? projectOfWorkerImage(props.image) : projectWorkerImage({ platform: settings.imagePlatform });
    if (!projectImage || !projectImage.shippedDockerfile) return props.image!;
    const { image, project, context } = projectImage;
    const workerModule = props.workerModule;
    if (workerModule !== undefined && !Token.isUnresolved(workerModule)) {
      const problem = problemWithWorkerModule(project, context, workerModule);
      if (problem) throw new Error(`${this.node.path}: invalid workerModule ${JSON.stringify(workerModule)} for the image of '${project.root}': ${problem}`);
    }
    if (project.manifest.dependencies?.['aws-cdk-lib'] !== undefined && project.manifest.name !== 'cdk-swf') {
      Annotations.of(this).addWarningV2(
        'cdk-swf:cdkInWorkerImage',
        `aws-cdk-lib is a production dependency of ${project.root}/package.json, so the worker image carries it (about 160 MB): move aws-cdk-lib and constructs to devDependencies`,
      );
    }
    return image;
  }


  private workerEnvironment(props: WorkerServiceProps, settings: WorkerSettings): { [key: string]: string } {
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
      reason: 'the environment holds only the worker contract (domain, task list, type versions, drain seconds) and non-secret settings; secrets go through the secrets prop',
    });
    const executionRole = this.taskDefinition.executionRole;
    if (executionRole) {
      Validations.of(executionRole).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'ecr:GetAuthorizationToken, which pulling the image from ECR needs, supports no resource-level permissions; the other execution-role permissions are scoped to the image repository and the log group',
      });
    }
  }

  private grantSwfPermissions(props: WorkerServiceProps, settings: WorkerSettings): void {
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

