import { ListDomainsCommand, SWFClient } from '@aws-sdk/client-swf';
import { unreachableEndpointCode } from '../common/endpoint-unreachable';

/**
 * Plan and apply read state, templates and CloudFormation before their first SWF call, and their SWF calls retry
 * network failures within the handler's budget: an endpoint that is down or misspelled would surface only after
 * seconds, as one error per resource. One cheap read first (ListDomains, one item, read-only) tells at once.
 *
 * Returns the connection error when nothing listens at the endpoint or its host does not resolve. Any answer from
 * SWF, even a refusal (access denied, throttling, 5xx), means it can be reached: the plan goes on and reports it.
 */
export async function unreachableSwfEndpoint(swf: SWFClient): Promise<Error | undefined> {
  try {
    await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', maximumPageSize: 1 }));
    return undefined;
  } catch (error) {
    return unreachableEndpointCode(error) ? (error as Error) : undefined;
  }
}
