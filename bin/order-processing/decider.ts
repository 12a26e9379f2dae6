/**
 * The ProcessOrder decider as a worker module: `cdk-swf worker --kind decider --module dist/bin/order-processing/decider.js`.
 * It schedules the activity versions in SWF_ACTIVITY_VERSIONS (set by the worker construct), else DEFAULT_VERSION.
 */
import type { WorkflowDefinition } from '../../lib/worker/decider';
import { activityVersions } from '../../lib/worker/env';
import { CHARGE_PAYMENT, DEFAULT_VERSION, PROCESS_ORDER, RESERVE_INVENTORY, SHIP_ORDER } from './types';
import { decideProcessOrder } from './workflow';

const activityVersionsOrDefault = () =>
  activityVersions(Object.fromEntries([RESERVE_INVENTORY, CHARGE_PAYMENT, SHIP_ORDER].map((name) => [name, DEFAULT_VERSION])));

/** ProcessOrder, for every registered version of its name. */
export const workflows: WorkflowDefinition[] = [
  {
    name: PROCESS_ORDER,
    decide: (history, decisions) => {
      const known = activityVersionsOrDefault();
      return decideProcessOrder(history, {
        ...decisions,
        scheduleActivity: (options) => decisions.scheduleActivity({ ...options, version: options.version ?? known[options.name] }),
      });
    },
  },
];
