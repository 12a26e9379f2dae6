import type { SWFClient } from '@aws-sdk/client-swf';
import { checkRetirement, handleEvent, inspectResource, runRetirement } from '../../lambda/swf-resource/engine';
import type { SwfResourceHandler } from './handler';

export interface InProcessHandlerOptions {
  /** The client the handler's SWF calls go through (pointed at --endpoint-url / AWS_ENDPOINT_URL_SWF). */
  readonly swf: SWFClient;
  /** Where the handler's one line per SWF call goes. @default - dropped */
  readonly log?: (line: string) => void;
  /**
   * How long one inspection (or retirement check) keeps retrying throttling / 5xx / network failures. Events get the handler's own budget
   * (as in Lambda); a plan should fail in seconds, not minutes, when SWF cannot be reached. @default 20000
   */
  readonly inspectBudgetMs?: number;
  /** The wall clock of retirements: when a type was replaced, and whether its grace period is over. @default Date.now */
  readonly now?: () => number;
}

/** The custom resource handler the Lambda runs, called in this process with the given SWF client. */
export function inProcessHandler(options: InProcessHandlerOptions): SwfResourceHandler {
  const log = options.log ?? (() => undefined);
  return {
    onEvent: (event, retirements) => handleEvent({ ...event }, undefined, { swf: options.swf, log, retirements, now: options.now }),
    retire: (retirements) => runRetirement(retirements, { swf: options.swf, log, now: options.now }),
    checkRetirement: (record) => checkRetirement(record, { swf: options.swf, log, now: options.now, budgetMs: options.inspectBudgetMs ?? 20_000 }),
    inspect: (resourceType, properties, swf) => inspectResource(resourceType, properties, swf, { log, budgetMs: options.inspectBudgetMs ?? 20_000 }),
  };
}
