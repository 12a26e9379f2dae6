import { SWFClient } from '@aws-sdk/client-swf';
import { createSwfClient } from '../../lib/common/swf-client';
import { startSwfLocal, SwfLocal, SwfLocalOptions } from '../../lib/swf-local';

/** Dummy credentials and region: swf-local accepts any signature, the SDK still insists on signing. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };

/** A real SDK client pointed at a swf-local endpoint (the same way users do it, minus the env variable). */
export function clientFor(endpoint: string, maxAttempts = 1): SWFClient {
  const client = createSwfClient({ region: 'us-east-1', endpointUrl: endpoint, maxAttempts });
  client.config.credentials = async () => LOCAL_CREDENTIALS;
  return client;
}

export interface LocalSwf {
  readonly server: SwfLocal;
  readonly swf: SWFClient;
}

/** Starts swf-local on a free port with a client for it; call `stop()` in afterAll/afterEach. */
export async function startLocalSwf(options: SwfLocalOptions = {}): Promise<LocalSwf & { stop(): Promise<void> }> {
  const server = await startSwfLocal({ log: () => undefined, ...options });
  const swf = clientFor(server.endpoint);
  return {
    server,
    swf,
    stop: async () => {
      swf.destroy();
      await server.close();
    },
  };
}
