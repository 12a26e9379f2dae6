import * as iam from 'aws-cdk-lib/aws-iam';
import type { IActivityType } from '../activity-type/activity-type';
import { BASIC_DECISION_ACTIONS } from '../common/decision-actions';
import type { IDomain } from '../domain/domain-base';
import type { IWorkflowType } from '../workflow-type/workflow-type';

/** What a decider fleet may do. */
export interface DeciderPermissionsOptions {
  readonly domain: IDomain;
  /** The decision task list it polls (and the only one ContinueAsNew may name). */
  readonly taskList: string;
  /** The workflow types it decides for. */
  readonly workflowTypes: IWorkflowType[];
  /** The activity types it may schedule. */
  readonly activityTypes: IActivityType[];
  /** Task lists a ScheduleActivityTask decision may name; empty: any. */
  readonly activityTaskLists: string[];
  /** Workflow types it may start as children. */
  readonly childWorkflowTypes: IWorkflowType[];
  readonly allowExternalWorkflowDecisions: boolean;
  readonly allowLambdaTasks: boolean;
}

/**
 * Grants a decider exactly what it needs: poll its own task list, respond, the basic decisions, and the
 * scheduling decisions scoped to the names of the types it is given (any version of them). Statements are on the domain ARN (the only SWF resource);
 * the pseudo-actions use SWF's condition keys. Like `IWorkflowType.grantDecide`, plus task-list bounds on
 * scheduling and continue-as-new, and the opt-in decisions.
 */
export function grantDeciderPermissions(grantee: iam.IGrantable, options: DeciderPermissionsOptions): iam.Grant[] {
  const grant = (actions: string[], conditions?: Record<string, Record<string, unknown>>) =>
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [options.domain.domainArn], conditions });

  const grants = [
    grant(['swf:PollForDecisionTask'], { StringEquals: { 'swf:taskList.name': options.taskList } }),
    grant(['swf:RespondDecisionTaskCompleted', ...BASIC_DECISION_ACTIONS]),
    // IfExists: a continue-as-new decision that names no task list keeps the current one. No version bound: see below.
    grant(['swf:ContinueAsNewWorkflowExecution'], { StringEqualsIfExists: { 'swf:taskList.name': options.taskList } }),
  ];
  // Scheduling and child starts are bound by type NAME, not version (the rolling-deploy model, README "Deploys and
  // running workflows"): old and new tasks of a rolling deployment share this role, CloudFormation updates its policy
  // before the old tasks stop, and each task schedules the versions of its own environment. A version bound would
  // refuse the old tasks' decisions (OPERATION_NOT_PERMITTED) for the whole deployment.
  // IfExists: a ScheduleActivityTask decision without a task list uses the activity type's default.
  const taskListBound: Record<string, Record<string, unknown>> = options.activityTaskLists.length > 0
    ? { StringEqualsIfExists: { 'swf:taskList.name': oneOrMany(options.activityTaskLists) } }
    : {};
  if (options.activityTypes.length > 0) {
    grants.push(grant(['swf:ScheduleActivityTask'], {
      StringEquals: { 'swf:activityType.name': oneOrMany(options.activityTypes.map((t) => t.activityTypeName)) },
      ...taskListBound,
    }));
  }
  if (options.childWorkflowTypes.length > 0) {
    grants.push(grant(['swf:StartChildWorkflowExecution'], {
      StringEquals: { 'swf:workflowType.name': oneOrMany(options.childWorkflowTypes.map((t) => t.workflowTypeName)) },
    }));
  }
  if (options.allowExternalWorkflowDecisions) {
    grants.push(grant(['swf:SignalExternalWorkflowExecution', 'swf:RequestCancelExternalWorkflowExecution']));
  }
  if (options.allowLambdaTasks) grants.push(grant(['swf:ScheduleLambdaFunction']));
  return grants;
}

/** A single condition value as a string, several as a list (both are valid IAM; a string reads better). */
function oneOrMany(values: string[]): string | string[] {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : distinct;
}
