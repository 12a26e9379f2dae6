import { DescribeActivityTypeCommand, ListDomainsCommand, RegisterActivityTypeCommand, RegisterDomainCommand, SWFClient } from '@aws-sdk/client-swf';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';

/**
 * Write failures injected at the file layer: EIO from fsync (which no test file system produces on demand) and ENOSPC
 * after part of a write (the same as disk-full.test.ts's real tmpfs, for machines where mounting one is not allowed).
 * Only swf-local's own fs calls are affected, and only while a fault is armed.
 */
const faults = vi.hoisted(() => ({ fsync: undefined as string | undefined, partialWrite: false }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const failure = (code: string, call: string) => Object.assign(new Error(`${code}: injected failure, ${call}`), { code });
  const mocked = {
    ...actual,
    fsyncSync(fd: number) {
      if (faults.fsync) throw failure(faults.fsync, 'fsync');
      return actual.fsyncSync(fd);
    },
    writeSync(fd: number, buffer: Buffer, offset: number, length: number, position: number) {
      if (faults.partialWrite && length > 8) {
        actual.writeSync(fd, buffer, offset, 8, position);
        throw failure('ENOSPC', 'write');
      }
      return actual.writeSync(fd, buffer, offset, length, position);
    },
  };
  return { ...mocked, default: mocked };
});

async function exists(swf: SWFClient, version: string): Promise<boolean> {
  return swf.send(new DescribeActivityTypeCommand({ domain: 'd', activityType: { name: 'a', version } })).then(
    () => true,
    (err: { name: string }) => {
      expect(err.name).toBe('UnknownResourceFault');
      return false;
    },
  );
}

async function register(swf: SWFClient, version: string): Promise<void> {
  await swf.send(new RegisterActivityTypeCommand({ domain: 'd', name: 'a', version }));
}

/**
 * A kept-open connection that sends raw requests, so a test can put several requests on the wire in one tick: swf-local
 * then handles them together and they share one group commit (the situation a busy server is in all the time).
 */
class Connection {
  private buffered = Buffer.alloc(0);
  private waiting?: (answer: { status: number; json: { __type?: string; message?: string } & Record<string, unknown> }) => void;

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  static async open(endpoint: string): Promise<Connection> {
    const { hostname, port } = new URL(endpoint);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const connection = new Connection(socket, `${hostname}:${port}`);
    await connection.call('ListDomains', { registrationStatus: 'REGISTERED' }); // the server has accepted it
    return connection;
  }

