import type { SWFClient } from '@aws-sdk/client-swf';
import { AwsFlags, swfClientFromFlags } from '../cli/aws-options';
import { CliError, FaultContext, humanMessage } from './errors';

/**
 * Runs one CLI action against SWF: builds the client from the connection flags, turns any failure into a
 * `CliError` with a human message (see ./errors), and always releases the client's sockets.
 */
export async function withSwf<T>(flags: AwsFlags, context: FaultContext, work: (swf: SWFClient) => Promise<T>): Promise<T> {
  const endpoint = checkedEndpoint(flags);
  const swf = swfClientFromFlags(flags);
  try {
    return await work(swf);
  } catch (error) {
    throw new CliError(humanMessage(error, { endpoint, ...context }));
  } finally {
    swf.destroy();
  }
}

/** The endpoint override in force, if any; a malformed one is reported up front (the SDK's own error says little). */
export function checkedEndpoint(flags: AwsFlags): string | undefined {
  const sources: Array<[string, string | undefined]> = [
    ['--endpoint-url', flags.endpointUrl],
    ['AWS_ENDPOINT_URL_SWF', process.env.AWS_ENDPOINT_URL_SWF],
    ['AWS_ENDPOINT_URL', process.env.AWS_ENDPOINT_URL],
  ];
  const [source, value] = sources.find(([, v]) => v !== undefined && v !== '') ?? [];
  if (value === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new CliError(`invalid ${source} '${value}': use a full URL such as http://127.0.0.1:8099`);
  }
  return value;
}
