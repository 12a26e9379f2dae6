import { createHash } from 'node:crypto';
import { CfnResource, CustomResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Context key (cdk.json `"context"`) that puts a type's version into its custom resource's logical id, as aws-cdk-lib
 * does for Lambda versions: a change that registers a new version then shows in `cdk diff` as a resource removed and
 * one added (a replacement) instead of a changed `Version` property.
 *
 * Off by default, and for new stacks only: turned on for a stack already deployed, every type gets a new logical id,
 * so CloudFormation creates a resource that adopts the registered type and then deletes the old resource, whose
 * Delete deprecates that same type.
 */
export const VERSION_IN_LOGICAL_ID_CONTEXT = '@cdk-swf/core:versionInLogicalId';

/** Renames the type's CloudFormation resource to `<its logical id>V<hash of the version>` when the context key is on. */
export function applyVersionToLogicalId(scope: IConstruct, resource: CustomResource, version: string): void {
  const flag = scope.node.tryGetContext(VERSION_IN_LOGICAL_ID_CONTEXT);
  if (flag !== true && flag !== 'true') return;
  const cfn = resource.node.defaultChild as CfnResource;
  const base = Stack.of(scope).getLogicalId(cfn);
  const suffix = createHash('sha256').update(version).digest('hex').slice(0, 8).toUpperCase();
  cfn.overrideLogicalId(`${base}V${suffix}`);
}
