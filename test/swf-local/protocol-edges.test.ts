import {
  ListDomainsCommand,
  ListOpenWorkflowExecutionsCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processIdentity } from '../../lib/swf-local/process-identity';
import { expectFault, startLocalSwf, useLocalSwf } from '../support/swf-local';
import { rawCall } from './wire';

/** Sends `text` on a raw connection and resolves with everything the server sends back before it closes. */
function sendRaw(endpoint: string, text: string): Promise<string> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function rawBytes(endpoint: string, operation: string, body: Buffer): Promise<{ status: number; json: { __type?: string; message?: string } }> {
  return fetch(endpoint, {
    method: 'POST',
    headers: { 'X-Amz-Target': `SimpleWorkflowService.${operation}`, 'Content-Type': 'application/x-amz-json-1.0' },
    body,
  }).then(async (res) => ({ status: res.status, json: (await res.json()) as { __type?: string; message?: string } }));
}

describe('swf-local protocol edges', () => {
  const local = useLocalSwf({ requestReadTimeoutMs: 300, longPollTimeoutMs: 1000 });

  it('times out a request body that is sent too slowly (408, connection closed)', async () => {
    const answer = await sendRaw(
      local.server.endpoint,
      'POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: SimpleWorkflowService.ListDomains\r\nContent-Length: 100\r\n\r\n{"registr',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('times out headers that are sent too slowly', async () => {
    expect(await sendRaw(local.server.endpoint, 'POST / HTTP/1.1\r\nHost: x\r\n')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still holds a long poll past the read timeout: only reading the request is bounded', async () => {
    await local.swf.send(new RegisterDomainCommand({ name: 'edges', workflowExecutionRetentionPeriodInDays: '1' }));
    const started = Date.now();
    const polled = await local.swf.send(new PollForActivityTaskCommand({ domain: 'edges', taskList: { name: 'nothing' } }));
    expect(polled.taskToken ?? '').toBe('');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('quotes at most a bounded prefix of a bad value', async () => {
    const answer = await rawCall(local.server.endpoint, 'RegisterDomain', { name: 'n'.repeat(1_000_000), workflowExecutionRetentionPeriodInDays: '1' });
    expect(answer.status).toBe(400);
    const message = String(answer.json.message);
    expect(message).toBe(
      `1 validation error detected: Value '${'n'.repeat(256)}... (999744 more characters)' at 'name' failed to satisfy constraint: ` +
        'Member must have length between 1 and 256',
    );
  });

  it('rejects invalid UTF-8 with SerializationException and stores nothing', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"bad'), Buffer.from([0xff, 0xfe]), Buffer.from('","workflowExecutionRetentionPeriodInDays":"1"}')]);
    const answer = await rawBytes(local.server.endpoint, 'RegisterDomain', body);
    expect(answer).toEqual({
      status: 400,
      json: { __type: 'com.amazon.coral.validate#SerializationException', message: 'Request body is not valid UTF-8' },
    });
    const names = (await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).domainInfos!.map((d) => d.name);
    expect(names.some((name) => name!.startsWith('bad'))).toBe(false);
  });

  it.each([
    ['a lone high surrogate', 'lone\\ud800'],
    ['a lone low surrogate', 'x\\udc00y'],
    ['a reversed pair', '\\udc00\\ud800'],
  ])('rejects %s escaped in JSON the way it rejects invalid UTF-8, and stores nothing', async (_, escaped) => {
    const body = Buffer.from(`{"name":"${escaped}","workflowExecutionRetentionPeriodInDays":"1","description":"ok \\ud83d\\ude00"}`);
    const answer = await rawBytes(local.server.endpoint, 'RegisterDomain', body);
    expect(answer).toEqual({
      status: 400,
      json: { __type: 'com.amazon.coral.validate#SerializationException', message: 'Request body is not valid UTF-8 (it escapes a lone surrogate, such as \\ud800)' },
    });
    const names = (await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).domainInfos!.map((d) => d.name!);
    expect(names.filter((name) => /\p{Surrogate}/u.test(name))).toEqual([]);
  });

  it('accepts a surrogate pair (an emoji) escaped in JSON', async () => {
    const body = Buffer.from('{"name":"pair-\\ud83d\\ude00","workflowExecutionRetentionPeriodInDays":"1"}');
    expect((await rawBytes(local.server.endpoint, 'RegisterDomain', body)).status).toBe(200);
    const names = (await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).domainInfos!.map((d) => d.name);
    expect(names).toContain('pair-\u{1F600}');
  });

  it('refuses task tokens it did not sign: built from listed ids, or with a made-up signature', async () => {
    const domain = 'tokens';
    await local.swf.send(new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }));
    await local.swf.send(
      new RegisterWorkflowTypeCommand({
        domain,
        name: 'wf',
        version: '1',
        defaultTaskList: { name: 'tl' },
        defaultExecutionStartToCloseTimeout: '600',
        defaultTaskStartToCloseTimeout: '60',
        defaultChildPolicy: 'TERMINATE',
      }),
    );
    await local.swf.send(new StartWorkflowExecutionCommand({ domain, workflowId: 'w', workflowType: { name: 'wf', version: '1' } }));
    const task = await local.swf.send(new PollForDecisionTaskCommand({ domain, taskList: { name: 'tl' } }));
    const listed = await local.swf.send(new ListOpenWorkflowExecutionsCommand({ domain, startTimeFilter: { oldestDate: new Date(0) } }));
    const runId = listed.executionInfos![0].execution!.runId!;

    const payload = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const built = payload({ kind: 'decision', runId, startedEventId: task.startedEventId });
    const realPayload = task.taskToken!.slice(0, task.taskToken!.lastIndexOf('.'));
    for (const forged of [built, `${built}.${'A'.repeat(43)}`, `${realPayload}.${'A'.repeat(43)}`, realPayload]) {
      await expectFault(local.swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: forged, decisions: [] })), 'UnknownResourceFault');
    }
    // The real one still works.
    await local.swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: [] }));
  });
});

