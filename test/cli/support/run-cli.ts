import { main } from '../../../lib/cli/main';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Dummy credentials and Region for the SDK, as a user pointing the CLI at swf-local would export them. */
export function useLocalAwsEnvironment(): void {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCAL';
  process.env.AWS_SECRET_ACCESS_KEY = 'local-secret';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL_SWF;
  delete process.env.AWS_ENDPOINT_URL;
}

/**
 * Runs `cdk-swf <args>` in this process, the way bin/cdk-swf.ts does (an error thrown by a command becomes
 * `cdk-swf: <message>` and exit code 1), capturing what it writes to stdout and stderr.
 */
export async function runCli(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(chunk.toString()), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  let code: number;
  try {
    code = await main(['node', 'cdk-swf', ...args]);
  } catch (error) {
    err.push(`cdk-swf: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    process.exitCode = undefined;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs the CLI and parses its `--json` output; fails loudly with the CLI's stderr when it did not succeed. */
export async function runJson<T = unknown>(...args: string[]): Promise<T> {
  const result = await runCli(...args, '--json');
  if (result.code !== 0) throw new Error(`cdk-swf ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
