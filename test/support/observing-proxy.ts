import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * An HTTP pass-through in front of swf-local that reports each SWF call once it has been handed on to swf-local, so a
 * test can wait for "the worker's long poll is now open" instead of sleeping and hoping it is.
 */
export interface ObservingProxy {
  readonly endpoint: string;
  /** Resolves when the `count`-th call of `operation` (counted from the proxy's start) has reached swf-local. */
  forwarded(operation: string, count?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startObservingProxy(target: string): Promise<ObservingProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const waiters: Array<{ operation: string; count: number; resolve: () => void }> = [];
  const seen = (operation: string) => {
    const count = (counts.get(operation) ?? 0) + 1;
    counts.set(operation, count);
    for (const waiter of waiters.filter((w) => w.operation === operation && w.count <= count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const server: Server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    forward.on('finish', () => seen(operation));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded: (operation, count = 1) =>
      new Promise<void>((resolve) => {
        if ((counts.get(operation) ?? 0) >= count) resolve();
        else waiters.push({ operation, count, resolve });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
