import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSwf, startLocalSwf } from '../support/swf-local';
import { cleanupTemporaryDirectories, exampleApp, temporaryDirectory } from './support';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

let local: LocalSwf & { stop(): Promise<void> };
beforeAll(async () => {
  local = await startLocalSwf();
});
afterAll(async () => {
  await local.stop();
  cleanupTemporaryDirectories();
});

/** Runs `npx tsx bin/cdk-swf.ts ...` in the project as a user would, with dummy credentials for swf-local. */
async function cdkSwf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret', AWS_REGION: 'us-east-1' };
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'bin/cdk-swf.ts', ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('cdk-swf plan / apply as a child process', () => {
  it('exits 2 while there are changes, then applies, then exits 0', async () => {
    const assembly = exampleApp();
    const cwd = temporaryDirectory('cli');
    const connection = ['--app', assembly, '--state', path.join(cwd, 'state.json'), '--endpoint-url', local.server.endpoint];

    const before = await cdkSwf(['plan', ...connection, '--json']);
    expect(before.code).toBe(2);
    const document = JSON.parse(before.stdout);
    expect(document.exitCode).toBe(2);
    expect(document.summary).toMatchObject({ create: 5 });

    const applied = await cdkSwf(['apply', ...connection]);
    expect(applied.stderr).not.toMatch(/cdk-swf:/);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/OrderProcessing: 5 created \(\d+ non-SWF resources skipped\)/);

    const after = await cdkSwf(['plan', ...connection]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Plan: 5 no change \(\d+ non-SWF resources skipped\): no changes/);
  });
});
