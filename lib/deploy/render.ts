import { SWF_RESOURCE_TYPE_PREFIX } from '../common/swf-resources';
import Table from 'cli-table3';
import type { TagChanges } from './handler';
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
    out.push(`Stack ${plan.stack.displayName} (state: ${plan.stateFile})`);
    out.push(table.length > 0 ? table.toString() : '  (no SWF resources)');
    if (skipped.length > 0) out.push(`  skipped ${skipped.length} non-SWF resources (deploy them with cdk deploy): ${countByType(skipped.map((r) => r.resourceType))}`);
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
      resources: plan.resources,
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
  return `Plan: ${parts.join(', ') || 'nothing'}${skipped}: ${verdict}`;
}

function details(r: ResourcePlan): string {
  const lines: string[] = [];
  if (r.message) lines.push(r.message);
  for (const d of r.differences) lines.push(`${d.attribute}: ours ${show(d.ours)} vs SWF's ${show(d.theirs)}`);
  if (r.replacement) {
    lines.push(`replaces ${r.previousPhysicalId}: new one: ${r.replacement.arrival}; old one: ${r.replacement.old}`);
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
