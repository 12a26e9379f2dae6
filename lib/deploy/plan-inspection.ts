import type { StackEnvironment } from './environment';
import type { Inspection } from './handler';
import type { ParameterLookup } from './intrinsics';
import { identityOf, physicalIdOf } from '../../lambda/swf-resource/physical-id';
import { parseProperties } from '../../lambda/swf-resource/properties';
import { parameterPlaceholder } from './placeholders';
import type { PlanStackOptions, ResourcePlan } from './planner';
import type { DeployedResource } from './state';

/**
 * A parameter's value: the one the stack was deployed with; else its Default; else (no Default, or SSM) a
 * placeholder, shown as known after deploy.
 */
export function deployedParameters(env: StackEnvironment, deployed?: ReadonlyMap<string, string>): ParameterLookup {
  return (name, parameter) => {
    const value = deployed?.get(name);
    if (value !== undefined) return value;
    if (parameter.Default !== undefined && !parameter.Type.startsWith('AWS::SSM::Parameter')) return undefined;
    return parameterPlaceholder(env, name);
  };
}

/**
 * How the resource compares with SWF. A type the deployed stack already owns, unchanged, is looked up in a List page
 * (SWF types are immutable: only its status can have changed); anything else gets the handler's full Describe.
 */
export async function inspectForPlan(
  resourceType: string,
  properties: Record<string, unknown>,
  previous: DeployedResource | undefined,
  unchanged: boolean,
  options: PlanStackOptions,
): Promise<Inspection> {
  if (options.typeListing && previous && unchanged && resourceType !== 'Custom::SwfDomain') {
    const identity = identityOf(parseProperties(resourceType, properties));
    if (identity.kind !== 'domain' && physicalIdOf(identity) === previous.physicalId) {
      const status = await options.typeListing.statusOf(identity.kind, identity.domain, identity.name, identity.version);
      const state = status === 'REGISTERED' ? 'registered' : status === 'DEPRECATED' ? 'deprecated' : 'absent';
      return { identity: previous.physicalId, state, differences: [] };
    }
  }
  return options.handler.inspect(resourceType, properties, options.swf);
}

/**
 * Settings only known after deploy are not compared with SWF. On a local endpoint they are: the placeholder is what
 * apply registers there.
 */
export function withoutUnknowns(inspection: Inspection, unknown: readonly string[], env: StackEnvironment): Inspection {
  if (env.local || unknown.length === 0) return inspection;
  return { ...inspection, differences: inspection.differences.filter((d) => !unknown.includes(d.attribute)) };
}

/** The row says which settings are only known after deploy. */
export function noteUnknowns(plan: ResourcePlan, unknown: string[], env: StackEnvironment): ResourcePlan {
  if (unknown.length === 0) return plan;
  const note = env.local
    ? `${unknown.join(', ')}: placeholder on a local endpoint (known after cdk deploy)`
    : `${unknown.join(', ')}: known after deploy (not compared with SWF)`;
  return { ...plan, knownAfterDeploy: unknown, message: plan.message ? `${plan.message}; ${note}` : note };
}
