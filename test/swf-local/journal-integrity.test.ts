import {
  DescribeDomainCommand,
  DescribeWorkflowExecutionCommand,
  ListActivityTypesCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  StartWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';

/**
 * The journal's integrity as an operator meets it: a flipped byte that leaves valid JSON, a crash that tears a commit
 * of several entries, records that are well-formed JSON but not what swf-local writes, and data directories written by
 * the previous journal format (one unchecked JSON entry per line).
 */

function journalOf(dataDir: string): string {
  const names = readdirSync(dataDir).filter((name) => /^journal-\d+\.jsonl$/.test(name));
  expect(names).toHaveLength(1);
  return join(dataDir, names[0]);
}

/** A commit line as swf-local writes it (what someone editing the file by hand and fixing the checksum would make). */
function commitLine(entries: unknown[]): string {
  const body = JSON.stringify(entries);
  return `${crc32(body).toString(16).padStart(8, '0')}\t${body}\n`;
}

/** The journal's lines after its header: each commit's entries. */
function commits(journal: string): unknown[][] {
  const [header, ...lines] = readFileSync(journal, 'utf8').trimEnd().split('\n');
  expect(JSON.parse(header)).toEqual({ swfLocalJournal: 2 });
  return lines.map((line) => JSON.parse(line.slice(line.indexOf('\t') + 1)) as unknown[]);
}

async function startError(options: Parameters<typeof startLocalSwf>[0]): Promise<string | undefined> {
  return startLocalSwf(options).then(
    async (local) => {
      await local.stop();
      return undefined;
    },
    (err: Error) => err.message,
  );
}

/** Registers domain `dm` and activity types a9/1 and a9/2, then stops. */
async function writeTypes(dataDir: string): Promise<void> {
  const local = await startLocalSwf({ dataDir });
  try {
    await local.swf.send(new RegisterDomainCommand({ name: 'dm', workflowExecutionRetentionPeriodInDays: '1' }));
    await local.swf.send(new RegisterActivityTypeCommand({ domain: 'dm', name: 'a9', version: '1' }));
    await local.swf.send(new RegisterActivityTypeCommand({ domain: 'dm', name: 'a9', version: '2' }));
  } finally {
    await local.stop();
  }
}

async function activityVersions(dataDir: string, options: { repair?: boolean; log?: (line: string) => void } = {}): Promise<string[]> {
  const local = await startLocalSwf({ dataDir, ...options });
  try {
    const listed = await local.swf.send(new ListActivityTypesCommand({ domain: 'dm', registrationStatus: 'REGISTERED' }));
    return listed.typeInfos!.map((info) => `${info.activityType!.name}/${info.activityType!.version}`).sort();
  } finally {
    await local.stop();
  }
}

describe('swf-local journal integrity', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'swf-local-journal-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['a key', '"a9"', '"a8"'],
    ['a status', 'REGISTERED', 'REGISTERES'],
  ])('refuses a flipped byte in %s that leaves the line valid JSON, naming file, line, offset and --repair', async (_, from, to) => {
    await writeTypes(dataDir);
    const journal = journalOf(dataDir);
    const text = readFileSync(journal, 'utf8');
    const lines = text.split('\n');
    const lineIndex = lines.findIndex((line, index) => index > 0 && line.includes(from) && line.includes('"2"'));
    const offset = lines.slice(0, lineIndex).reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    lines[lineIndex] = lines[lineIndex].replace(from, to);
    writeFileSync(journal, lines.join('\n'));

    expect(await startError({ dataDir })).toBe(
      `swf-local: ${journal} is damaged at line ${lineIndex + 1} (byte offset ${offset}): its checksum does not match its contents; ` +
        'nothing was changed. Start once with --repair (the `repair` option) to keep every intact record and move the damaged file aside',
    );
    const log: string[] = [];
    expect(await activityVersions(dataDir, { repair: true, log: (line) => log.push(line) })).toEqual(['a9/1']);
    expect(log[0]).toMatch(new RegExp(`--repair: dropped what could not be read: .*line ${lineIndex + 1} .*checksum`));
  });

  it('drops a commit torn by a crash whole: a request of several entries is never half applied', async () => {
    let runId: string;
    const local = await startLocalSwf({ dataDir });
    try {
      await local.swf.send(new RegisterDomainCommand({ name: 'dm', workflowExecutionRetentionPeriodInDays: '1' }));
      await local.swf.send(
        new RegisterWorkflowTypeCommand({
          domain: 'dm',
          name: 'wf',
          version: '1',
          defaultTaskList: { name: 'tl' },
          defaultExecutionStartToCloseTimeout: '3600',
          defaultTaskStartToCloseTimeout: '60',
          defaultChildPolicy: 'TERMINATE',
        }),
      );
      runId = (await local.swf.send(new StartWorkflowExecutionCommand({ domain: 'dm', workflowId: 'w1', workflowType: { name: 'wf', version: '1' } }))).runId!;
    } finally {
      await local.stop();
    }
    const journal = journalOf(dataDir);
    // The start is one commit of several entries (the execution, its open-id index, its history events).
    expect(commits(journal).at(-1)!.length).toBeGreaterThanOrEqual(4);
    const bytes = readFileSync(journal);
    const lastLine = bytes.lastIndexOf(10, bytes.length - 2) + 1;
    // A crash mid-write: the commit's first entries reached the disk, the rest (and its newline) did not.
    writeFileSync(journal, bytes.subarray(0, lastLine + Math.floor((bytes.length - lastLine) * 0.6)));

    const log: string[] = [];
    const again = await startLocalSwf({ dataDir, log: (line) => log.push(line) });
    try {
      await expect(again.swf.send(new DescribeWorkflowExecutionCommand({ domain: 'dm', execution: { workflowId: 'w1', runId } }))).rejects.toMatchObject({
        name: 'UnknownResourceFault',
      });
      // The same workflow id can be started again: nothing of the torn start is left.
      await again.swf.send(new StartWorkflowExecutionCommand({ domain: 'dm', workflowId: 'w1', workflowType: { name: 'wf', version: '1' } }));
    } finally {
      await again.stop();
    }
    expect(log).toEqual([]);
  });

  it('refuses a commit cut short in the middle of the journal (an incomplete commit followed by others)', async () => {
    await writeTypes(dataDir);
    const journal = journalOf(dataDir);
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[2] = lines[2].slice(0, 40); // line 3 (type a9/1) keeps its start only; line 4 follows it
    writeFileSync(journal, lines.join('\n'));
    expect(await startError({ dataDir })).toMatch(/journal-0\.jsonl is damaged at line 3 \(byte offset \d+\): its checksum does not match its contents; .*--repair/);
  });

  const execution = {
    domain: 'dm',
    workflowId: 'w1',
    runId: 'r1',
    workflowType: { name: 'wf', version: '1' },
    taskList: 'tl',
    executionStartToCloseTimeout: '60',
    taskStartToCloseTimeout: '10',
    childPolicy: 'TERMINATE',
    tagList: [],
    startedAt: 1,
    cancelRequested: false,
    nextEventId: 2,
    previousStartedEventId: 0,
    activities: {},
    timers: {},
    children: {},
  };
  const typeRecord = { kind: 'activity', domain: 'dm', name: 'a9', version: '3', status: 'REGISTERED', creationDate: 1, configuration: {} };
  it.each([
    ['a null record', { c: 'activityTypes', k: '["dm","a9","1"]', v: null }, /activityTypes record .* is not a valid record: it must be an object/],
    ['a domain whose name is a number', { c: 'domains', k: 'zz', v: { name: 5 } }, /domains record "zz" is not a valid record: "name" must be a string/],
    ['an unknown collection', { c: 'bogus', k: 'x', v: {} }, /it names an unknown collection "bogus"/],
    ['a record under a key that is not its identity', { c: 'activityTypes', k: '["dm","a9","4"]', v: typeRecord }, /stored under a key that does not match its contents/],
    ['a history event without an id', { c: 'histories', k: 'r', a: { eventType: 'X', eventTimestamp: 1 } }, /an appended item is not valid: "eventId" must be a number/],
    [
      'an execution with an open activity that is null',
      { c: 'executions', k: 'r1', v: { ...execution, activities: { a1: null } } },
      /executions record "r1" is not a valid record: "activities" must be an object whose "a1" is an object/,
    ],
  ])('refuses %s with one line (file, line, --repair), and --repair drops just that record', async (_, entry, problem) => {
    await writeTypes(dataDir);
    const journal = journalOf(dataDir);
    writeFileSync(journal, readFileSync(journal, 'utf8') + commitLine([entry]));

    const message = await startError({ dataDir });
    expect(message).toMatch(/^swf-local: .*journal-0\.jsonl is damaged at line 5 \(byte offset \d+\): /);
    expect(message).toMatch(problem);
    expect(message).toMatch(/--repair/);
    expect(message).not.toMatch(/Cannot read|TypeError|\n/);
    const log: string[] = [];
    expect(await activityVersions(dataDir, { repair: true, log: (line) => log.push(line) })).toEqual(['a9/1', 'a9/2']);
    expect(log[0]).toMatch(problem);
    expect(await activityVersions(dataDir)).toEqual(['a9/1', 'a9/2']);
  });

  /** A snapshot as swf-local writes it (header, then one checksummed line per record). */
  function writeSnapshot(records: Array<[string, string, unknown]>): void {
    const lines = records.map(([c, k, v]) => {
      const rest = `${JSON.stringify(c)}\t${JSON.stringify(k)}\t${JSON.stringify(v)}`;
      return `${crc32(rest).toString(16).padStart(8, '0')}\t${rest}\n`;
    });
    writeFileSync(join(dataDir, 'snapshot.json'), `{"swfLocalSnapshot":3,"generation":1,"records":${records.length}}\n${lines.join('')}`);
  }

  it('checks snapshot records at start-up too (a valid checksum over a record swf-local never writes)', async () => {
    writeSnapshot([['domains', 'zz', { name: 5 }]]);
    expect(await startError({ dataDir })).toMatch(/snapshot\.json is damaged at line 2 \(byte offset 50\): domains record "zz" is not a valid record: "name" must be a string; .*--repair/);
  });

  it('checks at start-up the open executions it reads, and --repair drops a damaged one', async () => {
    const domain = { name: 'dm', status: 'REGISTERED', workflowExecutionRetentionPeriodInDays: '1', arn: 'arn:aws:swf:us-east-1:123456789012:/domain/dm', tags: [] };
    const execution = { domain: 'dm', workflowId: 'w1', runId: 'r1', workflowType: { name: 'wf', version: '1' }, taskList: 'tl' }; // the rest is missing
    writeSnapshot([
      ['domains', 'dm', domain],
      ['executions', 'r1', execution],
      ['openWorkflowIds', '["dm","w1"]', 'r1'],
    ]);
    expect(await startError({ dataDir })).toMatch(
      /^swf-local: .*snapshot\.json is damaged at line 3 \(byte offset \d+\): executions record "r1" is not a valid record: "executionStartToCloseTimeout" must be a string; nothing was changed\. .*--repair/,
    );
    const log: string[] = [];
    const repaired = await startLocalSwf({ dataDir, repair: true, log: (line) => log.push(line) });
    try {
      const described = await repaired.swf.send(new DescribeDomainCommand({ name: 'dm' }));
      expect(described.domainInfo!.name).toBe('dm');
    } finally {
      await repaired.stop();
    }
    expect(log[0]).toMatch(/dropped what could not be read: .*snapshot\.json is damaged at line 3/);
  });

  it('reads a journal in the previous format (one unchecked entry per line), and appends only the new format to it', async () => {
    await writeTypes(dataDir);
    const journal = journalOf(dataDir);
    // What the previous swf-local wrote: no header, no checksum, one entry per line.
    const version1 = commits(journal).flat().map((entry) => JSON.stringify(entry) + '\n').join('');
    writeFileSync(journal, version1);

    const local = await startLocalSwf({ dataDir });
    try {
      const domain = await local.swf.send(new DescribeDomainCommand({ name: 'dm' }));
      expect(domain.domainInfo!.status).toBe('REGISTERED');
      await local.swf.send(new RegisterActivityTypeCommand({ domain: 'dm', name: 'a9', version: '3' }));
    } finally {
      await local.stop();
    }
    const text = readFileSync(journal, 'utf8');
    expect(text.startsWith(version1)).toBe(true);
    const appended = text.slice(version1.length).trimEnd().split('\n');
    expect(appended[0]).toBe('{"swfLocalJournal":2}');
    expect(appended.slice(1).every((line) => /^[0-9a-f]{8}\t\[/.test(line))).toBe(true);
    expect(await activityVersions(dataDir)).toEqual(['a9/1', 'a9/2', 'a9/3']);

    // A damaged old line is still refused (it is not JSON), as before.
    writeFileSync(journal, text.replace('"c":"activityTypes"', '"c":"activityTypes'));
    expect(await startError({ dataDir })).toMatch(/journal-0\.jsonl is damaged at line 2 \(byte offset \d+\): it is not valid JSON/);
  });
});
