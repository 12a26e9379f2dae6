import type { OperationTable } from '../context';
import type { SwfLocalEnv } from '../env';
import { domainOperations } from './domains';
import { tagOperations } from './tags';
import { TypeIndex } from './type-index';
import { typeOperations } from './types';

export { findDomain, findRegisteredDomain } from './lookup';
export { MAX_DOMAINS } from './domains';
export { MAX_TYPES_PER_DOMAIN } from './types';

/** Domains, workflow and activity types, and domain tags. */
export function createControlPlane(env: SwfLocalEnv): OperationTable {
  const types = new TypeIndex(env.store);
  return { ...domainOperations(env, types), ...typeOperations(env, types), ...tagOperations(env) };
}
