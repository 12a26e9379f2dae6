import type { SWFClient } from '@aws-sdk/client-swf';
import { compareSettings, compareTags, Difference, settingsOf, TagChanges } from './compare';
import { buildEnvironment, SwfCallOptions } from './environment';
import { identityOf, physicalIdOf } from './physical-id';
import { parseProperties } from './properties';

/** How a resource's desired configuration compares with what SWF holds, for `cdk-swf plan`. */
export interface Inspection {
  /** The physical id the handler gives this resource. */
  readonly identity: string;
  readonly state: 'absent' | 'registered' | 'deprecated';
  /** Settings SWF cannot change in place (empty when absent). Non-empty means a Create would fail. */
  readonly differences: Difference[];
  /** Domains that exist only: the tag changes a deployment would make in place. */
  readonly tagChanges?: TagChanges;
}

/**
 * Reads the resource from SWF (read-only calls: Describe*, and ListTagsForResource for a domain) and compares it with
 * the properties. Throws InvalidPropertiesError when the properties break SWF's rules.
 */
export async function inspectResource(
  resourceType: string,
  properties: Record<string, unknown>,
  swf: SWFClient,
  options: SwfCallOptions = {},
): Promise<Inspection> {
  const spec = parseProperties(resourceType, properties);
  const identity = identityOf(spec);
  const { api } = buildEnvironment(swf, { log: () => undefined, ...options }, undefined, undefined);
  const observed = identity.kind === 'domain' ? await api.describeDomain(identity.name) : await api.describeType(identity);
  const physicalId = physicalIdOf(identity);
  if (!observed) return { identity: physicalId, state: 'absent', differences: [] };
  const state = observed.status === 'DEPRECATED' ? 'deprecated' : 'registered';
  const differences = compareSettings(spec.kind, settingsOf(spec), observed.settings);
  if (spec.kind !== 'domain' || !observed.arn) return { identity: physicalId, state, differences };
  const tagChanges = compareTags(spec.tags, await api.listTags(observed.arn));
  return { identity: physicalId, state, differences, tagChanges };
}