  call(operation: string, input: object): Promise<{ status: number; json: { __type?: string; message?: string } & Record<string, unknown> }> {
    const body = JSON.stringify(input);
    const answer = new Promise<{ status: number; json: { __type?: string; message?: string } & Record<string, unknown> }>((resolve) => (this.waiting = resolve));
    this.socket.write(
      `POST / HTTP/1.1\r\nHost: ${this.host}\r\nX-Amz-Target: SimpleWorkflowService.${operation}\r\n` +
        `Content-Type: application/x-amz-json-1.0\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    return answer;
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end === -1) return;
    const head = this.buffered.toString('latin1', 0, end);
    const length = Number(/content-length: *(\d+)/i.exec(head)![1]);
    if (this.buffered.length < end + 4 + length) return;
    const json = JSON.parse(this.buffered.toString('utf8', end + 4, end + 4 + length));
    this.buffered = this.buffered.subarray(end + 4 + length);
    this.waiting?.({ status: Number(head.split(' ')[1]), json });
  }
}

describe('swf-local when a journal write fails', () => {
  let dataDir: string;
  let local: StartedLocalSwf | undefined;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'swf-local-write-fault-'));
    local = await startLocalSwf({ dataDir });
    await local.swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
  });
  afterEach(async () => {
    faults.fsync = undefined;
    faults.partialWrite = false;
    await local?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function restart(): Promise<SWFClient> {
    await local!.stop();
    local = await startLocalSwf({ dataDir });
    return local.swf;
  }

  it('answers 500 for a change whose fsync failed (EIO), never shows it, and keeps every later write', async () => {
    const swf = local!.swf;
    await register(swf, 'before');
    faults.fsync = 'EIO';
    await expect(register(swf, 'failed-1')).rejects.toMatchObject({ name: 'InternalFailure', message: 'State could not be persisted (EIO)' });
    // Still failing: still nothing kept, reads without changes still answered.
    await expect(register(swf, 'failed-2')).rejects.toMatchObject({ name: 'InternalFailure' });
    expect((await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).domainInfos).toHaveLength(1);
    faults.fsync = undefined;

    expect(await exists(swf, 'failed-1')).toBe(false);
    expect(await exists(swf, 'failed-2')).toBe(false);
    await register(swf, 'after');

    const again = await restart();
    expect(await exists(again, 'before')).toBe(true);
    expect(await exists(again, 'after')).toBe(true);
    expect(await exists(again, 'failed-1')).toBe(false);
    expect(await exists(again, 'failed-2')).toBe(false);
  });

  it('takes a partly written entry (ENOSPC) back off the journal, so the journal stays readable', async () => {
    const swf = local!.swf;
    faults.partialWrite = true;
    await expect(register(swf, 'torn')).rejects.toMatchObject({ name: 'InternalFailure', message: 'State could not be persisted (ENOSPC)' });
    faults.partialWrite = false;
    // Every line of the journal is whole (the header, then one checksummed commit per line): nothing of the failed
    // write is left for later entries to follow.
    const journal = readdirSync(dataDir).find((name) => /^journal-\d+\.jsonl$/.test(name))!;
    const text = readFileSync(join(dataDir, journal), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const [header, ...commits] = text.trim().split('\n');
    expect(JSON.parse(header)).toEqual({ swfLocalJournal: 2 });
    for (const line of commits) expect(() => JSON.parse(line.slice(line.indexOf('\t') + 1))).not.toThrow();

    await register(swf, 'after');
    expect(await exists(swf, 'torn')).toBe(false);
    const again = await restart();
    expect(await exists(again, 'after')).toBe(true);
    expect(await exists(again, 'torn')).toBe(false);
  });

  it('answers the reads that share a failed commit from what is on disk, not 500', async () => {
    const endpoint = local!.server.endpoint;
    await register(local!.swf, 'before');
    const [writer, reader, other] = await Promise.all([Connection.open(endpoint), Connection.open(endpoint), Connection.open(endpoint)]);
    try {
      faults.fsync = 'EIO';
      // One tick: the three requests finish together and share the commit that fails.
      const registered = writer.call('RegisterActivityType', { domain: 'd', name: 'a', version: 'failed' });
      const sameType = reader.call('DescribeActivityType', { domain: 'd', activityType: { name: 'a', version: 'failed' } });
      const committed = other.call('DescribeActivityType', { domain: 'd', activityType: { name: 'a', version: 'before' } });
      expect(await registered).toMatchObject({ status: 500, json: { message: 'State could not be persisted (EIO)' } });
      // The read that may have seen the failed change answers as if it never happened; the other one just answers.
      expect(await sameType).toMatchObject({ status: 400, json: { __type: expect.stringMatching(/UnknownResourceFault$/) } });
      expect(await committed).toMatchObject({ status: 200, json: { typeInfo: { activityType: { version: 'before' } } } });
    } finally {
      writer.close();
      reader.close();
      other.close();
    }
  });

  it('ends a long poll open when a write fails at that moment (500), without waiting for another request', async () => {
    const endpoint = local!.server.endpoint;
    const [poller, writer] = await Promise.all([Connection.open(endpoint), Connection.open(endpoint)]);
    try {
      faults.fsync = 'EIO';
      const poll = poller.call('PollForDecisionTask', { domain: 'd', taskList: { name: 'tl' } });
      const registered = writer.call('RegisterActivityType', { domain: 'd', name: 'a', version: 'failed' });
      expect(await registered).toMatchObject({ status: 500 });
      // Bounded by the test's timeout, far below the poll's 60 s: the poll ends with the failure.
      expect(await poll).toMatchObject({ status: 500, json: { message: 'State could not be persisted (EIO)' } });
    } finally {
      poller.close();
      writer.close();
    }
  });
});
