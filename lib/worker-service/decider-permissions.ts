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
  /** The workflow types it decides for: their versions bound ContinueAsNewWorkflowExecution. */
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
 * scheduling decisions scoped to the types it is given. Statements are on the domain ARN (the only SWF resource);
 * the pseudo-actions use SWF's condition keys. Like `IWorkflowType.grantDecide`, plus task-list bounds on
 * scheduling and continue-as-new, and the opt-in decisions.
 */
export function grantDeciderPermissions(grantee: iam.IGrantable, options: DeciderPermissionsOptions): iam.Grant[] {
  const grant = (actions: string[], conditions?: Record<string, Record<string, unknown>>) =>
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [options.domain.domainArn], conditions });

  const grants = [
    grant(['swf:PollForDecisionTask'], { StringEquals: { 'swf:taskList.name': options.taskList } }),
    grant(['swf:RespondDecisionTaskCompleted', ...BASIC_DECISION_ACTIONS]),
    // IfExists: a continue-as-new decision that names no task list or version keeps the current ones.
    grant(['swf:ContinueAsNewWorkflowExecution'], {
      StringEqualsIfExists: {
        'swf:taskList.name': options.taskList,
        'swf:workflowTypeVersion': oneOrMany(options.workflowTypes.map((type) => type.workflowTypeVersion)),
      },
    }),
  ];
  // IfExists: a ScheduleActivityTask decision without a task list uses the activity type's default.
  const taskListBound: Record<string, Record<string, unknown>> = options.activityTaskLists.length > 0
    ? { StringEqualsIfExists: { 'swf:taskList.name': oneOrMany(options.activityTaskLists) } }
    : {};
  for (const [version, names] of namesByVersion(options.activityTypes.map((t) => [t.activityTypeName, t.activityTypeVersion]))) {
    grants.push(grant(['swf:ScheduleActivityTask'], {
      StringEquals: { 'swf:activityType.name': names, 'swf:activityType.version': version },
      ...taskListBound,
    }));
  }
  for (const [version, names] of namesByVersion(options.childWorkflowTypes.map((t) => [t.workflowTypeName, t.workflowTypeVersion]))) {
    grants.push(grant(['swf:StartChildWorkflowExecution'], {
      StringEquals: { 'swf:workflowType.name': names, 'swf:workflowType.version': version },
    }));
  }
  if (options.allowExternalWorkflowDecisions) {
    grants.push(grant(['swf:SignalExternalWorkflowExecution', 'swf:RequestCancelExternalWorkflowExecution']));
  }
  if (options.allowLambdaTasks) grants.push(grant(['swf:ScheduleLambdaFunction']));
  return grants;
}

/**
 * Names grouped by version, so one statement covers every type of a version. The name and version conditions
 * of a statement are ANDed, and all names in a group share the version, so no name gains another type's version.
 */
function namesByVersion(types: Array<[name: string, version: string]>): Map<string, string | string[]> {
  const groups = new Map<string, string[]>();
  for (const [name, version] of types) {
    const names = groups.get(version) ?? [];
    if (!names.includes(name)) names.push(name);
    groups.set(version, names);
  }
  return new Map([...groups].map(([version, names]) => [version, oneOrMany(names)]));
}

/** A single condition value as a string, several as a list (both are valid IAM; a string reads better). */
function oneOrMany(values: string[]): string | string[] {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : distinct;
}
