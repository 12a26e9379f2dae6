import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegisterDomainCommand } from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const BIN = join(ROOT, 'bin', 'cdk-swf.ts');

type Local = Awaited<ReturnType<typeof startLocalSwf>>;
let local: Local;
let home: string;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  local = await startLocalSwf();
  await local.swf.send(new RegisterDomainCommand({ name: 'orders', workflowExecutionRetentionPeriodInDays: '1' }));
  home = mkdtempSync(join(tmpdir(), 'cdk-swf-home-'));
});

afterAll(async () => {
  await local?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

/**
 * The environment of a user with no AWS configuration at all (empty HOME, no AWS_* variables, no instance metadata),
 * plus `extra`.
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  return { ...env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
}

function cdkSwf(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [BIN, ...args], { cwd: ROOT, env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const dummyCredentials = { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret', AWS_REGION: 'us-east-1' };

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('cdk-swf as a process', () => {
  it('finds swf-local through AWS_ENDPOINT_URL_SWF and exits 0', async () => {
    const result = await cdkSwf(['domains', 'list', '--json'], cleanEnv({ ...dummyCredentials, AWS_ENDPOINT_URL_SWF: local.server.endpoint }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject([{ name: 'orders', status: 'REGISTERED' }]);
  });

  it('prints one error line and exits 1 when the endpoint refuses connections', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await cdkSwf(['executions', 'list', '--domain', 'orders', '--endpoint-url', url], cleanEnv(dummyCredentials));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`cdk-swf: cannot reach SWF at ${url}: connection refused (is swf-local running, and is --endpoint-url right?)\n`);
  });

  it('says what is missing when there are no credentials or no Region', async () => {
    const endpoint = ['--endpoint-url', local.server.endpoint];
    const noCredentials = await cdkSwf(['domains', 'list', ...endpoint, '--region', 'us-east-1'], cleanEnv({}));
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toMatch(/^cdk-swf: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);

    const { AWS_REGION: _region, ...credentialsOnly } = dummyCredentials;
    const noRegion = await cdkSwf(['domains', 'list', ...endpoint], cleanEnv(credentialsOnly));
    expect(noRegion).toMatchObject({ code: 1, stderr: 'cdk-swf: no AWS Region configured: pass --region or set AWS_REGION (any Region works with swf-local)\n' });
  });
});
