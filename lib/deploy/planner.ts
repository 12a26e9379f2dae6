import { formatDomainArn, SWF_RESOURCE_TYPES } from '../common/swf-resources';
import type { SWFClient } from '@aws-sdk/client-swf';
import type { StackArtifact } from './assembly';
import type { PlanSource } from './baseline';
import type { StackRetirements } from './pending-retirements';
import { dependenciesWithin, dependencyOrder, directDependencies } from './dependencies';
import { StackEnvironment } from './environment';
import type { Difference, Inspection, SwfResourceHandler, TagChanges } from './handler';
import { asCloudFormationSends, ExportLookup, IntrinsicResolver, ParameterLookup, ResourceValue } from './intrinsics';
import { InvalidPropertiesError } from '../../lambda/swf-resource/errors';
import { deployedParameters, inspectForPlan, noteUnknowns, withoutUnknowns } from './plan-inspection';
import { unknownProperties } from './placeholders';
import { pairReplacements } from './replacements';
import { ResourceValues } from './resource-values';
import { DeployedResource, PendingCleanup, StackState } from './state';
import { CfnResource, isSwfResourceType, keepsResource } from './template';
import type { TypeStatusListing } from './type-listing';

export { ResourceValues } from './resource-values';
export { deployedParameters } from './plan-inspection';

/** What apply will do to one resource (the words `cdk-swf plan` prints). */
export type PlanAction =
  | 'create'
  | 'adopt'
  | 'undeprecate'
  | 'update tags'
  | 'replace'
  | 'no change'
  | 'deprecate'
  | 'retain'
  | 'move'
  | 'drift'
  | 'error'
  | 'skip';

/** How the resource comes to exist in SWF when it is new (or is the new half of a replacement). */
export type Arrival = 'create' | 'adopt' | 'undeprecate';

export interface ResourcePlan {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly action: PlanAction;
  /** The physical id after apply (for deprecate / retain / move: the one that goes away). */
  readonly physicalId?: string;
  /** For replace: the physical id being replaced. */
  readonly previousPhysicalId?: string;
  /** For replace: how the new resource arrives and what happens to the old one. */
  readonly replacement?: { readonly arrival: Arrival; readonly old: 'deprecate' | 'retain' };
  /** For error: each setting where ours and SWF's differ. */
  readonly differences: readonly Difference[];
  /** For update tags / adopt: the tag edits. */
  readonly tagChanges?: TagChanges;
  /** One line: the error, or a note (why a resource is skipped, drift, ...). */
  readonly message?: string;
  /** Properties whose value is only known after `cdk deploy` (a role's ARN, a parameter without a value). */
  readonly knownAfterDeploy?: readonly string[];
}

export interface StackPlan {
  readonly stack: StackArtifact;
  readonly stateFile: string;
  /** Where plan read what is deployed now: the state file, CloudFormation, or nothing (a new stack). */
  readonly source: PlanSource;
  readonly resources: readonly ResourcePlan[];
  /** What the stack will export (Outputs with Export names), for stacks that import them. */
  readonly exports: ReadonlyMap<string, unknown>;
  /** Types replaced or removed earlier, waiting for the retirement pass. @default - none */
  readonly retirements?: StackRetirements;
  /** The logical id whose SWF call failed (unreachable, access denied, out of retries): later ones were not inspected. */
  readonly swfFailure?: string;
}

/** The desired SWF resources of a template, in dependency order, with their resolved properties where possible. */
export interface DesiredResource {
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** SWF resources this one depends on, directly or through other resources. */
  readonly dependencies: string[];
}

/** Everything a template asks for, in deploy order: SWF resources to deploy and others apply skips. */
export interface DesiredStack {
  readonly ordered: ReadonlyArray<DesiredResource & { readonly swf: boolean }>;
  readonly swfIds: ReadonlySet<string>;
  readonly resolver: IntrinsicResolver;
}

/** Why cdk deploy leaves drift of an unchanged resource alone, and what to do. */
const NOT_REPAIRED =
  'cdk deploy will not repair it (CloudFormation sends no event for an unchanged resource): fix it in SWF (aws swf undeprecate-*, tag-resource), or change the resource in the app';

export const NOT_SWF_MESSAGE = 'not an SWF resource: deploy it with CloudFormation (cdk deploy)';

