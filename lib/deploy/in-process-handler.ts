import type { SWFClient } from '@aws-sdk/client-swf';
import { handleEvent, inspectResource } from '../../lambda/swf-resource';
import type { SwfResourceHandler } from './handler';

export interface InProcessHandlerOptions {
  /** The client the handler's SWF calls go through (pointed at --endpoint-url / AWS_ENDPOINT_URL_SWF). */
  readonly swf: SWFClient;
  /** Where the handler's one line per SWF call goes. @default - dropped */
  readonly log?: (line: string) => void;
  /**
   * How long one inspection keeps retrying throttling / 5xx / network failures. Events get the handler's own budget
   * (as in Lambda); a plan should fail in seconds, not minutes, when SWF cannot be reached. @default 20000
   */
  readonly inspectBudgetMs?: number;
}

/** The custom resource handler the Lambda runs, called in this process with the given SWF client. */
export function inProcessHandler(options: InProcessHandlerOptions): SwfResourceHandler {
  const log = options.log ?? (() => undefined);
  return {
    onEvent: (event) => handleEvent({ ...event }, undefined, { swf: options.swf, log }),
    inspect: (resourceType, properties, swf) => inspectResource(resourceType, properties, swf, { log, budgetMs: options.inspectBudgetMs ?? 20_000 }),
  };
}
