import { DescribeDomainCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientFor } from '../support/swf-local';
import { runCli, startLocalProcess } from './cli-process';
import { rawCall } from './wire';

function nodeScript(code: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', code],
      { cwd: join(__dirname, '..', '..'), env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...env } },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe.concurrent('cdk-swf local', () => {
  it('starts on 127.0.0.1, says how to point the SDK at it, answers, and stops cleanly on SIGTERM', async () => {
    const local = await startLocalProcess([]);
    const swf = clientFor(local.endpoint);
    try {
      expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(local.output()).toContain(`export AWS_ENDPOINT_URL_SWF=${local.endpoint}`);
      expect(local.output()).toContain('in memory only');
      await swf.send(new RegisterDomainCommand({ name: 'from-cli', workflowExecutionRetentionPeriodInDays: '1' }));
      expect((await swf.send(new DescribeDomainCommand({ name: 'from-cli' }))).domainInfo?.name).toBe('from-cli');
      // Exactly what the printed instructions say: a default SDK client configured only by the environment.
      const listed = await nodeScript(
        "const { SWFClient, ListDomainsCommand } = require('@aws-sdk/client-swf');" +
          "new SWFClient({}).send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))" +
          '.then((r) => console.log(JSON.stringify(r.domainInfos.map((d) => d.name))));',
        { AWS_ENDPOINT_URL_SWF: local.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      );
      expect(JSON.parse(listed)).toEqual(['from-cli']);
    } finally {
      swf.destroy();
      local.child.kill('SIGTERM');
    }
    expect(await local.exited).toBe(0);
    expect(local.output()).toContain('swf-local: stopping');
  });

  it('applies --throttling and the --fault-* flags', async () => {
    const local = await startLocalProcess(['--throttling', '--fault-server-error-rate', '1', '--fault-operations', 'DescribeDomain']);
    try {
      expect(local.output()).toContain("throttling: AWS's per-API quotas");
      const injected = await rawCall(local.endpoint, 'DescribeDomain', { name: 'x' });
      expect(injected.status).toBe(500);
      expect(injected.json.__type).toBe('com.amazon.coral.service#InternalFailure');
      // ListDomains' bucket holds 100 (+6/s): a burst of 160 runs it dry unless the burst takes over 10 s.
      const burst = await Promise.all(
        Array.from({ length: 160 }, () => rawCall(local.endpoint, 'ListDomains', { registrationStatus: 'REGISTERED' })),
      );
      const ok = burst.filter((res) => res.status === 200).length;
      expect(ok).toBeGreaterThanOrEqual(100);
      expect(burst.filter((res) => res.json.__type === 'com.amazon.coral.availability#ThrottlingException')).toHaveLength(160 - ok);
      expect(ok).toBeLessThan(160);
    } finally {
      local.child.kill('SIGINT');
    }
    expect(await local.exited).toBe(0);
  });

  it('documents its default port, 8099', async () => {
    const run = runCli(['local', '--help']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/--port <port>[^-]*\(default:\s+8099\)/);
  });

  it('rejects a bad flag value with a one-line error and exit code 1', async () => {
    const run = runCli(['local', '--fault-throttle-rate', '2']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/--fault-throttle-rate.*expected a number between 0 and 1/);
  });

  it('says what to do when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = runCli(['local', '--port', String(port)]);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`cdk-swf: port ${port} on 127.0.0.1 is already in use: pass --port <n>`);
    } finally {
      blocker.close();
    }
  });
});