/** Reads the template: active resources (Conditions honoured), dependency order, SWF or not. */
export function desiredStack(
  stack: StackArtifact,
  env: StackEnvironment,
  values: ResourceValues,
  imports?: ExportLookup,
  parameters?: ParameterLookup,
): DesiredStack {
  const template = stack.template;
  const resolver = new IntrinsicResolver(template, env, values, imports, parameters);
  const active = Object.fromEntries(
    Object.entries(template.Resources ?? {}).filter(
      ([logicalId, resource]) => !resource.Condition || resolver.condition(resource.Condition, `Resources.${logicalId}.Condition`),
    ),
  );
  const graph = directDependencies({ ...template, Resources: active });
  const swfIds = new Set(Object.keys(active).filter((id) => isSwfResourceType(active[id].Type)));
  const swfDependencies = dependenciesWithin(graph, swfIds);
  const ordered = dependencyOrder(graph).map((logicalId) => ({
    logicalId,
    resource: active[logicalId],
    dependencies: swfDependencies.get(logicalId) ?? [],
    swf: swfIds.has(logicalId),
  }));
  return { ordered, swfIds, resolver };
}

/** The properties CloudFormation would send (ServiceToken aside): intrinsics resolved, scalars as strings. */
export function resolveProperties(resolver: IntrinsicResolver, logicalId: string, resource: CfnResource): Record<string, unknown> {
  const { ServiceToken: _serviceToken, ...properties } = resource.Properties ?? {};
  const resolved = resolver.resolve(properties, `Resources.${logicalId}.Properties`);
  return asCloudFormationSends(resolved) as Record<string, unknown>;
}

/**
 * The Data the handler will return, predicted from the properties so dependents can be planned before anything
 * exists: domains `{ Name, Arn }`, types `{ Domain, Name, Version }`.
 */
export function predictData(resourceType: string, properties: Record<string, unknown>, env: StackEnvironment): Record<string, unknown> {
  if (resourceType === SWF_RESOURCE_TYPES.domain) {
    const name = String(properties.Name);
    return {
      Name: name,
      get Arn() {
        return formatDomainArn({ partition: env.partition, region: env.region, account: env.account() }, name);
      },
    };
  }
  return { Domain: properties.Domain, Name: properties.Name, Version: properties.Version };
}

export interface PlanStackOptions {
  readonly stack: StackArtifact;
  readonly env: StackEnvironment;
  readonly state: StackState;
  readonly stateFile: string;
  readonly handler: SwfResourceHandler;
  readonly swf: SWFClient;
  /** Exports of the app's other stacks. @default - none */
  readonly imports?: ExportLookup;
  /** Where `state` came from. @default - the state file */
  readonly source?: PlanSource;
  /** Non-SWF resources as CloudFormation deployed them. @default - none */
  readonly deployedValues?: ReadonlyMap<string, ResourceValue>;
  /** Parameter values the stack was deployed with. @default - none */
  readonly parameters?: ReadonlyMap<string, string>;
  /** Reads owned types' status from List pages. @default - one Describe per type */
  readonly typeListing?: TypeStatusListing;
}

/**
 * Compares a stack's assembly with what is deployed now (its state file, or the stack CloudFormation deployed) and
 * with what SWF holds, resource by resource.
 */
