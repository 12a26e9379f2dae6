import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { describe, expect, it } from 'vitest';
import { Domain } from '../../lib';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { OrderProcessingStack } from '../../lib/example/order-processing-stack';
import { WorkerKind, WorkerService, WorkerServiceProps } from '../../lib/worker-service';
import {
  actionsOf,
  Fixture,
  fixture,
  ORDERS_DOMAIN_ARN,
  REGISTRY_IMAGE,
  Statement,
  statementsAllowing,
  statementsOf,
} from './worker-service-support';

const DECISION_PSEUDO_ACTIONS = [
  'swf:CompleteWorkflowExecution',
  'swf:FailWorkflowExecution',
  'swf:CancelWorkflowExecution',
  'swf:StartTimer',
  'swf:CancelTimer',
  'swf:RecordMarker',
  'swf:RequestCancelActivityTask',
];

function decider(f: Fixture, props: Partial<WorkerServiceProps> = {}, id = 'Decider'): WorkerService {
  return new WorkerService(f.stack, id, {
    kind: WorkerKind.DECIDER,
    domain: f.domain,
    taskList: 'orders-decisions',
    workerModule: 'dist/bin/order-processing/index.js',
    workflowTypes: [f.processOrder],
    activityTypes: [f.reserve, f.charge, f.ship],
    image: REGISTRY_IMAGE,
    ...props,
  });
}

function activityWorkers(f: Fixture, props: Partial<WorkerServiceProps> = {}, id = 'Activities'): WorkerService {
  return new WorkerService(f.stack, id, {
    kind: WorkerKind.ACTIVITY,
    domain: f.domain,
    taskList: 'orders-activities',
    workerModule: 'dist/bin/order-processing/index.js',
    activityTypes: [f.reserve, f.charge, f.ship],
    image: REGISTRY_IMAGE,
    ...props,
  });
}

/** The one container definition of the stack's only task definition. */
function containerOf(stack: Stack): Record<string, any> {
  const definitions = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'));
  expect(definitions).toHaveLength(1);
  return definitions[0].Properties.ContainerDefinitions[0];
}

function environmentOf(container: Record<string, any>): Record<string, unknown> {
  return Object.fromEntries((container.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]));
}

describe('WorkerService task definition', () => {
  it('runs `cdk-swf worker` for its kind and module, with a 120 s stop timeout, an init process and a read-only root', () => {
    const f = fixture();
    decider(f);
    const container = containerOf(f.stack);
    expect(container.Command).toEqual(['worker', '--kind', 'decider', '--module', 'dist/bin/order-processing/index.js']);
    expect(container.StopTimeout).toBe(120);
    expect(container.LinuxParameters).toMatchObject({ InitProcessEnabled: true });
    expect(container.ReadonlyRootFilesystem).toBe(true);
    expect(container.Essential).toBe(true);
    // The read-only root still leaves a writable /tmp, backed by a task volume.
    expect(container.MountPoints).toEqual([{ ContainerPath: '/tmp', SourceVolume: 'tmp', ReadOnly: false }]);
    Template.fromStack(f.stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256',
      Memory: '512',
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      Volumes: [{ Name: 'tmp' }],
    });
  });

  it('passes the worker contract in the environment: domain, task list, type versions as JSON, drain seconds', () => {
    const f = fixture();
    decider(f, { environment: { LOG_LEVEL: 'debug' }, concurrency: 4 });
    const env = environmentOf(containerOf(f.stack));
    expect(env).toMatchObject({
      SWF_DOMAIN: 'orders',
      SWF_TASK_LIST: 'orders-decisions',
      SWF_DRAIN_SECONDS: '90',
      SWF_CONCURRENCY: '4',
      LOG_LEVEL: 'debug',
    });
    expect(JSON.parse(env.SWF_WORKFLOW_VERSIONS as string)).toEqual({ ProcessOrder: '3' });
    expect(JSON.parse(env.SWF_ACTIVITY_VERSIONS as string)).toEqual({ ReserveInventory: '1', ChargePayment: '1', ShipOrder: '2' });
  });

  it('gives activity workers only their activity versions, and no concurrency unless asked', () => {
    const f = fixture();
    activityWorkers(f, { drainTimeout: Duration.seconds(45) });
    const env = environmentOf(containerOf(f.stack));
    expect(env.SWF_WORKFLOW_VERSIONS).toBeUndefined();
    expect(env.SWF_CONCURRENCY).toBeUndefined();
    expect(env.SWF_DRAIN_SECONDS).toBe('45');
    expect(containerOf(f.stack).Command).toEqual(['worker', '--kind', 'activity', '--module', 'dist/bin/order-processing/index.js']);
  });

  it('renders token-valued names and versions into the JSON (a domain created in the same stack)', () => {
    const f = fixture();
    const domain = new Domain(f.stack, 'Created', { domainName: 'created' });
    const type = new ActivityType(f.stack, 'Created/Work', { domain, activityTypeName: 'Work' });
    activityWorkers(f, { domain, activityTypes: [type] });
    const env = environmentOf(containerOf(f.stack));
    // The domain name is the custom resource's Ref (a token), so the value is an intrinsic, not a literal.
    expect(JSON.stringify(env.SWF_DOMAIN)).toMatch(/Ref/);
    expect(JSON.stringify(env.SWF_ACTIVITY_VERSIONS)).toContain(type.activityTypeVersion);
  });

  it('logs to its own log group with one month retention, stream prefix = kind', () => {
    const f = fixture();
    const service = activityWorkers(f);
    const logGroupId = f.stack.getLogicalId(service.logGroup.node.defaultChild as any);
    Template.fromStack(f.stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(containerOf(f.stack).LogConfiguration).toEqual({
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': { Ref: logGroupId }, 'awslogs-stream-prefix': 'activity', 'awslogs-region': { Ref: 'AWS::Region' } },
    });
  });

  it('sizes and places tasks as asked (ARM64, cpu, memory)', () => {
    const f = fixture();
    activityWorkers(f, { cpu: 1024, memoryLimitMiB: 2048, cpuArchitecture: ecs.CpuArchitecture.ARM64 });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '2048',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
  });
});

