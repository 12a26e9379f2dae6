import { SWFClient } from '@aws-sdk/client-swf';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
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

/** What `startLocalSwf` resolves with: a running swf-local, its client, and `stop()`. */
export type StartedLocalSwf = Awaited<ReturnType<typeof startLocalSwf>>;

/**
 * Starts one swf-local for the enclosing describe block (beforeAll, then `setup` if given) and stops it in afterAll.
 * The returned handle reads `server` and `swf` lazily, so use it inside tests and hooks, not at collection time.
 */
export function useLocalSwf(options: SwfLocalOptions = {}, setup?: (local: LocalSwf) => Promise<void>): LocalSwf {
  let local: StartedLocalSwf | undefined;
  beforeAll(async () => {
    local = await startLocalSwf(options);
    await setup?.(local);
  });
  afterAll(async () => {
    await local?.stop();
    local = undefined;
  });
  return handleFor(() => local, 'useLocalSwf');
}

/**
 * For tests that each start their own swf-local with their own options: `start(options)` starts it (once per test),
 * afterEach stops it. `server` and `swf` read the one the running test started.
 */
export function useLocalSwfPerTest(): LocalSwf & { start(options?: SwfLocalOptions): Promise<StartedLocalSwf> } {
  let local: StartedLocalSwf | undefined;
  afterEach(async () => {
    await local?.stop();
    local = undefined;
  });
  return Object.assign(handleFor(() => local, 'useLocalSwfPerTest'), {
    async start(options: SwfLocalOptions = {}): Promise<StartedLocalSwf> {
      if (local) throw new Error('useLocalSwfPerTest: this test already started swf-local');
      local = await startLocalSwf(options);
      return local;
    },
  });
}

function handleFor(current: () => LocalSwf | undefined, hook: string): LocalSwf {
  const running = (): LocalSwf => {
    const local = current();
    if (!local) throw new Error(`${hook}: swf-local is not running here (use the handle inside tests and hooks)`);
    return local;
  };
  return {
    get server() {
      return running().server;
    },
    get swf() {
      return running().swf;
    },
  };
}

/**
 * What an SDK error for the SWF fault `name` looks like: that name, HTTP 400, and if `message` is given, exactly that
 * message (a string) or one matching it (a RegExp).
 */
export function faultShape(name: string, message?: string | RegExp): Record<string, unknown> {
  return {
    name,
    $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    ...(message === undefined ? {} : { message: typeof message === 'string' ? message : expect.stringMatching(message) }),
  };
}

/** Expects `call` to reject with the SWF fault `name` (HTTP 400), see `faultShape`. */
export async function expectFault(call: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  await expect(call).rejects.toMatchObject(faultShape(name, message));
}