export async function planStack(options: PlanStackOptions): Promise<StackPlan> {
  const { stack, env, state } = options;
  const source: PlanSource = options.source ?? { kind: 'state', file: options.stateFile };
  const values = new ResourceValues((id) => stack.template.Resources?.[id]?.Type, { deployed: options.deployedValues, placeholders: env });
  const resources: ResourcePlan[] = [];
  // After SWF itself failed (unreachable, access denied, out of retries), later resources are not inspected.
  let swfFailure: string | undefined;
  const result = (exports: ReadonlyMap<string, unknown>): StackPlan => ({ stack, stateFile: options.stateFile, source, resources, exports, swfFailure });
  let desired: DesiredStack;
  try {
    desired = desiredStack(stack, env, values, options.imports, deployedParameters(env, options.parameters));
  } catch (err) {
    resources.push({ logicalId: '(template)', resourceType: '-', action: 'error', differences: [], message: (err as Error).message });
    return result(new Map());
  }

  for (const { logicalId, resource, swf: isSwf } of desired.ordered) {
    if (!isSwf) {
      resources.push({ logicalId, resourceType: resource.Type, action: 'skip', differences: [], message: NOT_SWF_MESSAGE });
      continue;
    }
    const previous = deployedAs(state, logicalId, resource.Type);
    try {
      const properties = resolveProperties(desired.resolver, logicalId, resource);
      if (swfFailure) throw new Error(`not inspected: SWF failed for ${swfFailure} (see its line)`);
      const unchanged = propertiesEqual(previous?.properties, properties);
      let inspection: Inspection;
      try {
        inspection = await inspectForPlan(resource.Type, properties, previous, unchanged, options);
      } catch (err) {
        if (!(err instanceof InvalidPropertiesError)) swfFailure = logicalId;
        throw err;
      }
      const unknown = unknownProperties(properties);
      const plan = noteUnknowns(decide(logicalId, resource, previous, withoutUnknowns(inspection, unknown, env), unchanged, source), unknown, env);
      resources.push(plan);
      if (plan.action === 'error' && plan.differences.length === 0) {
        values.fail(logicalId, `${logicalId} has an error (see its line)`);
      } else {
        // A conflict in SWF is this resource's error alone: its name is known, so what refers to it plans normally.
        const data = plan.action === 'no change' && previous ? previous.data : predictData(resource.Type, properties, env);
        values.set(logicalId, { physicalId: inspection.identity, data });
      }
    } catch (err) {
      const message = (err as Error).message;
      values.fail(logicalId, `${logicalId} has an error (see its line)`);
      resources.push({ logicalId, resourceType: resource.Type, action: 'error', differences: [], message });
    }
  }

  for (const removed of removedResources(state, desired)) resources.push(removed);
  const newLogicalIds = new Set(desired.ordered.filter((entry) => entry.swf && !state.resources[entry.logicalId]).map((entry) => entry.logicalId));
  resources.splice(0, resources.length, ...pairReplacements(resources, newLogicalIds));
  for (const leftover of state.pendingCleanup) {
    resources.push({
      logicalId: leftover.logicalId,
      resourceType: leftover.type,
      action: 'deprecate',
      physicalId: leftover.physicalId,
      differences: [],
      message: 'left behind by an earlier replacement',
    });
  }
  return result(desired.resolver.exports());
}

/** What a stack exports according to its state file (what is deployed now). */
export function exportsFromState(stack: StackArtifact, env: StackEnvironment, state: StackState, imports?: ExportLookup): Map<string, unknown> {
  const values = new ResourceValues((id) => stack.template.Resources?.[id]?.Type);
  for (const [logicalId, deployed] of Object.entries(state.resources)) values.set(logicalId, { physicalId: deployed.physicalId, data: deployed.data });
  try {
    return new IntrinsicResolver(stack.template, env, values, imports).exports();
  } catch {
    return new Map();
  }
}

/** The state's record of a logical id, if it is the same resource type (a type change is a replacement). */
export function deployedAs(state: StackState, logicalId: string, type: string): DeployedResource | undefined {
  const previous = state.resources[logicalId];
  return previous && previous.type === type ? previous : undefined;
}

function decide(
  logicalId: string,
  resource: CfnResource,
  previous: DeployedResource | undefined,
  inspection: Inspection,
  unchangedProperties: boolean,
  source: PlanSource,
): ResourcePlan {
  const base = { logicalId, resourceType: resource.Type, physicalId: inspection.identity };
  if (inspection.differences.length > 0) {
    return { ...base, action: 'error', differences: inspection.differences, message: conflictMessage(resource.Type, inspection) };
  }
  const tagChanges = inspection.tagChanges && hasTagChanges(inspection.tagChanges) ? inspection.tagChanges : undefined;
  const arrival: Arrival = inspection.state === 'absent' ? 'create' : inspection.state === 'deprecated' ? 'undeprecate' : 'adopt';
  if (!previous) return { ...base, action: arrival, differences: [], tagChanges };
  if (previous.physicalId !== inspection.identity) {
    const old = keepsResource(resource.UpdateReplacePolicy) ? 'retain' : 'deprecate';
    return { ...base, action: 'replace', previousPhysicalId: previous.physicalId, replacement: { arrival, old }, differences: [], tagChanges };
  }
  // CloudFormation sends no event for a resource whose properties did not change: cdk deploy leaves drift as it is.
  const deployedByCloudFormation = source.kind === 'cloudformation';
  if (arrival === 'adopt') {
    if (tagChanges && deployedByCloudFormation && unchangedProperties) {
      return { ...base, action: 'drift', differences: [], tagChanges, message: `drift: the domain's tags were changed in SWF; ${NOT_REPAIRED}` };
    }
    return { ...base, action: tagChanges ? 'update tags' : 'no change', differences: [], tagChanges };
  }
  // Deployed before, same identity, but SWF no longer has it registered: changed behind the app's back.
  const drift = inspection.state === 'absent' ? 'is missing from SWF' : 'was deprecated in SWF';
  if (deployedByCloudFormation && unchangedProperties) {
    return { ...base, action: 'drift', differences: [], tagChanges, message: `drift: ${drift}; ${NOT_REPAIRED}` };
  }
  const note = unchangedProperties ? `drift: ${drift}` : `drift: ${drift}; properties changed too`;
  return { ...base, action: arrival, differences: [], tagChanges, message: note };
}

