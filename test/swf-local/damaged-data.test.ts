import { DescribeActivityTypeCommand, ListActivityTypesCommand, RegisterActivityTypeCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';
import { runCli, startLocalProcess } from './cli-process';

/** The journal file swf-local is appending to. */
function journalOf(dataDir: string): string {
  const names = readdirSync(dataDir).filter((name) => /^journal-\d+\.jsonl$/.test(name));
  expect(names).toHaveLength(1);
  return join(dataDir, names[0]);
}

/** Registers domain `d` and activity types a/1..a/count (after the journal's header line, one line each), then stops. */
async function writeTypes(dataDir: string, count: number): Promise<void> {
  const local = await startLocalSwf({ dataDir });
  try {
    await local.swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
    for (let i = 1; i <= count; i++) await local.swf.send(new RegisterActivityTypeCommand({ domain: 'd', name: 'a', version: String(i) }));
  } finally {
    await local.stop();
  }
}

async function versions(dataDir: string, options: { repair?: boolean; log?: (line: string) => void } = {}): Promise<string[]> {
  const local = await startLocalSwf({ dataDir, ...options });
  try {
    const listed = await local.swf.send(new ListActivityTypesCommand({ domain: 'd', registrationStatus: 'REGISTERED' }));
    return listed.typeInfos!.map((info) => info.activityType!.version!).sort((a, b) => Number(a) - Number(b));
  } finally {
    await local.stop();
  }
}

/** Changes one byte of line `lineNumber` (1-based) of `path` (inside its checksum); returns the line's offset. */
function damageLine(path: string, lineNumber: number): number {
  const bytes = readFileSync(path);
  let offset = 0;
  for (let line = 1; line < lineNumber; line++) offset = bytes.indexOf(10, offset) + 1;
  bytes[offset + 5] = bytes[offset + 5] === 0x30 ? 0x31 : 0x30; // another hex digit
  writeFileSync(path, bytes);
  return offset;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('swf-local with a damaged data directory', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'swf-local-damage-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a journal damaged in the middle with one line naming file, line and offset, and changes nothing', async () => {
    await writeTypes(dataDir, 50);
    const journal = journalOf(dataDir);
    const offset = damageLine(journal, 12);
    const before = readFileSync(journal);

    const error = await startLocalSwf({ dataDir }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toBe(
      `swf-local: ${journal} is damaged at line 12 (byte offset ${offset}): its checksum does not match its contents; nothing was changed. ` +
        'Start once with --repair (the `repair` option) to keep every intact record and move the damaged file aside',
    );
    // The evidence is untouched, and the directory is not left locked.
    expect(readFileSync(journal).equals(before)).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual([journal.slice(dataDir.length + 1)]);
  });

  it('--repair keeps every intact record, reports the damaged line, and keeps the damaged file aside', async () => {
    await writeTypes(dataDir, 50);
    const journal = journalOf(dataDir);
    damageLine(journal, 12); // line 1 is the header, line 2 the domain, line 12 type 10
    const damaged = readFileSync(journal);
    const log: string[] = [];

    expect(await versions(dataDir, { repair: true, log: (line) => log.push(line) })).toEqual([...range(1, 9), ...range(11, 50)]);
    expect(log[0]).toMatch(/^swf-local: --repair: dropped what could not be read: .*journal-0\.jsonl is damaged at line 12 \(byte offset \d+\): its checksum does not match its contents$/);
    expect(log[1]).toMatch(/^swf-local: --repair: kept 50 intact records; the damaged files are kept as journal-0\.jsonl\.damaged-\S+ in /);
    const aside = readdirSync(dataDir).find((name) => name.startsWith('journal-0.jsonl.damaged-'))!;
    expect(readFileSync(join(dataDir, aside)).equals(damaged)).toBe(true);

    // Repaired for good: a plain start works and keeps the same records.
    expect(await versions(dataDir)).toEqual([...range(1, 9), ...range(11, 50)]);
  });

  it('drops a torn last line silently (a crash mid-write) and appends cleanly after it', async () => {
    await writeTypes(dataDir, 3);
    appendFileSync(journalOf(dataDir), '{"c":"activityTypes","k":"[\\"d\\",\\"a\\",\\"4');
    const log: string[] = [];
    const local = await startLocalSwf({ dataDir, log: (line) => log.push(line) });
    try {
      await local.swf.send(new RegisterActivityTypeCommand({ domain: 'd', name: 'a', version: '5' }));
      await expect(local.swf.send(new DescribeActivityTypeCommand({ domain: 'd', activityType: { name: 'a', version: '4' } }))).rejects.toMatchObject({
        name: 'UnknownResourceFault',
      });
    } finally {
      await local.stop();
    }
    expect(log).toEqual([]);
    expect(await versions(dataDir)).toEqual(['1', '2', '3', '5']);
  });

  it.each([
    ['a journal line that is JSON but not a commit', 'journal', '[1,2]\n', /journal-0\.jsonl is damaged at line 6 \(byte offset \d+\): it is not a journal commit/],
    ['a complete last line whose checksum fails', 'journal', '00000000\t[{"c": oops}]\n', /journal-0\.jsonl is damaged at line 6 \(byte offset \d+\): its checksum does not match/],
    ['invalid UTF-8 in the journal', 'journal', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]), /line 6 \(byte offset \d+\): it is not valid UTF-8/],
    ['a snapshot that is null', 'snapshot', 'null\n', /snapshot\.json is damaged at line 1 \(byte offset 0\): its first line is not a swf-local snapshot header/],
    ['a snapshot cut short', 'snapshot', '{"swfLocalSnapshot":3,"generation":1,"records":3}\n', /snapshot\.json is damaged: it holds 0 records where its header says 3/],
    ['a snapshot record whose checksum fails', 'snapshot', '{"swfLocalSnapshot":3,"generation":1,"records":1}\n00000000\t"domains"\t"x"\t{}\n', /snapshot\.json is damaged at line 2 \(byte offset 50\): its checksum does not match its contents/],
    ['a snapshot cut mid-JSON', 'snapshot', '{"generation":1,"collections":{"domains":{"x":', /snapshot\.json is damaged at line 1 \(byte offset 0\): it is not valid JSON/],
  ])('refuses %s with one clear line, never a parser or TypeError message', async (_, file, content, message) => {
    await writeTypes(dataDir, 3);
    if (file === 'journal') appendFileSync(journalOf(dataDir), content);
    else writeFileSync(join(dataDir, 'snapshot.json'), content);
    const error = await startLocalSwf({ dataDir }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toMatch(/position|Cannot read|undefined|\n/);
  });

  it('never turns a crafted snapshot generation into a path: it is refused, and the file outside is untouched', async () => {
    const outside = join(dataDir, '..', `${dataDir.split('/').pop()}-outside.jsonl`);
    writeFileSync(outside, 'precious\n');
    try {
      const generation = `../${outside.split('/').pop()!.replace(/^journal-|\.jsonl$/g, '')}`;
      writeFileSync(join(dataDir, 'snapshot.json'), JSON.stringify({ generation, collections: {} }));
      await expect(startLocalSwf({ dataDir })).rejects.toThrow(
        /snapshot\.json is damaged at line 1 \(byte offset 0\): it is not a swf-local snapshot \(a whole-number generation and collections of records\)/,
      );
      await expect(startLocalSwf({ dataDir, repair: true, log: () => undefined }).then((local) => local.stop())).resolves.toBeUndefined();
      expect(readFileSync(outside, 'utf8')).toBe('precious\n');
      expect(readdirSync(dataDir).some((name) => name.startsWith('snapshot.json.damaged-'))).toBe(true);
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('cdk-swf local prints the damage as one line and exits 1; with --repair it starts', async () => {
    await writeTypes(dataDir, 3);
    damageLine(journalOf(dataDir), 3);
    const refused = runCli(['local', '--port', '0', '--data-dir', dataDir]);
    expect(await refused.exited).toBe(1);
    const lines = refused.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cdk-swf: swf-local: .*journal-0\.jsonl is damaged at line 3 \(byte offset \d+\): its checksum does not match its contents; .*--repair/);
    expect(existsSync(join(dataDir, 'swf-local.pid'))).toBe(false);

    const repaired = await startLocalProcess(['--data-dir', dataDir, '--repair']);
    repaired.child.kill('SIGTERM');
    expect(await repaired.exited).toBe(0);
    expect(repaired.output()).toMatch(/swf-local: --repair: dropped what could not be read: .*line 3/);
    expect(await versions(dataDir)).toEqual(['2', '3']);
  });
});
