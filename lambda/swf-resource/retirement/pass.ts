import { SwfCallError, SwfApi } from '../swf-api';
import { describeResource } from '../spec';
import { graceEndsAt, RetirementRecord, RetirementStore } from './records';

/**
 * The retirement pass: deprecates the replaced or removed type versions that nothing can use any more.
 * - A workflow type version: once its grace period has passed and no open execution of that version remains
 *   (an open execution may still continue as new with its own version, or be decided by an old decider).
 * - An activity type version: once its grace period has passed and no open execution in the domain was started
 *   before the grace period ended (conservative: any of those may have been started by old code that schedules
 *   the old version, and SWF cannot say which versions a workflow will schedule).
 * Every other record keeps waiting; a type that is already deprecated or unknown is forgotten.
 * The rule lives in `evaluateRetirement`, which changes nothing: the pass deprecates what it finds due, and
 * `cdk-swf plan` shows what it finds.
 */

export type RetirementAction = 'deprecated' | 'waiting' | 'forgotten';

export interface RetirementOutcome {
  readonly physicalId: string;
  readonly action: RetirementAction;
  /** Why, in words: `grace period ends 2026-11-29T09:00:00.000Z`, `2 open executions of this version`, ... */
  readonly reason: string;
}

/** What the rule says about one record now: due (the pass deprecates it) or waiting, and why. */
export interface RetirementEvaluation {
  readonly physicalId: string;
  readonly verdict: 'due' | 'waiting';
  /** `grace period ends <ISO time>`, `2 open executions of this version`, `grace period over and nothing open can use it`. */
  readonly reason: string;
  /** When the grace period ends (ISO 8601). */
  readonly graceEndsAt: string;
  /** The open executions that keep it waiting once the grace period is over. */
  readonly openExecutions?: number;
}

export interface RetirementPassEnv {
  readonly api: SwfApi;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /**
   * The logical id that declares the record's type in the stack now (the Lambda asks CloudFormation): such a type is
   * in use, and its record is forgotten instead. @default - not asked (`cdk-swf apply` forgets such records itself)
   */
  readonly declaredBy?: (record: RetirementRecord) => Promise<string | undefined>;
}

export async function runRetirementPass(store: RetirementStore, env: RetirementPassEnv): Promise<RetirementOutcome[]> {
  const outcomes: RetirementOutcome[] = [];
  for (const record of await store.list()) {
    const outcome = await retireOne(record, env);
    if (outcome.action !== 'waiting') await store.remove(record.physicalId);
    env.log(`retirement: ${describeResource(record)}: ${outcome.action} (${outcome.reason})`);
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * Deprecates every pending retirement now, whatever its grace period: the stack that recorded them is being deleted
 * (its workers, which import from it, are gone already) and no pass would run any more.
 */
export async function retireAllNow(store: RetirementStore, env: RetirementPassEnv): Promise<RetirementOutcome[]> {
  const outcomes: RetirementOutcome[] = [];
  for (const record of await store.list()) {
    let outcome: RetirementOutcome = { physicalId: record.physicalId, action: 'deprecated', reason: 'the stack is being deleted' };
    try {
      await deprecateRetired(record, env.api);
    } catch (error) {
      if (!isGone(error)) throw error;
      outcome = { ...outcome, action: 'forgotten', reason: `${error.code}: already deprecated or gone` };
    }
    await store.remove(record.physicalId);
    env.log(`retirement: ${describeResource(record)}: ${outcome.action} (${outcome.reason})`);
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * Whether the record is due now, with read-only calls (CountOpenWorkflowExecutions). Throws the SWF failure (a
 * `SwfCallError`) when SWF cannot answer.
 */
export async function evaluateRetirement(record: RetirementRecord, env: Pick<RetirementPassEnv, 'api' | 'now'>): Promise<RetirementEvaluation> {
  const graceEnd = graceEndsAt(record);
  const base = { physicalId: record.physicalId, graceEndsAt: new Date(graceEnd).toISOString() };
  if (env.now() < graceEnd) return { ...base, verdict: 'waiting', reason: `grace period ends ${base.graceEndsAt}` };
  const plural = (open: number) => `${open} open execution${open === 1 ? '' : 's'}`;
  if (record.kind === 'workflowType') {
    const open = await env.api.countOpenExecutions(record.domain, { workflowType: { name: record.name, version: record.version } });
    if (open > 0) return { ...base, verdict: 'waiting', reason: `${plural(open)} of this version`, openExecutions: open };
  } else {
    const open = await env.api.countOpenExecutions(record.domain, { startedBefore: new Date(graceEnd) });
    if (open > 0) return { ...base, verdict: 'waiting', reason: `${plural(open)} in the domain started before the grace period ended`, openExecutions: open };
  }
  return { ...base, verdict: 'due', reason: 'grace period over and nothing open can use it' };
}

/** Deprecates the type of a record the rule found due. */
export async function deprecateRetired(record: RetirementRecord, api: SwfApi): Promise<void> {
  await api.deprecateType(record);
}

async function retireOne(record: RetirementRecord, env: RetirementPassEnv): Promise<RetirementOutcome> {
  const outcome = (action: RetirementAction, reason: string): RetirementOutcome => ({ physicalId: record.physicalId, action, reason });
  try {
    const evaluation = await evaluateRetirement(record, env);
    if (evaluation.verdict === 'waiting') return outcome('waiting', evaluation.reason);
    const holder = await env.declaredBy?.(record);
    if (holder) return outcome('forgotten', `still declared by ${holder}: not retired`);
    await deprecateRetired(record, env.api);
    return outcome('deprecated', evaluation.reason);
  } catch (error) {
    if (isGone(error)) return outcome('forgotten', `${error.code}: already deprecated or gone`);
    // Throttling past the budget, a permission problem (SWF or CloudFormation): the record stays for the next pass.
    return outcome('waiting', `could not check or deprecate it, trying again next pass: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** SWF's answer for a type (or domain) that is deprecated or unknown already: nothing left to retire. */
function isGone(error: unknown): error is SwfCallError {
  return error instanceof SwfCallError && ['TypeDeprecatedFault', 'UnknownResourceFault', 'DomainDeprecatedFault'].includes(error.code);
}