function conflictMessage(resourceType: string, inspection: Inspection): string {
  const fix =
    resourceType === SWF_RESOURCE_TYPES.domain
      ? 'SWF cannot change a domain: give it a new name'
      : 'SWF cannot change a registered type: give it a new version';
  const status = inspection.state === 'deprecated' ? ' (deprecated)' : '';
  return `${inspection.identity}${status} exists in SWF with different settings; ${fix}`;
}

function hasTagChanges(changes: TagChanges): boolean {
  return changes.added.length + changes.changed.length + changes.removed.length > 0;
}

/** State entries with no SWF resource of the same type in the assembly any more, deepest dependents first. */
function removedResources(state: StackState, desired: DesiredStack): ResourcePlan[] {
  const removed = Object.entries(state.resources).filter(([logicalId, deployed]) => {
    const current = desired.ordered.find((entry) => entry.logicalId === logicalId);
    return !current || !current.swf || current.resource.Type !== deployed.type;
  });
  return cleanupOrder(removed.map(([logicalId, deployed]) => ({ logicalId, ...deployed }))).map((item) => ({
    logicalId: item.logicalId,
    resourceType: item.type,
    action: keepsResource(item.deletionPolicy) ? 'retain' : 'deprecate',
    physicalId: item.physicalId,
    differences: [],
    message: keepsResource(item.deletionPolicy)
      ? 'removed from the app; DeletionPolicy Retain keeps it in SWF'
      : item.type === 'Custom::SwfDomain'
        ? 'removed from the app'
        : 'removed from the app; deprecated once its retirement grace period is over and nothing open can use it',
  }));
}

/** Orders resources for deletion: dependents before what they depend on (CloudFormation's reverse order). */
export function cleanupOrder<T extends PendingCleanup>(items: T[]): T[] {
  const byId = new Map<string, T[]>();
  for (const item of items) byId.set(item.logicalId, [...(byId.get(item.logicalId) ?? []), item]);
  const depth = new Map<string, number>();
  const depthOf = (logicalId: string, seen: Set<string>): number => {
    const known = depth.get(logicalId);
    if (known !== undefined) return known;
    if (seen.has(logicalId)) return 0;
    seen.add(logicalId);
    const dependencies = (byId.get(logicalId) ?? []).flatMap((item) => item.dependencies);
    const value = dependencies.length === 0 ? 0 : 1 + Math.max(...dependencies.map((d) => depthOf(d, seen)));
    depth.set(logicalId, value);
    return value;
  };
  return [...items].sort((a, b) => depthOf(b.logicalId, new Set()) - depthOf(a.logicalId, new Set()) || a.logicalId.localeCompare(b.logicalId));
}

export function propertiesEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** Counts per action, errors first: what the summary line and the exit code are made of. */
export function countActions(plans: readonly StackPlan[]): Map<PlanAction, number> {
  const counts = new Map<PlanAction, number>();
  for (const plan of plans) for (const r of plan.resources) counts.set(r.action, (counts.get(r.action) ?? 0) + 1);
  return counts;
}

/**
 * 1 when anything is in error, 2 when apply would change something (a pending retirement that is due counts: the next
 * retirement pass deprecates it), 0 when SWF already matches the app.
 */
export function planExitCode(plans: readonly StackPlan[]): 0 | 1 | 2 {
  const counts = countActions(plans);
  const retirements = plans.flatMap((plan) => plan.retirements?.pending ?? []);
  if (counts.get('error') || retirements.some((r) => r.status === 'error')) return 1;
  const quiet: PlanAction[] = ['no change', 'skip'];
  return [...counts.keys()].some((action) => !quiet.includes(action)) || retirements.some((r) => r.status === 'due') ? 2 : 0;
}
