/**
 * The handler's engine without its Lambda wiring: what `cdk-swf plan/apply` run in-process. It never loads the
 * SSM client (the Lambda keeps pending retirements in SSM; apply keeps them in its state file); only `cdk-swf plan`
 * loads it, to read the pending retirements of a stack `cdk deploy` deployed.
 */
export { handleEvent, runRetirement, checkRetirement } from './handler';
export type { CustomResourceEvent, LambdaContextLike, HandlerOptions } from './handler';
export { inspectResource } from './inspect';
export type { Inspection } from './inspect';
export { parseProperties, validateProperties } from './properties';
export type { PropertyValidation } from './properties';
export type { Difference, TagChanges, ResourceTag } from './compare';
export { HandlerError, InvalidPropertiesError, ConfigurationConflictError, ImmutableChangeError } from './errors';
export type { SwfCallOptions } from './environment';
export type { ResourceResult, ArnScope } from './lifecycle';
export { physicalIdOf, parsePhysicalId, identityOf } from './physical-id';
export type { Identity } from './physical-id';
export { SWF_RESOURCE_TYPES as RESOURCE_TYPES } from '../../lib/common/swf-resources';
export type { ResourceSpec, DomainSpec, WorkflowTypeSpec, ActivityTypeSpec } from './spec';
export type { RetirementRecord, RetirementStore } from './retirement/records';
export type { RetirementOutcome, RetirementAction, RetirementEvaluation } from './retirement/pass';
