import type { SSMClient } from '@aws-sdk/client-ssm';
import type { RetirementRecord } from '../../lambda/swf-resource/engine';
import { graceEndsAt as graceEndsAtMs } from '../../lambda/swf-resource/retirement/records';
import { SWF_RESOURCE_TYPES } from '../common/swf-resources';
import { RETIREMENT_PATH_VARIABLE } from '../common/type-retirement';
import type { SwfResourceHandler } from './handler';
import type { PlanAction, ResourcePlan } from './planner';
import type { CfnTemplate } from './template';
import type { TypeStatusListing } from './type-listing';

/**
 * What `cdk-swf plan` shows of a stack's pending retirements (type versions a deploy replaced or removed, waiting for
 * the retirement pass): read-only, with the pass's own rule (the handler's `checkRetirement`).
 */

/**
 * due: the next retirement pass deprecates it (a change); waiting: not yet; cancelled: the type is back in the app,
 * the next deploy forgets the record; forgotten: SWF has it deprecated or not at all already, the next pass forgets
 * the record; error: SWF could not answer.
 */
export type RetirementStatus = 'due' | 'waiting' | 'cancelled' | 'forgotten' | 'error';

export interface PendingRetirement {
  readonly physicalId: string;
  readonly resourceType: string;
  readonly status: RetirementStatus;
  /** The words plan prints after the status. */
  readonly reason: string;
  /** When the type was replaced or removed (ISO 8601). */
  readonly replacedAt: string;
  /** When its grace period ends (ISO 8601). */
  readonly graceEndsAt: string;
  /** The open executions that keep it waiting once the grace period is over. */
  readonly openExecutions?: number;
}

export interface StackRetirements {
  /** Where the records were read: `the state file`, `SSM parameters under <path>`. */
  readonly source: string;
  readonly pending: readonly PendingRetirement[];
  /** Why the records could not be read (then `pending` is empty): one line, with what to do. */
  readonly unreadable?: string;
}

/** Where a stack keeps its pending retirements. */
export type RetirementRecordSource =
  | { readonly kind: 'state'; readonly file: string; readonly records: readonly RetirementRecord[] }
  | { readonly kind: 'ssm'; readonly path: string; readonly ssm: SSMClient };

export interface CheckRetirementsOptions {
  readonly source: RetirementRecordSource;
  /** The stack's plan: a record whose type the app wants again is cancelled by the next deploy. */
  readonly resources: readonly ResourcePlan[];
  readonly handler: SwfResourceHandler;
  /** Tells a type already deprecated (or gone) in SWF. @default - not checked */
  readonly typeListing?: TypeStatusListing;
  /** The resource whose SWF call failed while planning the stack: then nothing is checked. @default - none */
  readonly swfFailure?: string;
}

/** Actions that send the type a Create: the handler then forgets its pending retirement. */
const BRINGS_BACK: readonly PlanAction[] = ['create', 'adopt', 'undeprecate', 'replace'];
/** Actions that leave a type the stack declares as it is. */
const STILL_DECLARES: readonly PlanAction[] = ['no change', 'update tags', 'drift'];

/** Reads a stack's pending retirements and checks each one as the retirement pass would now. Writes nothing. */
export async function checkPendingRetirements(options: CheckRetirementsOptions): Promise<StackRetirements> {
  const { source } = options;
  const description = source.kind === 'state' ? 'the state file' : `SSM parameters under ${source.path}`;
  let records: readonly RetirementRecord[];
  try {
    records = source.kind === 'state' ? source.records : await readSsmRecords(source.ssm, source.path);
  } catch (error) {
    return { source: description, pending: [], unreadable: describeSsmFailure(error, source.kind === 'ssm' ? source.path : '') };
  }
  const deprecatedBy = source.kind === 'state' ? 'the retirement pass of the next cdk-swf apply deprecates it' : 'the next retirement pass deprecates it';
  const wanted = new Set(options.resources.filter((r) => BRINGS_BACK.includes(r.action)).map((r) => r.physicalId));
  // Declared and left as it is (a record left by an older cdk-swf, or by a rename): the pass keeps it registered.
  const declaredBy = new Map(options.resources.filter((r) => STILL_DECLARES.includes(r.action)).map((r) => [r.physicalId, r.logicalId]));
  const pending: PendingRetirement[] = [];
  // After SWF itself failed (unreachable, access denied, out of retries), the others are not checked.
  let failed = options.swfFailure;
  for (const record of [...records].sort((a, b) => a.physicalId.localeCompare(b.physicalId))) {
    const checked = failed
      ? { ...baseOf(record), status: 'error' as const, reason: `not checked: SWF failed for ${failed} (see its line)` }
      : await checkOne(record, wanted, declaredBy, deprecatedBy, options);
    if (checked.status === 'error') failed ??= record.physicalId;
    pending.push(checked);
  }
  return { source: description, pending };
}