describe('WorkerService with a worker of your own (any language)', () => {
  const ownImage = ecs.ContainerImage.fromRegistry('public.ecr.aws/example/simpleflow-worker:1');

  it('runs the given command in the given image, with the same environment contract', () => {
    const f = fixture();
    activityWorkers(f, { workerModule: undefined, image: ownImage, command: ['simpleflow', 'worker.start', '--domain', 'orders'] });
    const container = containerOf(f.stack);
    expect(container.Image).toBe('public.ecr.aws/example/simpleflow-worker:1');
    expect(container.Command).toEqual(['simpleflow', 'worker.start', '--domain', 'orders']);
    expect(Object.keys(environmentOf(container)).sort()).toEqual(['SWF_ACTIVITY_VERSIONS', 'SWF_DOMAIN', 'SWF_DRAIN_SECONDS', 'SWF_TASK_LIST']);
    expect(container.StopTimeout).toBe(120);
    expect(container.LinuxParameters.InitProcessEnabled).toBe(true);
  });

  it("runs the image's own command when given neither workerModule nor command", () => {
    const f = fixture();
    decider(f, { workerModule: undefined, image: ownImage });
    expect(containerOf(f.stack).Command).toBeUndefined();
  });

  it('gives the task role exactly the permissions of a cdk-swf worker of the same kind', () => {
    const statements = (props: Partial<WorkerServiceProps>, build: typeof decider) => {
      const f = fixture();
      const service = build(f, props);
      return statementsOf(f.stack, service.taskRole);
    };
    const own = { workerModule: undefined, image: ownImage, command: ['java', '-jar', 'workers.jar'] };
    expect(statements(own, decider)).toEqual(statements({}, decider));
    expect(statements(own, activityWorkers)).toEqual(statements({}, activityWorkers));
  });

  it('scales on the backlog and alarms as any worker service', () => {
    const f = fixture();
    const service = activityWorkers(f, { workerModule: undefined, image: ownImage, command: ['python', '-m', 'workers'] });
    expect(service.alarms).toHaveLength(6);
    expect(service.scalingAlarms).toHaveLength(2);
    Template.fromStack(f.stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
  });
});

describe('WorkerService service', () => {
  it('deploys with the circuit breaker and rollback, rolling 100/200, no ECS Exec, private networking', () => {
    const f = fixture();
    decider(f);
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      },
      EnableExecuteCommand: false,
      PropagateTags: 'SERVICE',
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      // Scaling owns the task count: a fixed DesiredCount would reset it on every deployment.
      DesiredCount: Match.absent(),
    });
  });

  it('starts only after the types it serves are registered (DependsOn their custom resources)', () => {
    const stack = new OrderProcessingStack(new App(), 'OrderProcessing');
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; DependsOn?: string[] }>;
    const idsOf = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
    const serviceId = (service: WorkerService) => stack.getLogicalId(service.service.node.defaultChild as ecs.CfnService);
    const activityTypeIds = idsOf('Custom::SwfActivityType');
    expect(activityTypeIds).toHaveLength(3);
    expect(resources[serviceId(stack.activityWorkers)].DependsOn).toEqual(expect.arrayContaining(activityTypeIds));
    expect(resources[serviceId(stack.decider)].DependsOn).toEqual(expect.arrayContaining([...activityTypeIds, ...idsOf('Custom::SwfWorkflowType')]));
  });

  it('can turn on ECS Exec', () => {
    const f = fixture();
    activityWorkers(f, { enableExecuteCommand: true });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true });
  });

  it('shares one cluster and one VPC (with flow logs) between the worker services of a stack', () => {
    const f = fixture();
    const d = decider(f);
    const a = activityWorkers(f);
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.resourceCountIs('AWS::ECS::Service', 2);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    expect(d.service.cluster).toBe(a.service.cluster);
  });

  it('uses the given cluster, or makes the shared cluster in the given VPC', () => {
    const f = fixture();
    const vpc = new ec2.Vpc(f.stack, 'MyVpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(f.stack, 'MyCluster', { vpc });
    const inCluster = decider(f, { cluster });
    const inVpc = activityWorkers(f, { vpc });
    expect(inCluster.service.cluster).toBe(cluster);
    expect(inVpc.service.cluster).not.toBe(cluster);
    expect(inVpc.service.cluster.vpc).toBe(vpc);
    Template.fromStack(f.stack).resourceCountIs('AWS::EC2::VPC', 1);
  });

  it('fails when given both a cluster and a VPC', () => {
    const f = fixture();
    const vpc = new ec2.Vpc(f.stack, 'MyVpc');
    const cluster = new ecs.Cluster(f.stack, 'MyCluster', { vpc });
    expect(() => decider(f, { cluster, vpc })).toThrow(/Workers\/Decider: invalid vpc .*give either cluster or vpc, not both/);
  });

  it('on Spot, keeps a regular Fargate base for a decider and enables the capacity providers on its cluster', () => {
    const f = fixture();
    decider(f, { spot: true });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: Match.absent(),
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ],
    });
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']),
    });
  });

  it('on Spot in an imported cluster, warns that its capacity providers must be enabled', () => {
    const f = fixture();
    const vpc = new ec2.Vpc(f.stack, 'MyVpc', { maxAzs: 2, natGateways: 1 });
    const cluster = ecs.Cluster.fromClusterAttributes(f.stack, 'Imported', { clusterName: 'shared', vpc });
    activityWorkers(f, { cluster, spot: true });
    Annotations.fromStack(f.stack).hasWarning('/Workers/Activities', Match.stringLikeRegexp('FARGATE_SPOT capacity providers are enabled'));
  });

  it('on Spot, runs activity workers entirely on Fargate Spot unless given an on-demand base', () => {
    const f = fixture();
    activityWorkers(f, { spot: true });
    activityWorkers(f, { spot: true, onDemandBaseCapacity: 2 }, 'Steady');
    const services = Object.values(Template.fromStack(f.stack).findResources('AWS::ECS::Service'));
    expect(services.map((s) => s.Properties.CapacityProviderStrategy)).toEqual([
      [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
      [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 0 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
    ]);
  });
});

