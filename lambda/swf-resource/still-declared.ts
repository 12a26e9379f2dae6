import { SWF_RESOURCE_TYPES } from '../../lib/common/swf-resources';
import type { RetirementRecord } from './retirement/records';
import { StackApi, StackReadError, StackResourceSummary } from './stack-api';

/**
 * A Delete CloudFormation sends for a resource whose SWF resource another resource of the same stack still declares:
 * a renamed or moved construct, or `@cdk-swf/core:versionInLogicalId` turned on for a deployed stack. CloudFormation
 * creates the new logical id first (the handler adopts the SWF resource) and deletes the old one in its cleanup
 * phase; retiring (or deprecating) it then would break every workflow that still uses it. So the Delete asks
 * CloudFormation first, and keeps the SWF resource registered when another logical id holds it.
 *
 * When CloudFormation cannot be read, it keeps it too: a registered type nothing uses is harmless in SWF, a deprecated
 * type that is in use fails every ScheduleActivityTask (ACTIVITY_TYPE_DEPRECATED) or start.
 */

/** Statuses of a resource that no longer declares anything in the stack. */
const NOT_DECLARING = new Set(['DELETE_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_SKIPPED', 'CREATE_FAILED']);

export interface DeletedResource {
  readonly StackId?: string;
  readonly LogicalResourceId?: string;
  readonly ResourceType: string;
  readonly PhysicalResourceId?: string;
}

/** The logical id of another resource of the stack that declares the same SWF resource, if any. */
export function otherDeclarer(resources: readonly StackResourceSummary[], deleted: DeletedResource): string | undefined {
  return resources.find(
    (r) =>
      r.logicalId !== deleted.LogicalResourceId &&
      r.resourceType === deleted.ResourceType &&
      r.physicalId === deleted.PhysicalResourceId &&
      !NOT_DECLARING.has(r.status),
  )?.logicalId;
}

/**
 * For the retirement pass: the logical id that declares a recorded type in the stack now, if any (a record written
 * by an older cdk-swf for a renamed construct). The stack is listed once per pass; when it cannot be read, every
 * record asking fails with the StackReadError and waits for the next pass.
 */
export function stackDeclarations(stack: StackApi, stackId: string): (record: RetirementRecord) => Promise<string | undefined> {
  let listed: Promise<StackResourceSummary[]> | undefined;
  return async (record) => {
    listed ??= stack.listResources(stackId);
    return otherDeclarer(await listed, { ResourceType: SWF_RESOURCE_TYPES[record.kind], PhysicalResourceId: record.physicalId });
  };
}

/**
 * Whether the Delete must leave the SWF resource as it is: another logical id declares it, or CloudFormation could
 * not say (logged as a warning). False when there is no stack to ask (`cdk-swf apply` checks its state file instead).
 */
export async function keepForAnotherDeclarer(deleted: DeletedResource, stack: StackApi | undefined, what: string, log: (line: string) => void): Promise<boolean> {
  if (!stack || !deleted.StackId || !deleted.PhysicalResourceId) return false;
  try {
    const holder = otherDeclarer(await stack.listResources(deleted.StackId), deleted);
    if (!holder) return false;
    log(`${what} still declared by ${holder}: not retired`);
    return true;
  } catch (error) {
    if (!(error instanceof StackReadError)) throw error;
    log(
      `warning: ${what} not retired: cannot tell whether another resource of the stack still declares it (${error.message}); ` +
        "it stays registered: allow cloudformation:ListStackResources on the stack to the handler's role, and deprecate it by hand if nothing uses it",
    );
    return true;
  }
}
