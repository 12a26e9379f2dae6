import type { OperationTable } from '../context';
import type { SwfLocalEnv } from '../env';

// PLACEHOLDER — being written (issue 2): domains, types, tags.
export function createControlPlane(_env: SwfLocalEnv): OperationTable {
  return {};
}
