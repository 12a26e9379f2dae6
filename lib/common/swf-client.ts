import { SWFClient } from '@aws-sdk/client-swf';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface SwfClientOptions {
  /** @default - the SDK's resolution (AWS_REGION, profile, ...) */
  readonly region?: string;
  /** Named profile from the shared config files. @default - the SDK's default chain */
  readonly profile?: string;
  /**
   * Endpoint override (for example swf-local). @default - AWS_ENDPOINT_URL_SWF / AWS_ENDPOINT_URL, else AWS
   */
  readonly endpointUrl?: string;
  /** @default 3 */
  readonly maxAttempts?: number;
}

/**
 * Long polls are held for up to 60 s by SWF, so the socket must wait longer than that (SWF recommends 70 s).
 */
export const SWF_SOCKET_TIMEOUT_MS = 70_000;

/** An SWF client suited to long polling. Standard AWS environment variables keep working. */
export function createSwfClient(options: SwfClientOptions = {}): SWFClient {
  return new SWFClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 5_000,
      requestTimeout: SWF_SOCKET_TIMEOUT_MS,
      // Long polls hold a socket each: do not let the default agent queue them behind one another.
      httpAgent: { keepAlive: true, maxSockets: 2_000 },
    }),
  });
}
