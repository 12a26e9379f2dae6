import { swfResourceKind } from '../common/swf-resources';

/** The parts of a CloudFormation template that `cdk-swf plan/apply` reads. */

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, CfnParameter>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Outputs?: Record<string, CfnOutput>;
}

export interface CfnOutput {
  readonly Value: unknown;
  readonly Export?: { readonly Name: unknown };
  readonly Condition?: string;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Condition?: string;
}

export interface CfnParameter {
  readonly Type: string;
  readonly Default?: unknown;
}

/** Whether `cdk-swf apply` runs the handler of this resource type in-process. */
export function isSwfResourceType(type: string): boolean {
  return swfResourceKind(type) !== undefined;
}

/** CloudFormation's removal policies for DeletionPolicy / UpdateReplacePolicy. */
export type RemovalPolicyName = 'Delete' | 'Retain' | 'Snapshot' | 'RetainExceptOnCreate';

export function dependsOnList(resource: CfnResource): string[] {
  if (resource.DependsOn === undefined) return [];
  return Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
}

/** Whether the policy keeps the SWF resource (no Delete event). Snapshot makes no sense for SWF: treated as Delete. */
export function keepsResource(policy: string | undefined): boolean {
  return policy === 'Retain' || policy === 'RetainExceptOnCreate';
}
