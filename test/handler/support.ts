import type { SWFClient } from '@aws-sdk/client-swf';
import { afterAll, beforeAll } from 'vitest';
import { CustomResourceEvent, handleEvent, HandlerOptions } from '../../lambda/swf-resource';
import type { ResourceResult } from '../../lambda/swf-resource';
import { startLocalSwf } from '../support/swf-local';

/** swf-local's default account and Region, as a Provider framework ServiceToken would carry them. */
export const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:123456789012:function:swf-provider-framework-onEvent';
export const ACCOUNT = '123456789012';

export const DOMAIN = 'Custom::SwfDomain';
export const WORKFLOW = 'Custom::SwfWorkflowType';
export const ACTIVITY = 'Custom::SwfActivityType';

type Props = Record<string, unknown>;

export function createEvent(resourceType: string, properties: Props): CustomResourceEvent {
  return {
    RequestType: 'Create',
    ResourceType: resourceType,
    LogicalResourceId: 'Resource',
    ServiceToken: SERVICE_TOKEN,
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...properties },
  };
}

export function updateEvent(resourceType: string, physicalId: string, properties: Props, oldProperties: Props): CustomResourceEvent {
  return {
    ...createEvent(resourceType, properties),
    RequestType: 'Update',
    PhysicalResourceId: physicalId,
    OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...oldProperties },
  };
}

export function deleteEvent(resourceType: string, physicalId: string, properties: Props = {}): CustomResourceEvent {
  return { ...createEvent(resourceType, properties), RequestType: 'Delete', PhysicalResourceId: physicalId };
}

/** Records the name of every operation the client sends (attempts included), e.g. `RegisterDomain`. */
export function recordCalls(swf: SWFClient): string[] {
  const calls: string[] = [];
  swf.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'deserialize', name: `recordCalls${Math.random()}` },
  );
  return calls;
}

/** Runs events through the handler against one client, with short waits and a captured log. */
export function handlerFor(swf: SWFClient, overrides: HandlerOptions = {}) {
  const log: string[] = [];
  const options: HandlerOptions = {
    swf,
    log: (line) => log.push(line),
    backoff: { baseDelayMs: 5, maxDelayMs: 100 },
    consistencyWindowMs: 1_000,
    budgetMs: 30_000,
    ...overrides,
  };
  return {
    log,
    run: (event: CustomResourceEvent): Promise<ResourceResult> => handleEvent(event, undefined, options),
  };
}

/**
 * For a test file: starts swf-local in beforeAll, with a recorder of the operations sent to it (`calls`) and a handler
 * on that client, and stops it in afterAll. What it returns reads through to them: use it inside tests and hooks only.
 */
export function useLocalHandler() {
  let started: { local: Awaited<ReturnType<typeof startLocalSwf>>; calls: string[]; handler: ReturnType<typeof handlerFor> } | undefined;
  beforeAll(async () => {
    const local = await startLocalSwf();
    started = { local, calls: recordCalls(local.swf), handler: handlerFor(local.swf) };
  });
  afterAll(() => started?.local.stop());
  const current = () => {
    if (!started) throw new Error('useLocalHandler: swf-local is only there inside tests and hooks');
    return started;
  };
  return {
    get swf(): SWFClient {
      return current().local.swf;
    },
    get calls(): string[] {
      return current().calls;
    },
    get handler(): ReturnType<typeof handlerFor> {
      return current().handler;
    },
  };
}
