import type { SWFClient } from '@aws-sdk/client-swf';
import { AwsFlags, swfClientFromFlags } from '../cli/aws-options';
import { CliError, FaultContext, humanMessage } from './errors';

/**
 * Runs one CLI action against SWF: builds the client from the connection flags, turns any failure into a
 * `CliError` with a human message (see ./errors), and always releases the client's sockets.
 */
export async function withSwf<T>(flags: AwsFlags, context: FaultContext, work: (swf: SWFClient) => Promise<T>): Promise<T> {
  const endpoint = flags.endpointUrl ?? process.env.AWS_ENDPOINT_URL_SWF ?? process.env.AWS_ENDPOINT_URL;
  const swf = swfClientFromFlags(flags);
  try {
    return await work(swf);
  } catch (error) {
    throw new CliError(humanMessage(error, { endpoint, ...context }));
  } finally {
    swf.destroy();
  }
}
