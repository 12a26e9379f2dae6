import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { clip, functionError, functionResult, LambdaInvocation, LambdaOutcome } from './invoker';

/** A function swf-local runs itself: a Node module file and the name of its handler export. */
export interface LocalFunction {
  readonly name: string;
  readonly file: string;
  readonly exportName: string;
}

const MAPPING_HELP = 'give NAME=./handler.js or NAME=./handler.js#exportName';

/** Reads `NAME=./handler.js[#export]` (export defaults to `handler`; the path is relative to `baseDirectory`). */
export function parseLocalFunction(mapping: string, baseDirectory: string = process.cwd()): LocalFunction {
  const equals = mapping.indexOf('=');
  const name = equals > 0 ? mapping.slice(0, equals).trim() : '';
  const target = equals > 0 ? mapping.slice(equals + 1).trim() : '';
  if (!name || !target) throw new Error(`Lambda function "${mapping}": ${MAPPING_HELP}`);
  if (name.length > 64) throw new Error(`Lambda function "${name}": a function name has at most 64 characters`);
  const hash = target.lastIndexOf('#');
  const path = hash >= 0 ? target.slice(0, hash) : target;
  const exportName = hash >= 0 ? target.slice(hash + 1) : 'handler';
  if (!path || !exportName) throw new Error(`Lambda function "${mapping}": ${MAPPING_HELP}`);
  const file = isAbsolute(path) ? path : resolve(baseDirectory, path);
  if (!existsSync(file)) throw new Error(`Lambda function ${name}: no file ${file} (${MAPPING_HELP}, the path relative to ${baseDirectory})`);
  return { name, file, exportName };
}

/**
 * Runs one invocation in a child process, as Lambda's Node.js runtime would: the handler gets the task's input as
 * its event and a context, an async handler's return value (or a callback's) becomes the result as JSON, and a
 * thrown error becomes Lambda's error payload. The child is killed when the invocation is abandoned (timeout).
 */
export function runLocalFunction(fn: LocalFunction, invocation: LambdaInvocation, log: (line: string) => void): Promise<LambdaOutcome> {
  let event: unknown = {};
  if (invocation.input !== undefined && invocation.input !== '') {
    try {
      event = JSON.parse(invocation.input);
    } catch (err) {
      // What Lambda's Invoke answers for a payload that is not JSON.
      return Promise.resolve({
        status: 'failed',
        reason: 'InvalidRequestContentException',
        details: `Could not parse request body into json: ${(err as Error).message}`,
      });
    }
  }
  return new Promise<LambdaOutcome>((done) => {
    const child = spawn(process.execPath, ['-e', RUNTIME], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: fn.name },
    });
    forwardOutput(child, fn.name, log);
    let settled = false;
    const finish = (outcome: LambdaOutcome) => {
      if (settled) return;
      settled = true;
      invocation.signal.removeEventListener('abort', abandon);
      done(outcome);
    };
    const abandon = () => {
      child.kill('SIGKILL');
      finish({ status: 'failed', reason: 'Abandoned', details: 'swf-local stopped waiting for this run' });
    };
    invocation.signal.addEventListener('abort', abandon, { once: true });
    if (invocation.signal.aborted) return abandon();
    child.on('message', (message: { result?: string; error?: string }) => {
      if (message.error !== undefined) finish(functionError(message.error, 'Unhandled'));
      else finish(functionResult(message.result ?? 'null'));
    });
    child.on('close', (code, signal) => {
      const errorMessage = `RequestId: local Error: Runtime exited ${signal ? `with signal: ${signal}` : `with error: exit status ${code}`}`;
      finish(functionError(JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage }), 'Unhandled'));
    });
    child.on('error', (err) => finish({ status: 'failed', reason: 'Runtime.StartError', details: clip(err.message, 32_768) }));
    child.send({ file: fn.file, exportName: fn.exportName, functionName: fn.name, event, remainingMs: invocation.remainingMs });
  });
}

function forwardOutput(child: ChildProcess, name: string, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => log(`[lambda ${name}] ${line}`));
  }
}

/**
 * The child's side (CommonJS, run with `node -e`): loads the handler, calls it once, sends back the result or the
 * error payload in Lambda's shape, and exits.
 */
const RUNTIME = String.raw`
const { pathToFileURL } = require('node:url');
const { randomUUID } = require('node:crypto');
const send = (message) => process.send(message, () => process.exit(0));
// swf-local went away (stopped, or killed): nobody waits for this run any more.
process.on('disconnect', () => process.exit(1));
const errorPayload = (errorType, err) => JSON.stringify({
  errorType,
  errorMessage: err instanceof Error ? err.message : String(err),
  trace: err instanceof Error && err.stack ? err.stack.split('\n') : [],
});
process.once('message', async ({ file, exportName, functionName, event, remainingMs }) => {
  let module;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (err) {
    return send({ error: errorPayload('Runtime.ImportModuleError', err) });
  }
  const handler = module[exportName] ?? (module.default && module.default[exportName]);
  if (typeof handler !== 'function') {
    return send({ error: errorPayload('Runtime.HandlerNotFound', new Error(file + '.' + exportName + ' is undefined or not exported')) });
  }
  const deadline = Date.now() + remainingMs;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    awsRequestId: randomUUID(),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const value = await new Promise((resolve, reject) => {
      const returned = handler(event, context, (err, result) => (err ? reject(err) : resolve(result)));
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    });
    send({ result: JSON.stringify(value === undefined ? null : value) });
  } catch (err) {
    send({ error: errorPayload(err && err.name ? err.name : 'Error', err) });
  }
});
`;
