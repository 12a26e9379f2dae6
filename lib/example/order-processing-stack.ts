import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FRAUD_CHECK_FUNCTION_ENV } from '../../bin/order-processing/types';
import { ActivityType } from '../activity-type/activity-type';
import { SwfTimeout } from '../construct-support/swf-timeout';
import { Domain } from '../domain/domain';
import { DomainRetention } from '../domain/domain-retention';
import { SwfLambdaRole } from '../lambda-role/swf-lambda-role';
import { ChildPolicy, WorkflowType } from '../workflow-type/workflow-type';
import { WorkerKind, WorkerService } from '../worker-service';
import { fraudCheckCodeDirectory } from './fraud-check-code';

/** Task list names of the example; workers poll these. */
export const ORDER_TASK_LISTS = {
  decisions: 'orders-decisions',
  activities: 'orders-activities',
} as const;

/** The example's SWF domain. */
export const ORDER_DOMAIN_NAME = 'order-processing';

/** The example's worker module inside the worker image (bin/order-processing/index.ts, compiled by npm run build). */
export const ORDER_WORKER_MODULE = 'dist/bin/order-processing/index.js';

/**
 * The example app: an order-processing workflow (ProcessOrder) with three activities and a Lambda task (the fraud
 * check that SWF runs before the charge, with `fraudCheckRole`, the workflow type's default Lambda role). Versions are derived
 * from each type's defaults, so editing a default below registers a new version on the next deployment;
 * read them from `processOrder.workflowTypeVersion` and `activityTypes[name].activityTypeVersion`.
 */
export class OrderProcessingStack extends Stack {
  public readonly domain: Domain;
  public readonly processOrder: WorkflowType;
  /** The fraud check ProcessOrder runs as a Lambda task (lambda/fraud-check). */
  public readonly fraudCheck: lambda.Function;
  /** The role SWF assumes to invoke `fraudCheck`, and nothing else. */
  public readonly fraudCheckRole: SwfLambdaRole;
  public readonly reserveInventory: ActivityType;
  public readonly chargePayment: ActivityType;
  public readonly shipOrder: ActivityType;
  /** The activity types by name. */
  public readonly activityTypes: Record<string, ActivityType>;
  /** The decider fleet (ECS Fargate) for ProcessOrder. */
  public readonly decider: WorkerService;
  /** The activity worker fleet (ECS Fargate) for the three activities. */
  public readonly activityWorkers: WorkerService;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.domain = new Domain(this, 'Domain', {
      domainName: ORDER_DOMAIN_NAME,
      description: 'Order processing: reserve inventory, charge payment, ship',
      retention: DomainRetention.days(30),
    });

    // The function has its own execution role and log group (not the AWS managed basic-execution policy).
    const fraudCheckLogs = new logs.LogGroup(this, 'FraudCheckLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    const fraudCheckExecutionRole = new iam.Role(this, 'FraudCheckExecutionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the order fraud check (writes its own logs only)',
    });
    fraudCheckLogs.grantWrite(fraudCheckExecutionRole);
    this.fraudCheck = new lambda.Function(this, 'FraudCheck', {
      description: 'Scores an order before it is charged (a Lambda task of ProcessOrder)',
      code: lambda.Code.fromAsset(fraudCheckCodeDirectory()),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      timeout: Duration.seconds(30),
      role: fraudCheckExecutionRole,
      logGroup: fraudCheckLogs,
    });
    this.fraudCheckRole = new SwfLambdaRole(this, 'FraudCheckRole', {
      functions: [this.fraudCheck],
      domains: [this.domain],
      description: 'Lets Amazon SWF run the order fraud check as a Lambda task of ProcessOrder',
    });

    this.processOrder = new WorkflowType(this, 'ProcessOrder', {
      domain: this.domain,
      workflowTypeName: 'ProcessOrder',
      description: 'Reserves inventory, charges the payment, waits for shipment approval, ships the order',
      defaultLambdaRole: this.fraudCheckRole,
      defaultTaskList: ORDER_TASK_LISTS.decisions,
      defaultExecutionStartToCloseTimeout: Duration.hours(1),
      defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.seconds(30)),
      defaultChildPolicy: ChildPolicy.TERMINATE,
    });

    const activity = (name: string, description: string, startToClose: Duration) =>
      new ActivityType(this, name, {
        domain: this.domain,
        activityTypeName: name,
        description,
        defaultTaskList: ORDER_TASK_LISTS.activities,
        defaultTaskStartToCloseTimeout: SwfTimeout.duration(startToClose),
        defaultTaskHeartbeatTimeout: SwfTimeout.NONE,
        defaultTaskScheduleToStartTimeout: SwfTimeout.duration(Duration.minutes(5)),
        defaultTaskScheduleToCloseTimeout: SwfTimeout.duration(startToClose.plus(Duration.minutes(5))),
      });
    this.reserveInventory = activity('ReserveInventory', 'Reserves the ordered items in the warehouse', Duration.minutes(1));
    this.chargePayment = activity('ChargePayment', 'Charges the customer for the order', Duration.minutes(1));
    this.shipOrder = activity('ShipOrder', 'Hands the order to the carrier', Duration.minutes(2));
    this.activityTypes = {
      ReserveInventory: this.reserveInventory,
      ChargePayment: this.chargePayment,
      ShipOrder: this.shipOrder,
    };

    // Worker services (decider on ORDER_TASK_LISTS.decisions, activity workers on ORDER_TASK_LISTS.activities)
    // are added below this line.
    // Both run the worker image built from this package (lib/worker-service/image/Dockerfile) in one shared
    // cluster and VPC, and scale on their task list's backlog.
    this.decider = new WorkerService(this, 'Decider', {
      kind: WorkerKind.DECIDER,
      domain: this.domain,
      taskList: ORDER_TASK_LISTS.decisions,
      workerModule: ORDER_WORKER_MODULE,
      workflowTypes: [this.processOrder],
      activityTypes: Object.values(this.activityTypes),
      activityTaskLists: [ORDER_TASK_LISTS.activities],
      // The fraud check: SWF invokes it with the workflow type's default Lambda role.
      allowLambdaTasks: true,
      environment: { [FRAUD_CHECK_FUNCTION_ENV]: this.fraudCheck.functionName },
    });
    this.activityWorkers = new WorkerService(this, 'ActivityWorkers', {
      kind: WorkerKind.ACTIVITY,
      domain: this.domain,
      taskList: ORDER_TASK_LISTS.activities,
      workerModule: ORDER_WORKER_MODULE,
      activityTypes: Object.values(this.activityTypes),
    });
  }
}
