import { ResourceKind, ResourceSpec, TypeKind } from './spec';
import { SWF_LIMITS } from '../../lib/common/swf-constraints';
import { nameProblem } from './swf-rules';

/**
 * Physical resource ids. A domain's id is its name (as in Terraform's import id). A type's id is
 * `WorkflowType|<domain>|<name>|<version>` (or `ActivityType|...`): SWF names cannot contain '|', so the id splits back
 * unambiguously, and it stays readable in the CloudFormation console.
 */

export type Identity =
  | { readonly kind: 'domain'; readonly name: string }
  | { readonly kind: TypeKind; readonly domain: string; readonly name: string; readonly version: string };

const TYPE_ID_PREFIX: Record<TypeKind, string> = { workflowType: 'WorkflowType', activityType: 'ActivityType' };
const SEPARATOR = '|';

export function identityOf(spec: ResourceSpec): Identity {
  return spec.kind === 'domain'
    ? { kind: 'domain', name: spec.name }
    : { kind: spec.kind, domain: spec.domain, name: spec.name, version: spec.version };
}

export function physicalIdOf(identity: Identity): string {
  if (identity.kind === 'domain') return identity.name;
  return [TYPE_ID_PREFIX[identity.kind], identity.domain, identity.name, identity.version].join(SEPARATOR);
}

/**
 * The identity a physical id names, or undefined when it is not one this handler returned (for example the Provider
 * framework's CREATE_FAILED marker, or a request id): such a resource was never created, so there is nothing to delete.
 */
export function parsePhysicalId(kind: ResourceKind, physicalId: string | undefined): Identity | undefined {
  if (!physicalId) return undefined;
  if (kind === 'domain') {
    return nameProblem(physicalId, SWF_LIMITS.nameLength, { trimmed: true }) ? undefined : { kind, name: physicalId };
  }
  const parts = physicalId.split(SEPARATOR);
  if (parts.length !== 4 || parts[0] !== TYPE_ID_PREFIX[kind]) return undefined;
  const [, domain, name, version] = parts;
  const { nameLength, versionLength } = SWF_LIMITS;
  if (nameProblem(domain, nameLength) || nameProblem(name, nameLength) || nameProblem(version, versionLength)) return undefined;
  return { kind, domain, name, version };
}
