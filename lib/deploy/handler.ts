import type { SWFClient } from '@aws-sdk/client-swf';
import type { Difference, TagChanges } from '../../lambda/swf-resource/compare';
import type { RetirementEvaluation, RetirementOutcome, RetirementRecord, RetirementStore } from '../../lambda/swf-resource/engine';

export type { Difference, TagChanges, RetirementEvaluation, RetirementOutcome, RetirementRecord, RetirementStore };

/** The event CloudFormation sends a custom resource's onEvent handler (CDK Provider framework contract). */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ServiceToken: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly PhysicalResourceId?: string;
}

export interface CustomResourceResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, unknown>;
}

/** What SWF holds for a resource's desired properties (lambda/swf-resource `inspectResource`). */
export interface Inspection {
  /** The physical id the resource gets. */
  readonly identity: string;
  readonly state: 'absent' | 'registered' | 'deprecated';
  /** Immutable settings whose value in SWF differs from ours. */
  readonly differences: readonly Difference[];
  /** Domain tags to add, change or remove to match ours. */
  readonly tagChanges?: TagChanges;
}

/** The custom resource handler as plan/apply use it: the same code the Lambda runs. */
export interface SwfResourceHandler {
  /** `retirements`: where a Delete of a type records the pending retirement (the stack's state file for apply). */
  onEvent(event: CustomResourceEvent, retirements?: RetirementStore): Promise<CustomResourceResponse>;
  /** The retirement pass over one stack's pending retirements (the Lambda runs it on a schedule). */
  retire(retirements: RetirementStore): Promise<RetirementOutcome[]>;
  /** What the retirement pass would decide for one pending retirement now, changing nothing (for plan). */
  checkRetirement(record: RetirementRecord): Promise<RetirementEvaluation>;
  inspect(resourceType: string, properties: Record<string, unknown>, swf: SWFClient): Promise<Inspection>;
}

/** ServiceToken of the events `cdk-swf apply` sends: there is no Lambda, the handler runs in this process. */
export const IN_PROCESS_SERVICE_TOKEN = 'cdk-swf:in-process';
