/**
 * plan, apply and import given a wrong endpoint or a wrong path: one line saying what is wrong and what to do, at
 * once (before any retry budget runs out or any SWF read is done), through `main(argv)` as bin/cdk-swf.ts runs it.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ListDomainsCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwfClient } from '../../lib/common/swf-client';
import { withSwfRetries } from '../../lib/deploy/swf-retry';
import { runCli, useLocalAwsEnvironment } from '../cli/support/run-cli';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { cleanupTemporaryDirectories, exampleApp, temporaryDirectory } from './support';

let local: StartedLocalSwf;
let throttled: StartedLocalSwf;
let refused: string;
let assembly: string;

/** An endpoint nothing listens on: a port the OS just handed out and that was closed again. */
async function refusedEndpoint(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  useLocalAwsEnvironment();
  local = await startLocalSwf();
  throttled = await startLocalSwf({ faults: { throttleRate: 1, operations: ['ListDomains'] } });
  refused = await refusedEndpoint();
  assembly = exampleApp();
});

afterAll(async () => {
  await local?.stop();
  await throttled?.stop();
  cleanupTemporaryDirectories();
});

const refusedLine = () => `cdk-swf: cannot reach SWF at ${refused}: connection refused (is swf-local running, and is --endpoint-url right?)\n`;

describe('an SWF endpoint that cannot be reached', () => {
  // Before: plan printed a table of 13 errors after 12 s, apply its ✗ lines after 18 s, import this line after 57 s.
  it('plan stops with the one line `types list` gives', async () => {
    const listed = await runCli('types', 'list', '--domain', 'any', '--endpoint-url', refused);
    expect(listed).toEqual({ code: 1, stdout: '', stderr: refusedLine() });
    const state = path.join(temporaryDirectory('unreachable'), 'state.json');
    expect(await runCli('plan', '--app', assembly, '--state', state, '--endpoint-url', refused)).toEqual({ code: 1, stdout: '', stderr: refusedLine() });
  }, 15_000);

  it('apply stops with that line, changing nothing', async () => {
    const cwd = temporaryDirectory('unreachable');
    const state = path.join(cwd, 'state.json');
    expect(await runCli('apply', '--app', assembly, '--state', state, '--endpoint-url', refused)).toEqual({ code: 1, stdout: '', stderr: refusedLine() });
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 15_000);

  it('import stops with that line', async () => {
    expect(await runCli('import', '--domain', 'orders', '--endpoint-url', refused)).toEqual({ code: 1, stdout: '', stderr: refusedLine() });
  }, 15_000);

  it('names a host that does not resolve (AWS_ENDPOINT_URL_SWF)', async () => {
    process.env.AWS_ENDPOINT_URL_SWF = 'http://swf.invalid:8099';
    try {
      const state = path.join(temporaryDirectory('unresolved'), 'state.json');
      for (const args of [['plan', '--app', assembly, '--state', state], ['apply', '--app', assembly, '--state', state], ['import', '--domain', 'orders']]) {
        const result = await runCli(...args);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        // ENOTFOUND where DNS answers, EAI_AGAIN where no resolver is reachable.
        expect(result.stderr).toMatch(/^cdk-swf: cannot reach SWF at http:\/\/swf\.invalid:8099: (host not found|host name lookup failed)\n$/);
      }
    } finally {
      delete process.env.AWS_ENDPOINT_URL_SWF;
    }
  }, 30_000);

  it('a refused connection is not retried; throttling still is', async () => {
    const attemptsAgainst = async (endpoint: string) => {
      const swf = createSwfClient({ endpointUrl: endpoint, maxAttempts: 1 });
      let attempts = 0;
      const outcome = await withSwfRetries(() => (attempts++, swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))), 2_000).catch(
        (err: Error) => err,
      );
      swf.destroy();
      return { attempts, name: (outcome as Error).name, code: (outcome as NodeJS.ErrnoException).code };
    };
    expect(await attemptsAgainst(refused)).toEqual({ attempts: 1, name: 'Error', code: 'ECONNREFUSED' });
    const busy = await attemptsAgainst(throttled.server.endpoint);
    expect(busy.name).toBe('ThrottlingException');
    expect(busy.attempts).toBeGreaterThan(1);
  });

  it('plan still runs when SWF answers: the reachability check only stops on a connection failure', async () => {
    const state = path.join(temporaryDirectory('reachable'), 'state.json');
    const result = await runCli('plan', '--app', assembly, '--state', state, '--endpoint-url', local.server.endpoint);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
  });
});

describe('--state that is missing or a directory', () => {
  it('plan names the state file it did not find', async () => {
    const missing = path.join(temporaryDirectory('state'), 'no-such-dir', 'state.json');
    const result = await runCli('plan', '--app', assembly, '--state', missing, '--endpoint-url', local.server.endpoint);
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe(`Stack OrderProcessing (new stack: no state file at ${missing}; CloudFormation not consulted)`);
  });

  it('plan and apply say the state path is a directory, in one line, and leave nothing behind', async () => {
    const parent = temporaryDirectory('state');
    const directory = path.join(parent, 'states');
    fs.mkdirSync(directory);
    const line = `cdk-swf: state file ${directory} is a directory: give --state a file path, e.g. ${path.join(directory, 'state.json')}\n`;
    for (const command of ['plan', 'apply']) {
      expect(await runCli(command, '--app', assembly, '--state', directory, '--endpoint-url', local.server.endpoint)).toEqual({ code: 1, stdout: '', stderr: line });
    }
    expect(fs.readdirSync(parent)).toEqual(['states']);
    expect(fs.readdirSync(directory)).toEqual([]);
  });
});

describe('import --out and --language', () => {
  it('checks the output location before reading SWF', async () => {
    const missing = path.join(temporaryDirectory('out'), 'no-such-dir');
    // The endpoint refuses connections: an answer about the directory shows that SWF was not read first.
    const result = await runCli('import', '--domain', 'orders', '--out', path.join(missing, 'orders.ts'), '--endpoint-url', refused);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `cdk-swf: cannot write --out ${path.join(missing, 'orders.ts')}: directory ${missing} does not exist: create it (mkdir -p ${missing}) or choose another path\n`,
    });
  });

  it('says when --out is a directory', async () => {
    const directory = temporaryDirectory('out');
    const result = await runCli('import', '--domain', 'orders', '--language', 'python', '--out', directory, '--endpoint-url', refused);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `cdk-swf: --out ${directory} is a directory: give a file path in it, e.g. ${path.join(directory, 'stack.py')}\n` });
  });

  it('prints the code instead when writing --out fails after the reads (a full disk: /dev/full)', async () => {
    await local.swf.send(new RegisterDomainCommand({ name: 'full-disk', workflowExecutionRetentionPeriodInDays: '3' }));
    const result = await runCli('import', '--domain', 'full-disk', '--out', '/dev/full', '--endpoint-url', local.server.endpoint);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("domainName: 'full-disk'");
    expect(result.stderr).toBe('cdk-swf: cannot write --out /dev/full (ENOSPC: no space left on device, write): the code is printed on standard output instead\n');
  });

  it('shows the default language as it is typed', async () => {
    const help = await runCli('import', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--language <language> language of the code (typescript, python) (default: "typescript")');
    expect(help.stdout).not.toContain('TYPESCRIPT');
  });
});
