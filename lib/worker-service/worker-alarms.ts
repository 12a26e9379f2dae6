import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { IActivityType } from '../activity-type/activity-type';
import type { IWorkflowType } from '../workflow-type/workflow-type';

export interface WorkerAlarmsProps {
  readonly period: Duration;
  readonly activityTypes: readonly IActivityType[];
  readonly workflowTypes: readonly IWorkflowType[];
  readonly activityFailuresThreshold: number;
  readonly activityTimeoutsThreshold: number;
  readonly decisionLatencyThreshold: Duration;
  readonly decisionTimeoutsThreshold: number;
}

/**
 * The alarms a worker fleet should have from day one. Per activity type served: failed tasks, and timed-out tasks
 * (all four kinds). Per workflow type decided: decision tasks waiting too long for a decider (schedule-to-start),
 * and started decision tasks that timed out (a decider that crashed or threw: SWF retries the task).
 * Missing data is "not breaching": these metrics have no data point while nothing happens.
 */
export class WorkerAlarms extends Construct {
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: WorkerAlarmsProps) {
    super(scope, id);
    const period = props.period;
    props.activityTypes.forEach((type, index) => {
      const label = typeLabel(type.activityTypeName, type.activityTypeVersion);
      const scope = new Construct(this, constructIdFor(label, `ActivityType${index}`));
      this.alarms.push(new cloudwatch.Alarm(scope, 'Failures', {
        metric: type.metricActivityTasksFailed({ period, statistic: cloudwatch.Stats.SUM }),
        alarmDescription: `Activity ${label}: at least ${props.activityFailuresThreshold} task(s) failed in ${period.toHumanString()}`,
        threshold: props.activityFailuresThreshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
      const timeouts = {
        scheduleToStart: type.metricScheduledActivityTasksTimedOutOnStart({ period, statistic: cloudwatch.Stats.SUM }),
        scheduleToClose: type.metricScheduledActivityTasksTimedOutOnClose({ period, statistic: cloudwatch.Stats.SUM }),
        startToClose: type.metricStartedActivityTasksTimedOutOnClose({ period, statistic: cloudwatch.Stats.SUM }),
        heartbeat: type.metricStartedActivityTasksTimedOutOnHeartbeat({ period, statistic: cloudwatch.Stats.SUM }),
      };
      this.alarms.push(new cloudwatch.Alarm(scope, 'Timeouts', {
        // SUM over the array adds whichever timeout kinds have data at each point; a plain + would yield no value
        // whenever one of them is missing.
        metric: new cloudwatch.MathExpression({
          expression: `SUM([${Object.keys(timeouts).join(', ')}])`,
          usingMetrics: timeouts,
          period,
          label: `${label} timeouts`,
        }),
        alarmDescription: `Activity ${label}: at least ${props.activityTimeoutsThreshold} task(s) timed out in ${period.toHumanString()}`,
        threshold: props.activityTimeoutsThreshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    });

    props.workflowTypes.forEach((type, index) => {
      const label = typeLabel(type.workflowTypeName, type.workflowTypeVersion);
      const scope = new Construct(this, constructIdFor(label, `WorkflowType${index}`));
      this.alarms.push(new cloudwatch.Alarm(scope, 'DecisionLatency', {
        metric: type.metricDecisionTaskScheduleToStartTime({ period, statistic: cloudwatch.Stats.MAXIMUM }),
        alarmDescription: `Workflow ${label}: a decision task waited more than ${props.decisionLatencyThreshold.toHumanString()} for a decider (are deciders polling?)`,
        threshold: props.decisionLatencyThreshold.toMilliseconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
      this.alarms.push(new cloudwatch.Alarm(scope, 'DecisionTimeouts', {
        metric: type.metricStartedDecisionTasksTimedOutOnClose({ period, statistic: cloudwatch.Stats.SUM }),
        alarmDescription: `Workflow ${label}: at least ${props.decisionTimeoutsThreshold} started decision task(s) timed out in ${period.toHumanString()} (decider crash or error)`,
        threshold: props.decisionTimeoutsThreshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    });
  }
}

function typeLabel(name: string, version: string): string {
  return `${name}@${version}`;
}

/** A readable, stable construct id from the type's name and version, or a positional one when they are tokens. */
function constructIdFor(label: string, fallback: string): string {
  return Token.isUnresolved(label) ? fallback : label;
}