describe('WorkerService task role (least privilege, asserted statement by statement)', () => {
  it('lets a decider poll only its task list, respond, and make the basic decisions, all on its domain only', () => {
    const f = fixture();
    const service = decider(f);
    const statements = statementsOf(f.stack, service.taskRole);
    expect(statements.every((s) => JSON.stringify(s.Resource) === JSON.stringify(ORDERS_DOMAIN_ARN))).toBe(true);
    expect(statements.flatMap(actionsOf).some((action) => action.includes('*'))).toBe(false);

    expect(statementsAllowing(statements, 'swf:PollForDecisionTask')).toEqual([
      { Effect: 'Allow', Action: 'swf:PollForDecisionTask', Resource: ORDERS_DOMAIN_ARN, Condition: { StringEquals: { 'swf:taskList.name': 'orders-decisions' } } },
    ]);
    const [respond] = statementsAllowing(statements, 'swf:RespondDecisionTaskCompleted');
    expect(respond.Condition).toBeUndefined();
    expect(actionsOf(respond).sort()).toEqual(['swf:RespondDecisionTaskCompleted', ...DECISION_PSEUDO_ACTIONS].sort());
    expect(statementsAllowing(statements, 'swf:ContinueAsNewWorkflowExecution')[0].Condition).toEqual({
      StringEqualsIfExists: { 'swf:taskList.name': 'orders-decisions' },
    });
    // Nothing an activity worker or an operator would need.
    for (const action of ['swf:PollForActivityTask', 'swf:StartWorkflowExecution', 'swf:TerminateWorkflowExecution', 'swf:SignalExternalWorkflowExecution', 'swf:ScheduleLambdaFunction', 'swf:StartChildWorkflowExecution']) {
      expect(statementsAllowing(statements, action)).toEqual([]);
    }
  });

  it('lets a decider schedule the activity types it is given by name, any version (old and new tasks share the role during a rolling deployment)', () => {
    const f = fixture();
    const service = decider(f, { activityTaskLists: ['orders-activities'] });
    const schedule = statementsAllowing(statementsOf(f.stack, service.taskRole), 'swf:ScheduleActivityTask');
    expect(schedule.map((s) => s.Condition)).toEqual([
      {
        StringEquals: { 'swf:activityType.name': ['ReserveInventory', 'ChargePayment', 'ShipOrder'] },
        StringEqualsIfExists: { 'swf:taskList.name': 'orders-activities' },
      },
    ]);
  });

  it('does not bound the task list of scheduled activities unless activityTaskLists is given', () => {
    const f = fixture();
    const service = decider(f, { activityTypes: [f.ship] });
    const [schedule] = statementsAllowing(statementsOf(f.stack, service.taskRole), 'swf:ScheduleActivityTask');
    expect(schedule.Condition).toEqual({ StringEquals: { 'swf:activityType.name': 'ShipOrder' } });
  });

  it('adds child workflows, external-workflow decisions and Lambda tasks only when asked', () => {
    const f = fixture();
    const service = decider(f, {
      childWorkflowTypes: [f.processOrder],
      allowExternalWorkflowDecisions: true,
      allowLambdaTasks: true,
    });
    const statements = statementsOf(f.stack, service.taskRole);
    expect(statementsAllowing(statements, 'swf:StartChildWorkflowExecution').map((s) => s.Condition)).toEqual([
      { StringEquals: { 'swf:workflowType.name': 'ProcessOrder' } },
    ]);
    expect(statementsAllowing(statements, 'swf:SignalExternalWorkflowExecution')).toHaveLength(1);
    expect(statementsAllowing(statements, 'swf:RequestCancelExternalWorkflowExecution')).toHaveLength(1);
    expect(statementsAllowing(statements, 'swf:ScheduleLambdaFunction')).toHaveLength(1);
  });

  it('lets activity workers poll only their task list, respond and heartbeat; no decisions', () => {
    const f = fixture();
    const service = activityWorkers(f);
    const statements = statementsOf(f.stack, service.taskRole);
    expect(statementsAllowing(statements, 'swf:PollForActivityTask')).toEqual([
      { Effect: 'Allow', Action: 'swf:PollForActivityTask', Resource: ORDERS_DOMAIN_ARN, Condition: { StringEquals: { 'swf:taskList.name': 'orders-activities' } } },
    ]);
    const allowed = statements.flatMap(actionsOf).sort();
    expect(allowed).toEqual([
      'swf:PollForActivityTask',
      'swf:RecordActivityTaskHeartbeat',
      'swf:RespondActivityTaskCanceled',
      'swf:RespondActivityTaskCompleted',
      'swf:RespondActivityTaskFailed',
    ]);
    expect(statements.every((s: Statement) => JSON.stringify(s.Resource) === JSON.stringify(ORDERS_DOMAIN_ARN))).toBe(true);
  });

  it('is grantable: other grants land on the task role', () => {
    const f = fixture();
    const service = activityWorkers(f);
    f.processOrder.grantStartExecution(service);
    expect(statementsAllowing(statementsOf(f.stack, service.taskRole), 'swf:StartWorkflowExecution')).toHaveLength(1);
    expect(service.grantPrincipal).toBe(service.taskRole);
    expect(service.taskRole).toBeInstanceOf(iam.Role);
  });
});

