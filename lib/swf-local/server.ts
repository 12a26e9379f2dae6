import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Engine, OperationContext } from './context';
import { internalFailure, serializationError, SwfError, unknownOperation, validationError } from './errors';
import type { Store } from './store';

export const MAX_REQUEST_BYTES = 1024 * 1024;
const TARGET_PREFIXES = ['SimpleWorkflowService.', 'com.amazonaws.swf.service.model.SimpleWorkflowService.'];

/** Runs before every operation (throttling, fault injection). May throw an SwfError or delay. */
export type OperationGate = (operation: string) => void | Promise<void>;

/** The state and operations a request runs against (replaced as a whole when the store must be read back). */
export interface Runtime {
  readonly store: Store;
  readonly engine: Engine;
  /** Settles once everything the request changed or read is on disk (see group-commit.ts). */
  readonly commit: () => Promise<void>;
}

export interface HttpFrontOptions {
  readonly host: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  /** The runtime for a request starting now. */
  readonly runtime: () => Runtime;
  readonly gates: OperationGate[];
  /** How long a client may take to send a request's headers and body. */
  readonly requestReadTimeoutMs: number;
  readonly now: () => number;
  readonly log: (message: string) => void;
}

/** The AWS JSON 1.0 front door: `POST /` with `X-Amz-Target: SimpleWorkflowService.<Operation>`. */
export async function listen(options: HttpFrontOptions): Promise<{ server: Server; port: number }> {
  // A client that sends its headers or body slowly must not hold a connection forever. Node answers 408 and closes;
  // it checks every `connectionsCheckingInterval`. Only reading the request is bounded: long polls answer later.
  const readTimeout = options.requestReadTimeoutMs;
  const server = createServer({ connectionsCheckingInterval: Math.max(10, Math.min(1000, readTimeout / 4)) }, (req, res) => {
    handle(req, res, options).catch((err) => {
      options.log(`swf-local: unexpected error: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) send(res, randomUUID(), 500, internalFailure().toBody());
    });
  });
  server.requestTimeout = readTimeout;
  server.headersTimeout = readTimeout;
  server.keepAliveTimeout = 75_000;
  server.maxConnections = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** A read that shares a failed commit is run again against the state read back; this many times at most. */
const READ_ATTEMPTS = 3;

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpFrontOptions,
): Promise<void> {
  const requestId = randomUUID();
  const body = await readBody(req);
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  let answer: { status: number; payload: unknown };
  for (let attempt = 1; ; attempt++) {
    const runtime = options.runtime();
    const changesBefore = runtime.store.changeCount;
    const outcome = await runOperation(req, body, runtime, abort.signal, options);
    answer = outcome;
    try {
      // Durable before acknowledged: nothing a client has seen succeed may be lost to a crash.
      await runtime.commit();
      break;
    } catch (err) {
      // A request during which nothing changed read state that may include the failed change: it is run again on the
      // state read back from disk, so it answers from exactly what was acknowledged. A long poll open at the failure
      // ends (its wait starts over at the worker's next poll).
      const readOnly = runtime.store.changeCount === changesBefore && !outcome.longPoll;
      if (readOnly && attempt < READ_ATTEMPTS && !abort.signal.aborted) continue;
      // The change is not kept and not visible: the store is read back from disk before the next request runs.
      options.log(`swf-local: journal write failed, the request's change was dropped: ${(err as Error).message}`);
      const message = (err as Error).message.startsWith('State could not be persisted') ? (err as Error).message : 'State could not be persisted';
      answer = { status: 500, payload: internalFailure(message).toBody() };
      break;
    }
  }
  send(res, requestId, answer.status, answer.payload);
}

/** Runs the request's operation; an error becomes its answer. */
async function runOperation(
  req: IncomingMessage,
  body: Buffer | undefined,
  { store, engine }: Runtime,
  signal: AbortSignal,
  options: HttpFrontOptions,
): Promise<{ status: number; payload: unknown; longPoll: boolean }> {
  let longPoll = false;
  try {
    const operationName = parseTarget(req);
    const operation = Object.prototype.hasOwnProperty.call(engine.operations, operationName)
      ? engine.operations[operationName]
      : undefined;
    if (!operation) throw unknownOperation(String(req.headers['x-amz-target'] ?? ''));
    longPoll = operationName.startsWith('Poll');
    if (body === undefined) throw validationError(`Request body exceeds the maximum size of ${MAX_REQUEST_BYTES} bytes`);
    const input = parseInput(body);
    for (const gate of options.gates) await gate(operationName);
    const ctx: OperationContext = { store, now: options.now, region: options.region, accountId: options.accountId, signal };
    return { status: 200, payload: (await operation(input, ctx)) ?? {}, longPoll };
  } catch (err) {
    const error = err instanceof SwfError ? err : internalFailure();
    if (!(err instanceof SwfError)) options.log(`swf-local: ${(err as Error).stack ?? err}`);
    return { status: error.statusCode, payload: error.toBody(), longPoll };
  }
}

function parseTarget(req: IncomingMessage): string {
  if (req.method !== 'POST') throw unknownOperation(`${req.method} ${req.url}`);
  const target = String(req.headers['x-amz-target'] ?? '');
  for (const prefix of TARGET_PREFIXES) {
    if (target.startsWith(prefix)) return target.slice(prefix.length);
  }
  throw unknownOperation(target);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function parseInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    // Decoding leniently would store U+FFFD in place of the bad bytes: a name the client never sent.
    throw serializationError('Request body is not valid UTF-8');
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw serializationError('Request body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw serializationError('Request body must be a JSON object');
  }
  // JSON can spell a lone UTF-16 surrogate as an escape (\ud800): not a Unicode character, so no UTF-8 encodes it.
  if (holdsLoneSurrogate(input)) throw serializationError('Request body is not valid UTF-8 (it escapes a lone surrogate, such as \\ud800)');
  return input as Record<string, unknown>;
}

/** In a `u` regular expression a surrogate pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Surrogate}/u;

function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || holdsLoneSurrogate(item));
}

/** Reads the body; `undefined` when it is over the limit (the rest is drained, never buffered). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, requestId: string, status: number, payload: unknown): void {
  if (res.destroyed) return;
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  });
  res.end(body);
}
