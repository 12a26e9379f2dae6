import { LambdaApiInvoker } from './api-invoker';
import { LambdaInvocation, LambdaInvoker, LambdaOutcome } from './invoker';
import { LocalFunction, parseLocalFunction, runLocalFunction } from './local-functions';

export { LambdaInvoker, LambdaInvocation, LambdaOutcome } from './invoker';
export { parseLocalFunction, LocalFunction } from './local-functions';

/** How swf-local runs the Lambda tasks that deciders schedule (ScheduleLambdaFunction). */
export interface LambdaTaskOptions {
  /**
   * Functions run offline, in a child process each run: `NAME=./handler.js` or `NAME=./handler.js#exportName`
   * (paths relative to the working directory; the export defaults to `handler`).
   * @default - none
   */
  readonly functions?: readonly string[];
  /**
   * Run functions not listed in `functions` through Lambda's Invoke API, at the endpoint the AWS SDK resolves for
   * Lambda (AWS_ENDPOINT_URL_LAMBDA for a local emulator, else the Region's endpoint with your credentials).
   * @default - true when AWS_ENDPOINT_URL_LAMBDA is set
   */
  readonly invokeApi?: boolean;
  /** How many Lambda tasks run at once; the others wait (scheduled, not yet started). @default 10 */
  readonly concurrency?: number;
}

/**
 * Builds the invoker from the options, or undefined when swf-local has no way to run a function (then
 * ScheduleLambdaFunction fails with LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION, as in a Region without Lambda).
 * Bad mappings throw a one-line error.
 */
export function createLambdaInvoker(options: LambdaTaskOptions, region: string, log: (line: string) => void): LambdaInvoker | undefined {
  const local = new Map<string, LocalFunction>();
  for (const mapping of options.functions ?? []) {
    const fn = parseLocalFunction(mapping);
    if (local.has(fn.name)) throw new Error(`Lambda function ${fn.name} is mapped twice: give each name once`);
    local.set(fn.name, fn);
  }
  const api = (options.invokeApi ?? Boolean(process.env.AWS_ENDPOINT_URL_LAMBDA)) ? new LambdaApiInvoker(region) : undefined;
  if (local.size === 0 && !api) return undefined;
  const running = new Set<AbortController>();
  return {
    cannotRun: (name) =>
      local.has(name) || api
        ? undefined
        : `Function not found: ${name} (swf-local runs ${[...local.keys()].join(', ')}; map others with --lambda NAME=./handler.js, or set AWS_ENDPOINT_URL_LAMBDA)`,
    invoke: async (invocation: LambdaInvocation): Promise<LambdaOutcome> => {
      const controller = new AbortController();
      const abort = () => controller.abort();
      invocation.signal.addEventListener('abort', abort, { once: true });
      running.add(controller);
      try {
        const run = { ...invocation, signal: controller.signal };
        const fn = local.get(invocation.functionName);
        return await (fn ? runLocalFunction(fn, run, log) : api!.invoke(run));
      } finally {
        running.delete(controller);
        invocation.signal.removeEventListener('abort', abort);
      }
    },
    close: () => {
      for (const controller of running) controller.abort();
      api?.close();
    },
  };
}
