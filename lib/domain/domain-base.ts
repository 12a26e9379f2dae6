import { DOMAIN_ARN_RESOURCE } from '../common/swf-resources';
import { ArnFormat, Duration, IResource, Resource, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** An SWF domain, created by this app or imported. */
export interface IDomain extends IResource {
  /**
   * The name of the domain.
   * @attribute
   */
  readonly domainName: string;

  /**
   * The ARN of the domain: `arn:<partition>:swf:<region>:<account>:/domain/<name>`.
   * @attribute
   */
  readonly domainArn: string;

  /** Grants the given SWF actions (e.g. `swf:DescribeDomain`) on this domain. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grants the read-only visibility actions: describe the domain and its types, list, count and describe
   * executions, read histories, count pending tasks, list tags.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * The number of tasks waiting in a task list of this domain (`AWS/SWF PendingTasks`, dimensions Domain and
   * TaskListName): the backlog signal for scaling workers.
   *
   * @default - statistic Sum over 1 minute
   */
  metricPendingTasks(taskList: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** The read-only actions of `grantRead`. */
const READ_ACTIONS = [
  'swf:DescribeDomain',
  'swf:ListTagsForResource',
  'swf:ListWorkflowTypes',
  'swf:DescribeWorkflowType',
  'swf:ListActivityTypes',
  'swf:DescribeActivityType',
  'swf:ListOpenWorkflowExecutions',
  'swf:ListClosedWorkflowExecutions',
  'swf:CountOpenWorkflowExecutions',
  'swf:CountClosedWorkflowExecutions',
  'swf:DescribeWorkflowExecution',
  'swf:GetWorkflowExecutionHistory',
  'swf:CountPendingActivityTasks',
  'swf:CountPendingDecisionTasks',
];

/** The CloudWatch namespace of SWF's metrics. */
export const SWF_METRICS_NAMESPACE = 'AWS/SWF';

/** A domain's ARN (DOMAIN_ARN_FORMAT) in the stack of `scope`. */
export function formatDomainArn(scope: IConstruct, domainName: string): string {
  return Stack.of(scope).formatArn({
    service: 'swf',
    resource: DOMAIN_ARN_RESOURCE,
    resourceName: domainName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** Grant and metric logic shared by created and imported domains; depends only on the attributes. */
export abstract class DomainBase extends Resource implements IDomain {
  public abstract readonly domainName: string;
  public abstract readonly domainArn: string;

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.domainArn] });
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...READ_ACTIONS);
  }

  public metricPendingTasks(taskList: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: SWF_METRICS_NAMESPACE,
      metricName: 'PendingTasks',
      dimensionsMap: { Domain: this.domainName, TaskListName: taskList },
      statistic: cloudwatch.Stats.SUM,
      ...props,
      // PendingTasks is published per 1-minute interval; CloudWatch's 5-minute default would hide bursts.
      period: props?.period ?? Duration.minutes(1),
    }).attachTo(this);
  }
}
