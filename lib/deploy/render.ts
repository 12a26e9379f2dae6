import { SWF_RESOURCE_TYPE_PREFIX } from '../common/swf-resources';
import Table from 'cli-table3';
import { describeSource } from './baseline';
import type { TagChanges } from './handler';
import type { PendingRetirement, StackRetirements } from './pending-retirements';
import { countActions, planExitCode, ResourcePlan, StackPlan } from './planner';
import { countByType, show } from './format';

/** The plan as a table per stack plus a summary line (for people). */
export function renderPlanTable(plans: readonly StackPlan[]): string {
  const out: string[] = [];
  for (const plan of plans) {
    const table = new Table({ head: ['Resource', 'Type', 'Action', 'Physical id', 'Details'], style: { head: [], border: [] }, wordWrap: true });
    const skipped = plan.resources.filter((r) => r.action === 'skip');
    for (const r of plan.resources.filter((r) => r.action !== 'skip')) {
      table.push([r.logicalId, shortType(r.resourceType), r.action, r.physicalId ?? '', details(r)]);
    }
    out.push(`Stack ${plan.stack.displayName} (${describeSource(plan.source)})`);
    out.push(table.length > 0 ? table.toString() : '  (no SWF resources)');
    if (skipped.length > 0) out.push(`  skipped ${skipped.length} non-SWF resources (deploy them with cdk deploy): ${countByType(skipped.map((r) => r.resourceType))}`);
    if (plan.retirements) out.push(...renderRetirements(plan.retirements));
  }
  out.push(summaryLine(plans));
  return out.join('\n') + '\n';
}

/** The plan as JSON (for scripts): every resource with its action, and the summary and exit code. */
export function renderPlanJson(plans: readonly StackPlan[]): string {
  const document = {
    stacks: plans.map((plan) => ({
      stack: plan.stack.displayName,
      stackName: plan.stack.stackName,
      stateFile: plan.stateFile,
      source: { ...plan.source, description: describeSource(plan.source) },
      resources: plan.resources,
      ...(plan.retirements ? { retirements: plan.retirements } : {}),
    })),
    summary: Object.fromEntries(countActions(plans)),
    exitCode: planExitCode(plans),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

export function summaryLine(plans: readonly StackPlan[]): string {
  const counts = countActions(plans);
  const parts = [...counts.entries()].filter(([action]) => action !== 'skip').map(([action, count]) => `${count} ${action}`);
  const skipped = counts.get('skip') ? ` (${counts.get('skip')} non-SWF resources skipped)` : '';
  const verdict = ['no changes', 'errors', 'changes'][planExitCode(plans)];
  const retiring = countRetirements(plans);
  return `Plan: ${parts.join(', ') || 'nothing'}${skipped}${retiring ? `; pending retirements: ${retiring}` : ''}: ${verdict}`;
}

/** The pending retirements of a stack, after its resource table; nothing when there are none. */
function renderRetirements(retirements: StackRetirements): string[] {
  if (retirements.unreadable) return [`  ${retirements.unreadable}`];
  if (retirements.pending.length === 0) return [];
  const table = new Table({ head: ['Pending retirement', 'Status'], style: { head: [], border: [] }, wordWrap: true });
  for (const r of retirements.pending) table.push([r.physicalId, `${retirementLabel(r)}: ${r.reason}`]);
  return [`  Pending retirements in ${retirements.source}: replaced or removed types, deprecated once nothing open can use them`, table.toString()];
}

/** `retire` for a due one (the pass deprecates it), else the status. */
function retirementLabel(r: PendingRetirement): string {
  return r.status === 'due' ? 'retire' : r.status;
}

/** `1 retire, 2 waiting`, or '' when no stack has any. */
function countRetirements(plans: readonly StackPlan[]): string {
  const counts = new Map<string, number>();
  for (const r of plans.flatMap((plan) => plan.retirements?.pending ?? [])) counts.set(retirementLabel(r), (counts.get(retirementLabel(r)) ?? 0) + 1);
  return [...counts.entries()].map(([label, count]) => `${count} ${label}`).join(', ');
}

function details(r: ResourcePlan): string {
  const lines: string[] = [];
  if (r.message) lines.push(r.message);
  for (const d of r.differences) lines.push(`${d.attribute}: ours ${show(d.ours)} vs SWF's ${show(d.theirs)}`);
  if (r.replacement) {
    // A replaced type is retired (deprecated after its grace period, once nothing open can use it); a domain at once.
    const old = r.replacement.old === 'deprecate' && r.resourceType !== 'Custom::SwfDomain' ? 'retire' : r.replacement.old;
    lines.push(`replaces ${r.previousPhysicalId}: new one: ${r.replacement.arrival}; old one: ${old}`);
  }
  if (r.tagChanges) lines.push(...describeTagChanges(r.tagChanges));
  return lines.join('\n');
}

export function describeTagChanges(changes: TagChanges): string[] {
  return [
    ...changes.added.map((t) => `tag +${t.key}=${show(t.value)}`),
    ...changes.changed.map((t) => `tag ~${t.key}: SWF's ${show(t.theirs)} -> ${show(t.ours)}`),
    ...changes.removed.map((t) => `tag -${t.key} (SWF's ${show(t.value)})`),
  ];
}

function shortType(type: string): string {
  return type.startsWith(SWF_RESOURCE_TYPE_PREFIX) ? type.slice(SWF_RESOURCE_TYPE_PREFIX.length) : type;
}
