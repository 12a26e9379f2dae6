/**
 * The order-processing example, as a worker module for `cdk-swf worker`:
 *   cdk-swf worker --kind decider  --module dist/bin/order-processing/index.js
 *   cdk-swf worker --kind activity --module dist/bin/order-processing/index.js
 * Activity versions come from SWF_ACTIVITY_VERSIONS (set by the worker construct), else DEFAULT_VERSION.
 */
import type { WorkflowDefinition } from '../../lib/worker/decider';
import { activityVersions } from '../../lib/worker/env';
import { decideProcessOrder } from './workflow';
import { CHARGE_PAYMENT, DEFAULT_VERSION, PROCESS_ORDER, RESERVE_INVENTORY, SHIP_ORDER } from './types';

export { activities } from './activities';
export * from './types';
export { decideProcessOrder, MAX_ATTEMPTS, APPROVAL_TIMER } from './workflow';

const versions = () =>
  activityVersions(Object.fromEntries([RESERVE_INVENTORY, CHARGE_PAYMENT, SHIP_ORDER].map((name) => [name, DEFAULT_VERSION])));

/**
 * ProcessOrder handles every registered version of its name. The activity versions it schedules are filled in here
 * (so the module also works under a Decider whose activityVersions do not list them, e.g. a local run).
 */
export const workflows: WorkflowDefinition[] = [
  {
    name: PROCESS_ORDER,
    decide: (history, decisions) => {
      const known = versions();
      return decideProcessOrder(history, {
        ...decisions,
        scheduleActivity: (options) => decisions.scheduleActivity({ version: known[options.name], ...options }),
      });
    },
  },
];
