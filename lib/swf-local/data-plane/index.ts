import type { Engine } from '../context';
import type { SwfLocalEnv } from '../env';

// PLACEHOLDER — being written (issue 2): executions, decision and activity tasks, timers, timeouts.
export function createDataPlane(_env: SwfLocalEnv): Engine {
  return { operations: {}, close: () => undefined };
}
