/**
 * The desired state of one SWF resource, as read from a custom resource's properties. Every value is the string SWF
 * takes on the wire; unset optional settings are `undefined`.
 */

import { SwfResourceKind, swfResourceKind } from '../../lib/common/swf-resources';

export type ResourceKind = SwfResourceKind;
export type TypeKind = 'workflowType' | 'activityType';

/** Domain tags as a key → value map (keys are unique in SWF). */
export type TagMap = Record<string, string>;

export interface DomainSpec {
  readonly kind: 'domain';
  readonly name: string;
  readonly retentionPeriodInDays: string;
  readonly description?: string;
  readonly tags: TagMap;
}

interface TypeSpecBase {
  readonly domain: string;
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly defaultTaskList?: string;
  readonly defaultTaskPriority?: string;
  readonly defaultTaskStartToCloseTimeout?: string;
}

export interface WorkflowTypeSpec extends TypeSpecBase {
  readonly kind: 'workflowType';
  readonly defaultExecutionStartToCloseTimeout?: string;
  readonly defaultChildPolicy?: string;
  readonly defaultLambdaRole?: string;
}

export interface ActivityTypeSpec extends TypeSpecBase {
  readonly kind: 'activityType';
  readonly defaultTaskHeartbeatTimeout?: string;
  readonly defaultTaskScheduleToStartTimeout?: string;
  readonly defaultTaskScheduleToCloseTimeout?: string;
}

export type TypeSpec = WorkflowTypeSpec | ActivityTypeSpec;
export type ResourceSpec = DomainSpec | TypeSpec;

/** What a user calls each kind in messages. */
export const KIND_LABEL: Record<ResourceKind, string> = {
  domain: 'domain',
  workflowType: 'workflow type',
  activityType: 'activity type',
};

export const kindOfResourceType = swfResourceKind;

/** `domain 'orders'` or `workflow type 'Order' version '1' in domain 'orders'`, for messages. */
export function describeResource(
  resource: { readonly kind: 'domain'; readonly name: string } | { readonly kind: TypeKind; readonly domain: string; readonly name: string; readonly version: string },
): string {
  if (resource.kind === 'domain') return `domain '${resource.name}'`;
  return `${KIND_LABEL[resource.kind]} '${resource.name}' version '${resource.version}' in domain '${resource.domain}'`;
}
