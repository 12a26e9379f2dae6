import { CustomResourceEvent, handleEvent, LambdaContextLike } from './handler';
import type { ResourceResult } from './lifecycle';

/** The Provider framework's onEvent entry point. */
export function handler(event: CustomResourceEvent, context?: LambdaContextLike): Promise<ResourceResult> {
  return handleEvent(event, context);
}

export { handleEvent } from './handler';
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
