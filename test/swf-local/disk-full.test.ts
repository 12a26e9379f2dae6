import { DescribeActivityTypeCommand, ListDomainsCommand, RegisterActivityTypeCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';

/**
 * A data directory on a real, small file system (a 512 KB tmpfs) that fills up and is freed again, as an operator's
 * disk does. Mounting needs root; where it is not allowed this file is skipped and storage-write-faults.test.ts,
 * which injects ENOSPC and EIO at the file layer, covers the same promises.
 */
function mountTmpfs(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Fills the file system holding `dir` to the last byte. */
function fill(path: string): void {
  for (const size of [64 * 1024, 4096, 1]) {
    try {
      for (;;) appendFileSync(path, Buffer.alloc(size));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    }
  }
}

const root = mkdtempSync(join(tmpdir(), 'swf-local-tmpfs-'));
const mounted = mountTmpfs(root);

describe.skipIf(!mounted)('swf-local on a disk that fills up and is freed', () => {
  const dataDir = join(root, 'data');
  const filler = join(root, 'filler');
  let local: StartedLocalSwf | undefined;
  beforeAll(() => mkdirSync(dataDir));
  afterAll(async () => {
    await local?.stop();
    execFileSync('umount', ['--lazy', root]);
    rmSync(root, { recursive: true, force: true });
  });

  it('never shows a change it answered with an error, keeps serving reads, and loses nothing once space returns', async () => {
    local = await startLocalSwf({ dataDir });
    await local.swf.send(new RegisterDomainCommand({ name: 'full', workflowExecutionRetentionPeriodInDays: '1' }));
    fill(filler);

    // Entries of ~2 KB: more than any slack left in the journal's last page, so writes start failing.
    const description = 'd'.repeat(1000);
    const whileFull = new Map<string, 'ok' | 'failed'>();
    for (let i = 0; i < 12; i++) {
      const version = `full-${i}`;
      const outcome = await local.swf
        .send(new RegisterActivityTypeCommand({ domain: 'full', name: 'a', version, description }))
        .then(
          () => 'ok' as const,
          (err: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => {
            expect(err.$metadata.httpStatusCode).toBe(500);
            expect(err.name).toBe('InternalFailure');
            expect(err.message).toBe('State could not be persisted (ENOSPC)');
            return 'failed' as const;
          },
        );
      whileFull.set(version, outcome);
    }
    expect([...whileFull.values()]).toContain('failed');

    // Reads keep working, and a change answered with an error is visible to no reader.
    expect((await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).domainInfos).toHaveLength(1);
    const visible = async (version: string) =>
      local!.swf.send(new DescribeActivityTypeCommand({ domain: 'full', activityType: { name: 'a', version } })).then(
        () => true,
        (err: { name: string }) => {
          expect(err.name).toBe('UnknownResourceFault');
          return false;
        },
      );
    for (const [version, outcome] of whileFull) expect(await visible(version), version).toBe(outcome === 'ok');

    // Space returns: writes succeed again without a restart, and every one of them survives a restart.
    rmSync(filler);
    const after = ['after-0', 'after-1', 'after-2', 'after-3', 'after-4'];
    for (const version of after) await local.swf.send(new RegisterActivityTypeCommand({ domain: 'full', name: 'a', version, description }));
    await local.stop();

    local = await startLocalSwf({ dataDir });
    for (const version of after) expect(await visible(version), version).toBe(true);
    for (const [version, outcome] of whileFull) expect(await visible(version), version).toBe(outcome === 'ok');
  });
});
