import type { TypeKind } from '../spec';

/**
 * A type version waiting to be deprecated: CloudFormation (or `cdk-swf apply`) deleted it, because a new version
 * replaced it or it left the app, and the retirement pass deprecates it once nothing can still use it.
 */
export interface RetirementRecord {
  /** The physical id (`WorkflowType|<domain>|<name>|<version>`), the record's key. */
  readonly physicalId: string;
  readonly kind: TypeKind;
  readonly domain: string;
  readonly name: string;
  readonly version: string;
  /** When the type was replaced or removed (ISO 8601). */
  readonly replacedAt: string;
  /** The grace period that starts then. */
  readonly graceSeconds: number;
}

/** Where pending retirements are remembered: SSM parameters for the Lambda, the state file for `cdk-swf apply`. */
export interface RetirementStore {
  list(): Promise<RetirementRecord[]>;
  /** Adds or replaces the record with this physical id. */
  put(record: RetirementRecord): Promise<void>;
  /** Forgets the record with this physical id; nothing happens when there is none. */
  remove(physicalId: string): Promise<void>;
}

/** When the grace period of a record ends (ms since the epoch). */
export function graceEndsAt(record: RetirementRecord): number {
  return Date.parse(record.replacedAt) + record.graceSeconds * 1000;
}

/** A record read back from storage, or undefined when it is not one (hand-edited, or another tool's). */
export function parseRecord(value: unknown): RetirementRecord | undefined {
  const r = value as Partial<RetirementRecord> | null;
  if (typeof r !== 'object' || r === null) return undefined;
  const strings = [r.physicalId, r.domain, r.name, r.version, r.replacedAt].every((v) => typeof v === 'string' && v !== '');
  const kindOk = r.kind === 'workflowType' || r.kind === 'activityType';
  if (!strings || !kindOk || typeof r.graceSeconds !== 'number' || !(r.graceSeconds >= 0) || Number.isNaN(Date.parse(r.replacedAt!))) return undefined;
  return r as RetirementRecord;
}
