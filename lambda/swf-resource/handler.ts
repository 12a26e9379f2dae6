import type { SWFClient } from '@aws-sdk/client-swf';
import { createSwfClient } from '../../lib/common/swf-client';
import { arnScopeFrom, buildEnvironment, SwfCallOptions } from './environment';
import { HandlerError } from './errors';
import { ArnScope, createResource, deleteResource, ResourceResult, updateResource } from './lifecycle';
import { parseProperties, validateProperties } from './properties';
import { SWF_RESOURCE_TYPES } from '../../lib/common/swf-resources';
import { kindOfResourceType } from './spec';

/** The part of a CloudFormation custom-resource event (as the Provider framework passes it to onEvent) we read. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly ResourceProperties?: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly PhysicalResourceId?: string;
  readonly LogicalResourceId?: string;
  readonly ServiceToken?: string;
}

/** The part of the Lambda context we read. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?(): number;
  readonly invokedFunctionArn?: string;
}

export interface HandlerOptions extends SwfCallOptions {
  /** @default - createSwfClient() (AWS_REGION, AWS_ENDPOINT_URL_SWF, ... from the environment) */
  readonly swf?: SWFClient;
  /**
   * Partition, Region and account of the domains, to write a domain's ARN without asking SWF.
   * @default - read from the Lambda context or the event's ServiceToken; else DescribeDomain is asked
   */
  readonly arnScope?: ArnScope;
}

let defaultClient: SWFClient | undefined;

/** Our retry loop knows the Lambda's deadline, so the SDK does not retry on its own. */
function sharedClient(): SWFClient {
  return (defaultClient ??= createSwfClient({ maxAttempts: 1 }));
}

/**
 * Handles one custom-resource event: returns `{ PhysicalResourceId, Data }` or throws an Error whose one-line message
 * CloudFormation shows.
 */
export async function handleEvent(event: CustomResourceEvent, context?: LambdaContextLike, options: HandlerOptions = {}): Promise<ResourceResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  log(`${event.RequestType} ${event.ResourceType} ${event.LogicalResourceId ?? ''} physicalId=${JSON.stringify(event.PhysicalResourceId ?? null)}`);
  try {
    return await dispatch(event, context, { ...options, log });
  } catch (error) {
    if (error instanceof HandlerError) {
      log(`failed: ${error.message}`);
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    log(`failed unexpectedly: ${error instanceof Error ? error.stack : message}`);
    throw new HandlerError(`the SWF resource handler failed unexpectedly (${message.replace(/\s+/g, ' ')}): retry, and report it if it persists`);
  }
}

async function dispatch(event: CustomResourceEvent, context: LambdaContextLike | undefined, options: HandlerOptions): Promise<ResourceResult> {
  const kind = kindOfResourceType(event.ResourceType);
  if (!kind) {
    throw new HandlerError(`unknown resource type '${event.ResourceType}': this handler serves ${Object.values(SWF_RESOURCE_TYPES).join(', ')}`);
  }
  const swf = options.swf ?? sharedClient();
  const remainingMs = context?.getRemainingTimeInMillis?.();
  const arnScope = options.arnScope ?? (await arnScopeFrom(context?.invokedFunctionArn ?? event.ServiceToken, swf));
  const env = buildEnvironment(swf, options, remainingMs, arnScope);

  switch (event.RequestType) {
    case 'Create':
      return createResource(parseProperties(event.ResourceType, event.ResourceProperties), env);
    case 'Update': {
      const spec = parseProperties(event.ResourceType, event.ResourceProperties);
      // Old properties were valid when they were deployed; if today's rules reject them, compare with SWF instead.
      const previous = validateProperties(event.ResourceType, event.OldResourceProperties).spec;
      return updateResource(spec, previous, event.PhysicalResourceId, env);
    }
    case 'Delete':
      await deleteResource(kind, event.PhysicalResourceId, env);
      return { PhysicalResourceId: event.PhysicalResourceId ?? '', Data: {} };
    default:
      throw new HandlerError(`unknown request type '${String(event.RequestType)}': expected Create, Update or Delete`);
  }
}
