import type { SWFClient } from '@aws-sdk/client-swf';
import { createSwfClient } from '../../lib/common/swf-client';
import { arnScopeFrom, buildEnvironment, SwfCallOptions } from './environment';
import { HandlerError } from './errors';
import { ArnScope, createResource, deleteResource, ResourceResult, updateResource } from './lifecycle';
import { parseProperties, validateProperties } from './properties';
import { SWF_RESOURCE_TYPES } from '../../lib/common/swf-resources';
import { describeResource, kindOfResourceType } from './spec';
import { parsePhysicalId } from './physical-id';
import type { StackResourcePages } from './stack-api';
import { keepForAnotherDeclarer, stackDeclarations } from './still-declared';
import { DEFAULT_RETIREMENT_GRACE_SECONDS, RETIREMENTS_RESOURCE_TYPE } from '../../lib/common/type-retirement';
import { evaluateRetirement, retireAllNow, RetirementEvaluation, RetirementOutcome, runRetirementPass } from './retirement/pass';
import type { RetirementRecord, RetirementStore } from './retirement/records';

/** The part of a CloudFormation custom-resource event (as the Provider framework passes it to onEvent) we read. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly ResourceProperties?: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly PhysicalResourceId?: string;
  readonly LogicalResourceId?: string;
  readonly ServiceToken?: string;
  readonly StackId?: string;
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
  /** Where pending retirements of deleted types are kept. @default - none: a deleted type is deprecated at once */
  readonly retirements?: RetirementStore;
  /** The wall clock of retirement decisions (tests move it). @default Date.now */
  readonly now?: () => number;
  /**
   * The event's stack, read before a Delete: another logical id that declares the same SWF resource (a renamed
   * construct) keeps it registered. @default - not read: a Delete retires or deprecates as it is told
   */
  readonly stackResources?: StackResourcePages;
  /**
   * The stack whose resources the retirement pass reads (with `stackResources`) before deprecating a type: one the
   * stack still declares is forgotten instead. @default - not read
   */
  readonly stackId?: string;
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

/** The grace period the deleted type was deployed with; the default when it set none or cannot be read. */
function graceSecondsOf(event: CustomResourceEvent): number {
  const spec = validateProperties(event.ResourceType, event.ResourceProperties).spec;
  const grace = spec && spec.kind !== 'domain' ? spec.retirementGracePeriod : undefined;
  return grace === undefined ? DEFAULT_RETIREMENT_GRACE_SECONDS : Number(grace);
}

/**
 * The retirement pass (retirement/pass.ts) over `store`: deprecates the deleted types nothing can use any more.
 * The Lambda runs it on a schedule; `cdk-swf apply` at its end.
 */
export async function runRetirement(store: RetirementStore, options: HandlerOptions = {}, context?: LambdaContextLike): Promise<RetirementOutcome[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = buildEnvironment(options.swf ?? sharedClient(), { ...options, log }, context?.getRemainingTimeInMillis?.(), undefined, options.stackResources);
  const declaredBy = env.stack && options.stackId ? stackDeclarations(env.stack, options.stackId) : undefined;
  return runRetirementPass(store, { api: env.api, log, now: options.now ?? env.now, declaredBy });
}

/**
 * What the retirement pass would decide for one record now (due, or waiting and why), changing nothing: the same
 * rule and SWF calls as the pass, for `cdk-swf plan`. Throws the SWF failure when SWF cannot answer.
 */
export async function checkRetirement(record: RetirementRecord, options: HandlerOptions = {}): Promise<RetirementEvaluation> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = buildEnvironment(options.swf ?? sharedClient(), { ...options, log }, undefined, undefined);
  return evaluateRetirement(record, { api: env.api, now: options.now ?? env.now });
}

/** The stack's retirements resource: nothing to do until the stack is deleted; then every pending type goes at once. */
async function dispatchRetirements(event: CustomResourceEvent, context: LambdaContextLike | undefined, options: HandlerOptions): Promise<ResourceResult> {
  const result = { PhysicalResourceId: event.PhysicalResourceId ?? 'cdk-swf-retirements', Data: {} };
  if (event.RequestType !== 'Delete' || !options.retirements) return result;
  const env = buildEnvironment(options.swf ?? sharedClient(), options, context?.getRemainingTimeInMillis?.(), undefined);
  await retireAllNow(options.retirements, { api: env.api, log: options.log ?? console.log, now: options.now ?? env.now });
  return result;
}

async function dispatch(event: CustomResourceEvent, context: LambdaContextLike | undefined, options: HandlerOptions): Promise<ResourceResult> {
  if (event.ResourceType === RETIREMENTS_RESOURCE_TYPE) return dispatchRetirements(event, context, options);
  const kind = kindOfResourceType(event.ResourceType);
  if (!kind) {
    throw new HandlerError(`unknown resource type '${event.ResourceType}': this handler serves ${Object.values(SWF_RESOURCE_TYPES).join(', ')}`);
  }
  const swf = options.swf ?? sharedClient();
  const remainingMs = context?.getRemainingTimeInMillis?.();
  const arnScope = options.arnScope ?? (await arnScopeFrom(context?.invokedFunctionArn ?? event.ServiceToken, swf));
  const env = { ...buildEnvironment(swf, options, remainingMs, arnScope, options.stackResources), retirements: options.retirements, ...(options.now ? { now: options.now } : {}) };

  switch (event.RequestType) {
    case 'Create':
      return createResource(parseProperties(event.ResourceType, event.ResourceProperties), env);
    case 'Update': {
      const spec = parseProperties(event.ResourceType, event.ResourceProperties);
      // Old properties were valid when they were deployed; if today's rules reject them, compare with SWF instead.
      const previous = validateProperties(event.ResourceType, event.OldResourceProperties).spec;
      return updateResource(spec, previous, event.PhysicalResourceId, env);
    }
    case 'Delete': {
      const identity = parsePhysicalId(kind, event.PhysicalResourceId);
      if (identity && (await keepForAnotherDeclarer(event, env.stack, describeResource(identity), env.log))) {
        return { PhysicalResourceId: event.PhysicalResourceId ?? '', Data: {} };
      }
      const outcome = await deleteResource(kind, event.PhysicalResourceId, env, graceSecondsOf(event));
      const data: Record<string, string> = outcome.action === 'retiring' ? { RetirementGraceEndsAt: outcome.graceEndsAt } : {};
      return { PhysicalResourceId: event.PhysicalResourceId ?? '', Data: data };
    }
    default:
      throw new HandlerError(`unknown request type '${String(event.RequestType)}': expected Create, Update or Delete`);
  }
}