describe('the data-directory lock', () => {
  it('takes over a lock whose pid now belongs to an unrelated live process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'swf-local-lock-'));
    const unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => unrelated.once('spawn', resolve));
      // As left by a swf-local killed with SIGKILL whose pid was then reused: same pid, another process start time.
      writeFileSync(join(dataDir, 'swf-local.pid'), JSON.stringify({ pid: unrelated.pid, started: '1' }));
      const first = await startLocalSwf({ dataDir });
      await first.stop();
      // An older swf-local wrote only the pid: a live process that is not node is not swf-local.
      writeFileSync(join(dataDir, 'swf-local.pid'), String(unrelated.pid));
      const second = await startLocalSwf({ dataDir });
      await second.stop();
    } finally {
      unrelated.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  /** A zombie: `sleep 0` exits, and its parent (`sh` turned into `sleep 30`) never collects it. Resolves its pid. */
  async function zombie(): Promise<{ pid: number; parent: ChildProcess }> {
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    await expect.poll(() => processIdentity(pid)?.exited, { timeout: 10_000, interval: 20 }).toBe(true);
    return { pid, parent };
  }

  it('takes over a lock whose owner was killed but not yet collected by its parent (a zombie)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'swf-local-lock-'));
    const { pid, parent } = await zombie();
    try {
      // As left by a swf-local killed with SIGKILL a moment ago: its pid, its start time, its process still a zombie.
      writeFileSync(join(dataDir, 'swf-local.pid'), JSON.stringify({ pid, started: processIdentity(pid)!.started }));
      const local = await startLocalSwf({ dataDir });
      await local.stop();
    } finally {
      parent.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('tells processes apart with ps where there is no /proc (macOS): start time, program, zombie', async () => {
    const unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
    await new Promise((resolve) => unrelated.once('spawn', resolve));
    const { pid: dead, parent } = await zombie();
    try {
      const viaPs = processIdentity(unrelated.pid!, 'ps')!;
      expect(viaPs).toMatchObject({ program: 'sleep', exited: false });
      expect(viaPs.started).toMatch(/^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}$/);
      expect(processIdentity(unrelated.pid!, 'ps')!.started).toBe(viaPs.started); // stable: a lock can compare it
      expect(processIdentity(process.pid, 'ps')!.program).toMatch(/^node/);
      expect(processIdentity(dead, 'ps')!.exited).toBe(true);
      expect(processIdentity(unrelated.pid!, 'proc')).toMatchObject({ program: 'sleep', exited: false });
      unrelated.kill('SIGKILL');
      await new Promise((resolve) => unrelated.once('exit', resolve));
      expect(processIdentity(unrelated.pid!, 'ps')).toBeUndefined();
    } finally {
      unrelated.kill('SIGKILL');
      parent.kill('SIGKILL');
    }
  });
});