describe('WorkerService backlog scaling', () => {
  const pendingTasks = (taskList: string) => ({
    Namespace: 'AWS/SWF',
    MetricName: 'PendingTasks',
    Dimensions: Match.arrayWith([{ Name: 'Domain', Value: 'orders' }, { Name: 'TaskListName', Value: taskList }]),
    Statistic: 'Sum',
    Period: 60,
  });

  it('scales the service between min and max with the ECS service-linked role', () => {
    const f = fixture();
    decider(f);
    Template.fromStack(f.stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 1,
      MaxCapacity: 2,
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
      RoleARN: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('AWSServiceRoleForApplicationAutoScaling_ECSService')])] }),
    });
  });

  it('scales out in steps when PendingTasks (Sum, 1 min) of its task list reaches 1', () => {
    const f = fixture();
    activityWorkers(f, { minCapacity: 0, maxCapacity: 10 });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 10 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...pendingTasks('orders-activities'),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 60,
        MetricAggregationType: 'Maximum',
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 19, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 19, MetricIntervalUpperBound: 99, ScalingAdjustment: 3 },
          { MetricIntervalLowerBound: 99, ScalingAdjustment: 5 },
        ],
      },
    });
  });

  it('scales in straight to the minimum after 5 idle minutes, counting missing data as idle', () => {
    const f = fixture();
    decider(f, { minCapacity: 2, maxCapacity: 6 });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...pendingTasks('orders-decisions'),
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      Threshold: 0,
      EvaluationPeriods: 5,
      TreatMissingData: 'breaching',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      StepScalingPolicyConfiguration: Match.objectLike({
        AdjustmentType: 'ExactCapacity',
        StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: 2 }],
      }),
    });
  });

  it('takes custom steps, cooldown and idle time', () => {
    const f = fixture();
    activityWorkers(f, {
      scaleOutSteps: [{ lower: 50, change: 10 }, { lower: 5, change: 2 }],
      scaleOutCooldown: Duration.seconds(30),
      scaleInAfterIdle: Duration.minutes(15),
    });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      StepScalingPolicyConfiguration: Match.objectLike({
        Cooldown: 30,
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 45, ScalingAdjustment: 2 },
          { MetricIntervalLowerBound: 45, ScalingAdjustment: 10 },
        ],
      }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 5 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { ComparisonOperator: 'LessThanOrEqualToThreshold', EvaluationPeriods: 15 });
  });
});

