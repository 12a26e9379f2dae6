import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface LocalProcess {
  readonly child: ChildProcess;
  readonly endpoint: string;
  /** Everything printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/** Runs `cdk-swf <args>` from source (node + tsx), the way `npx cdk-swf` runs in this repo. */
export function runCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'cdk-swf.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => text, exited };
}

/** Starts `cdk-swf local` and waits until it prints its endpoint. */
export async function startLocalProcess(args: string[], timeoutMs = 20_000): Promise<LocalProcess> {
  const run = runCli(['local', '--port', '0', ...args]);
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cdk-swf local did not start in time:\n${run.output()}`)), timeoutMs);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(run.output());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    run.child.stdout!.on('data', check);
    run.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`cdk-swf local exited (${code}) before listening:\n${run.output()}`));
    });
  });
  return { ...run, endpoint };
}
