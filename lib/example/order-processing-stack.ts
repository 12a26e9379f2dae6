import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ActivityType } from '../activity-type/activity-type';
import { SwfTimeout } from '../construct-support/swf-timeout';
import { Domain } from '../domain/domain';
import { DomainRetention } from '../domain/domain-retention';
import { ChildPolicy, WorkflowType } from '../workflow-type/workflow-type';
import { WorkerKind, WorkerService } from '../worker-service';

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
 * The example app: an order-processing workflow (ProcessOrder) with three activities. Versions are derived
 * from each type's defaults, so editing a default below registers a new version on the next deployment;
 * read them from `processOrder.workflowTypeVersion` and `activityTypes[name].activityTypeVersion`.
 */
export class OrderProcessingStack extends Stack {
  public readonly domain: Domain;
  public readonly processOrder: WorkflowType;
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

    this.processOrder = new WorkflowType(this, 'ProcessOrder', {
      domain: this.domain,
      workflowTypeName: 'ProcessOrder',
      description: 'Reserves inventory, charges the payment, waits for shipment approval, ships the order',
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
