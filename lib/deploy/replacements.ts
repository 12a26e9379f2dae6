import { parsePhysicalId } from '../../lambda/swf-resource/physical-id';
import { kindOfResourceType } from '../../lambda/swf-resource/spec';
import type { Arrival, PlanAction, ResourcePlan } from './planner';

/**
 * With the version in the logical id (`@cdk-swf/core:versionInLogicalId`), a new version of a type is a new resource
 * and the old one is removed from the app. Shown as what it is: one `replace` row (the new version arrives, the old one
 * is deprecated or retained by its DeletionPolicy), not a create and an unrelated deprecate.
 * The same SWF resource under a new logical id (a renamed or moved construct, or the flag turned on for a deployed
 * stack) is a `move`: the old logical id leaves the app, and SWF keeps what the new one declares.
 */
export function pairReplacements(rows: readonly ResourcePlan[], newLogicalIds: ReadonlySet<string>): ResourcePlan[] {
  const removed = rows.filter((r) => (r.action === 'deprecate' || r.action === 'retain') && r.message?.startsWith('removed from the app'));
  // The same resource under another logical id (a renamed construct, or a rename whose apply stopped before its
  // cleanup): apply (and the Lambda) keep it registered.
  const claimed = new Map<ResourcePlan, string>();
  for (const old of removed) {
    const holder = rows.find((row) => DECLARES.includes(row.action) && row.resourceType === old.resourceType && row.physicalId === old.physicalId);
    if (holder) claimed.set(old, holder.logicalId);
  }
  const claimers = new Set(claimed.values());
  const used = new Set<ResourcePlan>();
  const paired = rows.map((row) => {
    if (!newLogicalIds.has(row.logicalId) || !isArrival(row.action) || claimers.has(row.logicalId)) return row;
    const name = typeName(row);
    const old = name && removed.find((r) => !used.has(r) && !claimed.has(r) && r.resourceType === row.resourceType && typeName(r) === name);
    if (!old) return row;
    used.add(old);
    return {
      ...row,
      action: 'replace' as const,
      previousPhysicalId: old.physicalId,
      replacement: { arrival: row.action as Arrival, old: old.action === 'retain' ? ('retain' as const) : ('deprecate' as const) },
      message: [row.message, `new logical id (the version is part of it); replaces ${old.logicalId}`].filter(Boolean).join('; '),
    };
  });
  return paired
    .filter((row) => !used.has(row))
    .map((row) =>
      claimed.has(row)
        ? {
            ...row,
            action: 'move' as const,
            message: `removed from the app; ${claimed.get(row)} now declares this same resource: its removal leaves it registered in SWF, not retired`,
          }
        : row,
    );
}

/** Actions of a resource the app declares after apply, with the physical id it will have. */
const DECLARES: readonly PlanAction[] = ['create', 'adopt', 'undeprecate', 'update tags', 'replace', 'no change', 'drift'];

function isArrival(action: string): action is Arrival {
  return action === 'create' || action === 'adopt' || action === 'undeprecate';
}

/** `domain|name` of a type row, from its physical id. */
function typeName(row: ResourcePlan): string | undefined {
  const kind = kindOfResourceType(row.resourceType);
  const identity = kind && kind !== 'domain' ? parsePhysicalId(kind, row.physicalId) : undefined;
  return identity && identity.kind !== 'domain' ? `${identity.domain}|${identity.name}` : undefined;
}
