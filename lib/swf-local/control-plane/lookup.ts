import { fault, unknownResource } from '../errors';
import { DOMAINS, DomainRecord } from '../records';
import type { Store } from '../store';

/** The domain, whatever its status (Describe, List, tagging and Delete*Type work on deprecated domains too). */
export function findDomain(store: Store, name: string): DomainRecord {
  const domain = store.get<DomainRecord>(DOMAINS, name);
  if (!domain) throw unknownResource(`Unknown domain: ${name}`);
  return domain;
}

/**
 * A domain that accepts new work (types, executions). A deprecated domain is answered with UnknownResourceFault,
 * the fault Register*Type and StartWorkflowExecution document for "the domain cannot be used", so SDK users get a
 * modelled exception they already handle.
 */
export function findRegisteredDomain(store: Store, name: string): DomainRecord {
  const domain = findDomain(store, name);
  if (domain.status !== 'REGISTERED') throw unknownResource(`Domain is deprecated: ${name}`);
  return domain;
}

export function alreadyExists(name: string) {
  return fault('DomainAlreadyExistsFault', name);
}
