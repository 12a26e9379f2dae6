import { Agent, request } from 'node:http';

/**
 * Raw AWS JSON 1.0 calls, for what the SDK cannot send (malformed bodies, odd headers) and for bulk set-up where the
 * SDK's per-call signing would dominate the test's run time. Assertions about behaviour go through the real SDK.
 * scripts/bench-swf-local.ts imports it too (its raw-HTTP figures), so it stays free of vitest.
 */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly json: Record<string, unknown>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function rawCall(endpoint: string, operation: string, body: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const data = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      endpoint,
      {
        method: 'POST',
        agent,
        headers: {
          'X-Amz-Target': `SimpleWorkflowService.${operation}`,
          'Content-Type': 'application/x-amz-json-1.0',
          'Content-Length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : {} });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A raw call that fails unless SWF answers 200; `what` names the call in the error. */
export async function rawOk(endpoint: string, operation: string, body: unknown, what = operation): Promise<RawAnswer> {
  const res = await rawCall(endpoint, operation, body);
  if (res.status !== 200) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res;
}

/** Runs `count` raw calls, `concurrency` at a time, and fails on the first non-200 answer. */
export async function rawBulk(
  endpoint: string,
  operation: string,
  count: number,
  bodyFor: (index: number) => unknown,
  concurrency = 32,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await rawOk(endpoint, operation, bodyFor(index), `${operation} #${index}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