describe('WorkerService alarms', () => {
  const typeDimensions = (prefix: 'ActivityType' | 'WorkflowType', name: string, version: string) => [
    { Name: 'Domain', Value: 'orders' },
    { Name: `${prefix}Name`, Value: name },
    { Name: `${prefix}Version`, Value: version },
  ];

  /** The properties of the one alarm on `metricName` with these dimensions (compared in any order). */
  function alarmOn(template: Template, metricName: string, dimensions: Array<{ Name: string; Value: string }>): Record<string, any> {
    const key = (dims: Array<{ Name: string }>) => JSON.stringify([...dims].sort((a, b) => a.Name.localeCompare(b.Name)));
    const matching = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }))
      .map((alarm) => alarm.Properties)
      .filter((props) => key(props.Dimensions) === key(dimensions));
    expect(matching).toHaveLength(1);
    return matching[0];
  }

  it('alarms on failures and on all four timeout kinds of each activity type served', () => {
    const f = fixture();
    const service = activityWorkers(f, { activityTypes: [f.reserve, f.ship] });
    expect(service.alarms).toHaveLength(4);
    const template = Template.fromStack(f.stack);
    expect(alarmOn(template, 'ActivityTasksFailed', typeDimensions('ActivityType', 'ShipOrder', '2'))).toMatchObject({
      Namespace: 'AWS/SWF',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    const timeoutAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Metrics: Match.anyValue() } }));
    expect(timeoutAlarms).toHaveLength(2);
    const queries = timeoutAlarms[0].Properties.Metrics as Array<Record<string, any>>;
    expect(queries.find((q) => q.Expression)?.Expression).toBe('SUM([scheduleToStart, scheduleToClose, startToClose, heartbeat])');
    expect(queries.filter((q) => q.MetricStat).map((q) => q.MetricStat.Metric.MetricName).sort()).toEqual([
      'ScheduledActivityTasksTimedOutOnClose',
      'ScheduledActivityTasksTimedOutOnStart',
      'StartedActivityTasksTimedOutOnClose',
      'StartedActivityTasksTimedOutOnHeartbeat',
    ]);
    expect(queries.filter((q) => q.MetricStat).every((q) => q.MetricStat.Stat === 'Sum' && q.MetricStat.Period === 300)).toBe(true);
  });

  it('alarms when a decision task waits too long for a decider, and when started decision tasks time out', () => {
    const f = fixture();
    const service = decider(f, { decisionLatencyThreshold: Duration.seconds(10), alarmPeriod: Duration.minutes(1) });
    expect(service.alarms).toHaveLength(2);
    const template = Template.fromStack(f.stack);
    expect(alarmOn(template, 'DecisionTaskScheduleToStartTime', typeDimensions('WorkflowType', 'ProcessOrder', '3'))).toMatchObject({
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 10_000,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarmOn(template, 'StartedDecisionTasksTimedOutOnClose', typeDimensions('WorkflowType', 'ProcessOrder', '3'))).toMatchObject({
      Statistic: 'Sum',
      Threshold: 1,
    });
    // The decider schedules activities but does not serve them: no activity alarms here.
    expect(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ActivityTasksFailed' } })).toEqual({});
  });

  it('routes every alarm (not the scaling alarms) to the actions given', () => {
    const f = fixture();
    const service = activityWorkers(f);
    const topic = new sns.Topic(f.stack, 'Pager');
    service.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    const topicRef = { Ref: f.stack.getLogicalId(topic.node.defaultChild as any) };
    const alarms = Object.values(Template.fromStack(f.stack).findResources('AWS::CloudWatch::Alarm'));
    const paging = alarms.filter((a) => JSON.stringify(a.Properties.AlarmActions ?? []).includes(JSON.stringify(topicRef)));
    expect(paging).toHaveLength(service.alarms.length);
    expect(service.alarms).toHaveLength(6);
    expect(service.scalingAlarms.every((alarm) => !service.alarms.includes(alarm))).toBe(true);
  });

  it('can leave the alarms out', () => {
    const f = fixture();
    const service = decider(f, { createAlarms: false });
    expect(service.alarms).toEqual([]);
    Template.fromStack(f.stack).resourceCountIs('AWS::CloudWatch::Alarm', 2); // the scaling alarms only
    expect(service.metricPendingTasks()).toBeInstanceOf(cloudwatch.Metric);
  });
});

