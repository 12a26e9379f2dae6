import { RegisterDomainCommand, RegisterWorkflowTypeCommand, StartWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { rawBulk } from '../swf-local/wire';

const ROOT = join(__dirname, '..', '..');

let local: StartedLocalSwf | undefined;

beforeAll(async () => {
  local = await startLocalSwf();
  const swf = local.swf;
  await swf.send(new RegisterDomainCommand({ name: 'pipe', workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain: 'pipe',
      name: 'wf',
      version: '1',
      defaultTaskList: { name: 'tl' },
      defaultExecutionStartToCloseTimeout: '600',
      defaultTaskStartToCloseTimeout: '60',
      defaultChildPolicy: 'TERMINATE',
    }),
  );
  await swf.send(new StartWorkflowExecutionCommand({ domain: 'pipe', workflowId: 'long', workflowType: { name: 'wf', version: '1' } }));
  // Far more history than a pipe buffers (64 KB), so the CLI is still writing when the reader goes away.
  await rawBulk(local.server.endpoint, 'SignalWorkflowExecution', 1500, () => ({ domain: 'pipe', workflowId: 'long', signalName: 'poke', input: 'x'.repeat(200) }), 8);
});

afterAll(() => local?.stop());

/** `cdk-swf executions history long --domain pipe <extra>` as a child process, its stdout a pipe this test reads. */
function historyInto(extra: string[]) {
  return spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bin', 'cdk-swf.ts'), 'executions', 'history', 'long', '--domain', 'pipe', ...extra, '--endpoint-url', local!.server.endpoint],
    {
      cwd: ROOT,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

describe('cdk-swf writing into a pipe that closes', () => {
  it('ends quietly, with no EPIPE stack trace, when the reader stops reading (`| head -1`)', async () => {
    const child = historyInto(['--json']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    // Like `head -1`: read the first chunk, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('ends quietly when the reader of --timeline /dev/stdout stops after 10 bytes (`| head -c 10`)', async () => {
    // A shell pipeline, as the user types it: /dev/stdout must be a real pipe (Node gives a child a socket instead).
    const cli = ['node', '--import', 'tsx', join(ROOT, 'bin', 'cdk-swf.ts'), 'executions', 'history', 'long', '--domain', 'pipe'];
    const script = `set -o pipefail; ${cli.join(' ')} --timeline /dev/stdout --endpoint-url ${local!.server.endpoint} | head -c 10`;
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | string>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? -1)));
    // pipefail: the exit code is the CLI's (head exits 0).
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '<svg xmlns', stderr: '' });
  });
});
