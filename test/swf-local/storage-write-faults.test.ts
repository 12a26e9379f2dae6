import { DescribeActivityTypeCommand, ListDomainsCommand, RegisterActivityTypeCommand, RegisterDomainCommand, SWFClient } from '@aws-sdk/client-swf';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
});
