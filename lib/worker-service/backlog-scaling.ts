import { Duration, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';

/** The default scale-out steps: backlog (pending tasks per minute) from `lower` adds `change` tasks. */
export const DEFAULT_SCALE_OUT_STEPS: readonly appscaling.ScalingInterval[] = [
  { lower: 1, change: 1 },
  { lower: 20, change: 3 },
  { lower: 100, change: 5 },
];

export interface BacklogScalingProps {
  readonly scalableTarget: appscaling.IScalableTargetRef;
  /** The backlog: pending tasks of the task list (Sum per minute). */
  readonly backlog: cloudwatch.IMetric;
  readonly minCapacity: number;
  readonly scaleOutSteps: readonly appscaling.ScalingInterval[];
  readonly scaleOutCooldown: Duration;
  readonly scaleInAfterIdle: Duration;
}

/**
 * Step scaling on an SWF task list's backlog, built from two alarms so each can treat missing data the right way:
 * - scale out when the backlog reaches the first step (missing data: not breaching);
 * - scale in straight to the minimum after `scaleInAfterIdle` of no backlog. SWF may publish no PendingTasks
 *   data point for an idle task list, so missing data counts as idle.
 */
export class BacklogScaling extends Construct {
  public readonly scaleOutAlarm: cloudwatch.Alarm;
  public readonly scaleInAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: BacklogScalingProps) {
    super(scope, id);
    const steps = validateSteps(this, props.scaleOutSteps);
    const threshold = steps[0].lower!;
    const idleMinutes = props.scaleInAfterIdle.toMinutes();

    const scaleOut = new appscaling.StepScalingAction(this, 'ScaleOut', {
      scalingTarget: props.scalableTarget,
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      cooldown: props.scaleOutCooldown,
      metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
    });
    steps.forEach((step, index) => {
      const next = steps[index + 1];
      scaleOut.addAdjustment({
        adjustment: step.change,
        lowerBound: step.lower! - threshold,
        upperBound: next ? next.lower! - threshold : undefined,
      });
    });
    this.scaleOutAlarm = new cloudwatch.Alarm(this, 'ScaleOutAlarm', {
      metric: props.backlog,
      alarmDescription: `Backlog of at least ${threshold} pending task(s): add workers`,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.scaleOutAlarm.addAlarmAction(new cloudwatchActions.ApplicationScalingAction(scaleOut));

    const scaleIn = new appscaling.StepScalingAction(this, 'ScaleIn', {
      scalingTarget: props.scalableTarget,
      adjustmentType: appscaling.AdjustmentType.EXACT_CAPACITY,
      metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
    });
    scaleIn.addAdjustment({ adjustment: props.minCapacity, upperBound: 0 });
    this.scaleInAlarm = new cloudwatch.Alarm(this, 'ScaleInAlarm', {
      metric: props.backlog,
      alarmDescription: `No pending tasks for ${idleMinutes} minute(s): scale in to the minimum`,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: idleMinutes,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.scaleInAlarm.addAlarmAction(new cloudwatchActions.ApplicationScalingAction(scaleIn));
  }
}

function validateSteps(scope: Construct, steps: readonly appscaling.ScalingInterval[]): appscaling.ScalingInterval[] {
  const bad = (rule: string): never => {
    throw new Error(`${scope.node.path}: invalid scaleOutSteps ${JSON.stringify(steps)}: ${rule}`);
  };
  if (steps.length === 0) bad('give at least one step');
  for (const step of steps) {
    if (step.upper !== undefined) bad('give only lower bounds: a step applies from its lower bound up to the next step\'s');
    if (step.lower === undefined || Token.isUnresolved(step.lower) || !Number.isInteger(step.lower) || step.lower < 1) {
      bad('each lower bound must be a whole number of pending tasks, at least 1');
    }
    if (!Number.isInteger(step.change) || step.change < 1) bad('each change must be a whole number of tasks to add, at least 1');
  }
  const sorted = [...steps].sort((a, b) => a.lower! - b.lower!);
  if (new Set(sorted.map((step) => step.lower)).size !== sorted.length) bad('lower bounds must differ');
  return sorted;
}