describe('WorkerService validation', () => {
  const cases: Array<[string, (f: Fixture) => unknown, RegExp]> = [
    ['a decider without workflow types', (f) => decider(f, { workflowTypes: [] }), /invalid workflowTypes \[\]: a decider needs the workflow types it decides for/],
    ['a decider with minCapacity 0', (f) => decider(f, { minCapacity: 0 }), /invalid minCapacity 0: a decider needs at least 1 task/],
    ['activity workers without activity types', (f) => activityWorkers(f, { activityTypes: [] }), /invalid activityTypes \[\]: activity workers need the activity types they serve/],
    ['activity workers given workflow types', (f) => activityWorkers(f, { workflowTypes: [f.processOrder] }), /invalid workflowTypes "1 item\(s\)": applies only to deciders/],
    ['activity workers allowed Lambda tasks', (f) => activityWorkers(f, { allowLambdaTasks: true }), /invalid allowLambdaTasks true: applies only to deciders/],
    ['maxCapacity below minCapacity', (f) => activityWorkers(f, { minCapacity: 3, maxCapacity: 2 }), /invalid maxCapacity 2: must be at least 1 and at least minCapacity \(3\)/],
    ['a fractional capacity', (f) => activityWorkers(f, { minCapacity: 1.5 }), /invalid minCapacity 1.5: must be a whole number/],
    ['a drain that outlasts the stop timeout', (f) => decider(f, { drainTimeout: Duration.seconds(115) }), /invalid drainTimeout "1 minute 55 seconds": must be whole seconds from 1 to 110/],
    ['a reserved environment variable', (f) => decider(f, { environment: { SWF_TASK_LIST: 'other' } }), /invalid environment "SWF_TASK_LIST": SWF_TASK_LIST is set by WorkerService/],
    ['an invalid task list name', (f) => decider(f, { taskList: 'orders:decisions' }), /invalid taskList "orders:decisions": must not contain ":"/],
    ['onDemandBaseCapacity without Spot', (f) => activityWorkers(f, { onDemandBaseCapacity: 1 }), /invalid onDemandBaseCapacity 1: applies only with spot: true/],
    ['scale-out steps with upper bounds', (f) => activityWorkers(f, { scaleOutSteps: [{ lower: 1, upper: 10, change: 1 }] }), /invalid scaleOutSteps .*give only lower bounds/],
    ['a scale-out step that removes tasks', (f) => activityWorkers(f, { scaleOutSteps: [{ lower: 1, change: -1 }] }), /each change must be a whole number of tasks to add/],
    ['sub-minute idle time', (f) => activityWorkers(f, { scaleInAfterIdle: Duration.seconds(30) }), /invalid scaleInAfterIdle "30 seconds": must be whole minutes/],
    ['a zero alarm threshold', (f) => activityWorkers(f, { activityFailuresThreshold: 0 }), /invalid activityFailuresThreshold 0: must be greater than 0/],
    ['concurrency 0', (f) => activityWorkers(f, { concurrency: 0 }), /invalid concurrency 0: must be at least 1/],
    ['an empty module path', (f) => activityWorkers(f, { workerModule: ' ' }), /invalid workerModule " ": give the path of the worker module/],
    ['both a module and a command', (f) => activityWorkers(f, { command: ['python', 'worker.py'] }), /invalid command \["python","worker.py"\]: give either workerModule .* or command .*, not both/],
    ['a command without its image', (f) => activityWorkers(f, { workerModule: undefined, image: undefined, command: ['python', 'worker.py'] }), /invalid command .*: a command runs your own worker: give its image as well/],
    ['an empty command', (f) => activityWorkers(f, { workerModule: undefined, command: [] }), /invalid command \[\]: give the command line of your worker/],
    ['neither a module nor an image', (f) => activityWorkers(f, { workerModule: undefined, image: undefined }), /invalid workerModule undefined: give workerModule .*, or image and command \(your own worker\)/],
  ];
  for (const [what, build, message] of cases) {
    it(`fails on ${what}`, () => {
      const f = fixture();
      expect(() => build(f)).toThrow(message);
    });
  }

  it('fails when a type is registered in another domain', () => {
    const f = fixture();
    const other = Domain.fromDomainName(f.stack, 'Other', 'billing');
    const foreign = ActivityType.fromActivityTypeAttributes(f.stack, 'Foreign', { domain: other, activityTypeName: 'Bill', activityTypeVersion: '1' });
    expect(() => activityWorkers(f, { activityTypes: [foreign] })).toThrow(/invalid domain "orders": type Workers\/Foreign is registered in domain billing/);
  });

  it('fails when one service would serve two versions of a name (the worker maps a name to one version)', () => {
    const f = fixture();
    const reserveV2 = ActivityType.fromActivityTypeAttributes(f.stack, 'ReserveV2', {
      domain: f.domain,
      activityTypeName: 'ReserveInventory',
      activityTypeVersion: '2',
    });
    expect(() => activityWorkers(f, { activityTypes: [f.reserve, reserveV2] })).toThrow(
      /ReserveInventory is given in versions 1 and 2, but the worker maps each name to one version: run one service per version/,
    );
  });
});
