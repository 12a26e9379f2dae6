import * as fs from 'node:fs';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { parsePhysicalId } from '../../lambda/swf-resource/physical-id';
import { kindOfResourceType } from '../../lambda/swf-resource/spec';
import type { StackArtifact } from './assembly';
import { CloudFormationReadError, DeployedStack, readDeployedStack } from './cloudformation';
import type { StackEnvironment } from './environment';
import type { ExportLookup, ResourceValue } from './intrinsics';
import { retirementPathOf } from './pending-retirements';
import { deployedValue } from './placeholders';
import { desiredStack, resolveProperties } from './planner';
import { ResourceValues } from './resource-values';
import { DeployedResource, emptyState, readState, StackState } from './state';
import { isSwfResourceType } from './template';

/** Where plan read what is deployed now, per stack. */
export type PlanSource =
  | { readonly kind: 'state'; readonly file: string }
  | { readonly kind: 'cloudformation'; readonly stackName: string; readonly status: string }
  | { readonly kind: 'new'; readonly why: string };

/** What is deployed now, whichever source it came from, in the shape of a state file. */
export interface Baseline {
  readonly source: PlanSource;
  readonly state: StackState;
  /** The environment, with the account and stack id CloudFormation reports when the stack is deployed. */
  readonly env: StackEnvironment;
  /** Non-SWF resources as CloudFormation deployed them (role ARNs ...), for Ref / GetAtt. */
  readonly deployedValues: ReadonlyMap<string, ResourceValue>;
  /** Parameter values the stack was deployed with. */
  readonly parameters: ReadonlyMap<string, string>;
  /** What the deployed stack exports. */
  readonly exports: ReadonlyMap<string, string>;
  /** Where the deployed stack's handler keeps pending retirements in SSM. @default - none (not deployed by CloudFormation) */
  readonly retirementPath?: string;
}

export interface BaselineOptions {
  readonly stack: StackArtifact;
  readonly env: StackEnvironment;
  readonly stateFile: string;
  /** Consulted when there is no state file. @default - not consulted: no state file means a new stack */
  readonly cloudFormation?: CloudFormationClient;
  /** Exports of other stacks, for the deployed template's Fn::ImportValue. */
  readonly imports?: ExportLookup;
}

/**
 * The state file for stacks `cdk-swf apply` manages; else the stack CloudFormation deployed; else nothing (new).
 */
export async function readBaseline(options: BaselineOptions): Promise<Baseline> {
  const { stack, env, stateFile } = options;
  const none = { deployedValues: new Map(), parameters: new Map(), exports: new Map() };
  if (fs.existsSync(stateFile)) {
    return { source: { kind: 'state', file: stateFile }, state: readState(stateFile, stack.stackName), env, ...none };
  }
  if (!options.cloudFormation) {
    return { source: { kind: 'new', why: `no state file at ${stateFile}; CloudFormation not consulted` }, state: emptyState(stack.stackName), env, ...none };
  }
  const deployed = await readDeployedStack(options.cloudFormation, stack.stackName);
  if (!deployed) {
    return { source: { kind: 'new', why: `no state file at ${stateFile}, and CloudFormation has no stack ${stack.stackName}` }, state: emptyState(stack.stackName), env, ...none };
  }
  try {
    return baselineFromCloudFormation(stack, env, deployed, options.imports);
  } catch (err) {
    throw new CloudFormationReadError(`cannot read the deployed template of stack ${stack.stackName}: ${(err as Error).message}`);
  }
}

/** `compared with state file .cdk-swf/state-X.json`, `compared with CloudFormation stack X (UPDATE_COMPLETE)`, `new stack: ...`. */
export function describeSource(source: PlanSource): string {
  switch (source.kind) {
    case 'state':
      return `compared with state file ${source.file}`;
    case 'cloudformation':
      return `compared with CloudFormation stack ${source.stackName} (${source.status})`;
    case 'new':
      return `new stack: ${source.why}`;
  }
}

/** The Data the handler returns for a resource, known from its physical id alone. */
export function dataFromPhysicalId(resourceType: string, physicalId: string, env: StackEnvironment): Record<string, unknown> | undefined {
  const kind = kindOfResourceType(resourceType);
  const identity = kind ? parsePhysicalId(kind, physicalId) : undefined;
  if (!identity) return undefined;
  if (identity.kind === 'domain') {
    return { Name: identity.name, Arn: `arn:${env.partition}:swf:${env.region}:${env.account()}:/domain/${identity.name}` };
  }
  return { Domain: identity.domain, Name: identity.name, Version: identity.version };
}

function baselineFromCloudFormation(stack: StackArtifact, env: StackEnvironment, deployed: DeployedStack, imports?: ExportLookup): Baseline {
  const account = /^arn:[^:]+:cloudformation:[^:]*:(\d{12}):/.exec(deployed.stackId)?.[1];
  const deployedEnv: StackEnvironment = { ...env, stackId: deployed.stackId, account: account ? () => account : env.account };
  const template = deployed.template;
  const deployedValues = new Map<string, ResourceValue>();
  const values = new ResourceValues((id) => template.Resources?.[id]?.Type, { deployed: deployedValues });
  for (const resource of deployed.resources.values()) {
    const definition = template.Resources?.[resource.logicalId];
    if (!definition) continue;
    if (isSwfResourceType(resource.type)) {
      const data = dataFromPhysicalId(resource.type, resource.physicalId, deployedEnv);
      if (data) values.set(resource.logicalId, { physicalId: resource.physicalId, data });
    } else {
      deployedValues.set(resource.logicalId, deployedValue(deployedEnv, resource.type, resource.physicalId, definition.Properties ?? {}));
    }
  }
  const parameterLookup = (name: string) => deployed.parameters.get(name);
  const desired = desiredStack({ ...stack, template }, deployedEnv, values, (name) => imports?.(name) ?? deployed.exports.get(name), parameterLookup);
  const resources: Record<string, DeployedResource> = {};
  for (const { logicalId, resource, dependencies, swf } of desired.ordered) {
    const live = deployed.resources.get(logicalId);
    const value = values.valueOf(logicalId);
    if (!swf || !live || !value) continue;
    let properties: Record<string, unknown>;
    try {
      properties = resolveProperties(desired.resolver, logicalId, resource);
    } catch {
      // Only used to tell whether the app changed the resource: an unresolvable one counts as changed.
      const { ServiceToken: _token, ...raw } = resource.Properties ?? {};
      properties = { unresolved: raw };
    }
    resources[logicalId] = {
      type: resource.Type,
      physicalId: live.physicalId,
      properties,
      data: value.data as Record<string, unknown>,
      deletionPolicy: resource.DeletionPolicy,
      updateReplacePolicy: resource.UpdateReplacePolicy,
      dependencies,
    };
  }
  return {
    source: { kind: 'cloudformation', stackName: deployed.stackName, status: deployed.status },
    state: { version: 1, stackName: stack.stackName, resources, pendingCleanup: [], retirements: [] },
    env: deployedEnv,
    deployedValues,
    parameters: deployed.parameters,
    exports: deployed.exports,
    retirementPath: retirementPathOf(template),
  };
}
