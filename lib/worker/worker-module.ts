import { resolve } from 'node:path';
import type { ActivityHandler } from './activity-worker';
import type { DecideFunction, WorkflowDefinition } from './decider';

/**
 * The shape of a module given to `cdk-swf worker --module <file>`:
 *
 *   // activity kind
 *   export const activities: Record<string, ActivityHandler> = { ReserveInventory: async (input, context) => ... };
 *
 *   // decider kind: an array of definitions ...
 *   export const workflows: WorkflowDefinition[] = [{ name: 'ProcessOrder', version: '1', decide }];
 *   // ... or an object keyed by workflow name (a bare decide function handles every version of that name)
 *   export const workflows = { ProcessOrder: decide, Refund: { version: '2', decide: decideRefund } };
 *
 * One module may export both.
 */
export interface WorkerModule {
  readonly activities?: Record<string, ActivityHandler>;
  readonly workflows?: readonly WorkflowDefinition[] | Record<string, DecideFunction | Omit<WorkflowDefinition, 'name'>>;
}

/** Loads a user module (.js/.cjs/.mjs, or .ts when running under tsx). Exports under `default` are accepted too. */
export function loadWorkerModule(file: string): WorkerModule {
  const path = resolve(file);
  let loaded: unknown;
  try {
    loaded = require(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' && (err as Error).message.includes(path)) {
      throw new Error(`Worker module not found: ${path}`);
    }
    const hint = /\.[cm]?ts$/.test(path) ? ' (a .ts module needs the CLI to run under tsx, e.g. `npx tsx bin/cdk-swf.ts worker ...`; otherwise compile it to .js)' : '';
    throw new Error(`Could not load worker module ${path}: ${err instanceof Error ? err.message : String(err)}${hint}`);
  }
  const exports = loaded as Record<string, unknown> & { default?: Record<string, unknown> };
  const pick = (key: 'activities' | 'workflows') => exports[key] ?? exports.default?.[key];
  return { activities: pick('activities') as WorkerModule['activities'], workflows: pick('workflows') as WorkerModule['workflows'] };
}

export function activitiesFrom(module: WorkerModule, file: string): Record<string, ActivityHandler> {
  const activities = module.activities;
  if (typeof activities !== 'object' || activities === null || Object.keys(activities).length === 0) {
    throw new Error(`${file} must export "activities": an object of activity name -> async (input, context) => result`);
  }
  return activities;
}

export function workflowsFrom(module: WorkerModule, file: string): WorkflowDefinition[] {
  const workflows = module.workflows;
  const shape = 'an array of { name, version?, decide } or an object of workflow name -> decide function';
  if (typeof workflows !== 'object' || workflows === null) throw new Error(`${file} must export "workflows": ${shape}`);
  if (Array.isArray(workflows)) return [...(workflows as WorkflowDefinition[])];
  return Object.entries(workflows).map(([name, definition]) => {
    if (typeof definition === 'function') return { name, decide: definition as DecideFunction };
    if (typeof definition === 'object' && definition !== null) return { ...(definition as Omit<WorkflowDefinition, 'name'>), name };
    throw new Error(`${file}: workflows.${name} must be a decide function or { version?, decide }`);
  });
}
