import { formatDomainArn } from '../common/swf-resources';

/**
 * Records shared by the control plane and the data plane. Every record is plain JSON (it is journaled as is).
 * Times are epoch milliseconds; the wire format (epoch seconds) is produced at the edge.
 */

export const DOMAINS = 'domains';
export const WORKFLOW_TYPES = 'workflowTypes';
export const ACTIVITY_TYPES = 'activityTypes';

export type RegistrationStatus = 'REGISTERED' | 'DEPRECATED';

export interface ResourceTag {
  key: string;
  value?: string;
}

/** Keyed by domain name in DOMAINS. */
export interface DomainRecord {
  name: string;
  status: RegistrationStatus;
  description?: string;
  /** As registered: days as a string, or "NONE". */
  workflowExecutionRetentionPeriodInDays: string;
  arn: string;
  tags: ResourceTag[];
}

export type TypeKind = 'workflow' | 'activity';

/** Keyed by typeKey(domain, name, version) in WORKFLOW_TYPES / ACTIVITY_TYPES. */
export interface TypeRecord {
  kind: TypeKind;
  domain: string;
  name: string;
  version: string;
  status: RegistrationStatus;
  description?: string;
  creationDate: number;
  deprecationDate?: number;
  /**
   * Exactly SWF's `WorkflowTypeConfiguration` / `ActivityTypeConfiguration` shape as DescribeXxxType returns it
   * (e.g. `{ defaultTaskList: { name }, defaultTaskStartToCloseTimeout: "30" }`), unset members absent.
   */
  configuration: Record<string, unknown>;
}

export function typeKey(domain: string, name: string, version: string): string {
  return JSON.stringify([domain, name, version]);
}

export function typeCollection(kind: TypeKind): string {
  return kind === 'workflow' ? WORKFLOW_TYPES : ACTIVITY_TYPES;
}

export function domainArn(region: string, accountId: string, name: string): string {
  return formatDomainArn({ partition: 'aws', region, account: accountId }, name);
}

/** SWF's wire format for timestamps: epoch seconds, with milliseconds as a fraction. */
export function toEpochSeconds(ms: number): number {
  return ms / 1000;
}