async function checkOne(
  record: RetirementRecord,
  wanted: ReadonlySet<string | undefined>,
  declaredBy: ReadonlyMap<string | undefined, string>,
  deprecatedBy: string,
  options: CheckRetirementsOptions,
): Promise<PendingRetirement> {
  const base = baseOf(record);
  if (wanted.has(record.physicalId)) {
    return { ...base, status: 'cancelled', reason: 'back in the app: the next deploy keeps it registered and forgets the record' };
  }
  const declarer = declaredBy.get(record.physicalId);
  if (declarer) {
    return { ...base, status: 'forgotten', reason: `still declared by ${declarer}: kept registered; the next retirement pass forgets the record` };
  }
  try {
    const status = await options.typeListing?.statusOf(record.kind, record.domain, record.name, record.version);
    if (options.typeListing && status !== 'REGISTERED') {
      const what = status === 'DEPRECATED' ? 'already deprecated in SWF' : 'not in SWF';
      return { ...base, status: 'forgotten', reason: `${what}: the next retirement pass forgets the record` };
    }
    const evaluation = await options.handler.checkRetirement(record);
    if (evaluation.verdict === 'due') return { ...base, status: 'due', reason: `due now, ${deprecatedBy}` };
    return { ...base, status: 'waiting', reason: evaluation.reason, openExecutions: evaluation.openExecutions };
  } catch (error) {
    return { ...base, status: 'error', reason: `could not check it: ${(error as Error).message}` };
  }
}

function baseOf(record: RetirementRecord) {
  const graceEndsAt = new Date(graceEndsAtMs(record)).toISOString();
  return { physicalId: record.physicalId, resourceType: SWF_RESOURCE_TYPES[record.kind], replacedAt: record.replacedAt, graceEndsAt };
}

/**
 * The SSM parameter path the stack's handler Lambda keeps its pending retirements under, as the deployed template
 * sets it (CDK_SWF_RETIREMENT_PARAMETER_PATH); undefined for a stack deployed by a cdk-swf that deprecated at once.
 */
export function retirementPathOf(template: CfnTemplate): string | undefined {
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const environment = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    const path = environment?.[RETIREMENT_PATH_VARIABLE];
    if (typeof path === 'string' && path.startsWith('/')) return path.replace(/\/+$/, '');
  }
  return undefined;
}

/** The records as the Lambda wrote them, parsed by the Lambda's own store (loaded only when a stack needs it). */
async function readSsmRecords(ssm: SSMClient, path: string): Promise<RetirementRecord[]> {
  const { SsmRetirementStore } = await import('../../lambda/swf-resource/retirement/ssm-store');
  return new SsmRetirementStore(ssm, path).list();
}

function describeSsmFailure(error: unknown, path: string): string {
  const err = error as Error;
  const name = err.name ?? 'Error';
  const hint = /AccessDenied|not authorized/i.test(`${name} ${err.message}`)
    ? `allow ssm:GetParametersByPath on the parameter ${path}`
    : /credential/i.test(err.message ?? '')
      ? 'configure AWS credentials (--profile, AWS_PROFILE)'
      : 'check AWS_ENDPOINT_URL_SSM / --region and retry';
  return `pending retirements not read: SSM GetParametersByPath ${path} failed: ${name}: ${err.message}: ${hint}`;
}
