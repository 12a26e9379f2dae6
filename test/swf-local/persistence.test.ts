import {
  DeprecateActivityTypeCommand,
  DeprecateDomainCommand,
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowTypeCommand,
  ListDomainsCommand,
  ListTagsForResourceCommand,
  ListWorkflowTypesCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SWFClient,
  TagResourceCommand,
} from '@aws-sdk/client-swf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, startLocalSwf } from '../support/swf-local';
import { startLocalProcess } from './cli-process';
import { rawCall } from './wire';

const ARN = 'arn:aws:swf:us-east-1:123456789012:/domain/kept';

async function writeState(swf: SWFClient): Promise<void> {
  await swf.send(new RegisterDomainCommand({ name: 'kept', workflowExecutionRetentionPeriodInDays: '3', description: 'survives', tags: [{ key: 'a', value: '1' }] }));
  await swf.send(new RegisterDomainCommand({ name: 'gone', workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(new RegisterWorkflowTypeCommand({ domain: 'kept', name: 'wf', version: '1', defaultTaskList: { name: 'tl' }, defaultExecutionStartToCloseTimeout: '60' }));
  await swf.send(new RegisterActivityTypeCommand({ domain: 'kept', name: 'act', version: '1', defaultTaskHeartbeatTimeout: '5' }));
  await swf.send(new DeprecateActivityTypeCommand({ domain: 'kept', activityType: { name: 'act', version: '1' } }));
  await swf.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: 'b', value: '2' }] }));
  await swf.send(new DeprecateDomainCommand({ name: 'gone' }));
}

async function expectState(swf: SWFClient): Promise<void> {
  const domain = await swf.send(new DescribeDomainCommand({ name: 'kept' }));
  expect(domain.domainInfo).toMatchObject({ status: 'REGISTERED', description: 'survives' });
  expect(domain.configuration).toEqual({ workflowExecutionRetentionPeriodInDays: '3' });
  expect((await swf.send(new DescribeDomainCommand({ name: 'gone' }))).domainInfo?.status).toBe('DEPRECATED');
  const wf = await swf.send(new DescribeWorkflowTypeCommand({ domain: 'kept', workflowType: { name: 'wf', version: '1' } }));
  expect(wf.configuration).toEqual({ defaultTaskList: { name: 'tl' }, defaultExecutionStartToCloseTimeout: '60' });
  const act = await swf.send(new DescribeActivityTypeCommand({ domain: 'kept', activityType: { name: 'act', version: '1' } }));
  expect(act.typeInfo?.status).toBe('DEPRECATED');
  expect((await swf.send(new ListTagsForResourceCommand({ resourceArn: ARN }))).tags).toEqual([
    { key: 'a', value: '1' },
    { key: 'b', value: '2' },
  ]);
  // Indexes rebuilt from the journal: listing and duplicate detection work as before the restart.
  const types = await swf.send(new ListWorkflowTypesCommand({ domain: 'kept', registrationStatus: 'REGISTERED', name: 'wf' }));
  expect(types.typeInfos!.map((t) => t.workflowType!.version)).toEqual(['1']);
  await expect(swf.send(new RegisterWorkflowTypeCommand({ domain: 'kept', name: 'wf', version: '1' }))).rejects.toMatchObject({
    name: 'TypeAlreadyExistsFault',
  });
  await expect(swf.send(new RegisterDomainCommand({ name: 'gone', workflowExecutionRetentionPeriodInDays: '1' }))).rejects.toMatchObject({
    name: 'DomainAlreadyExistsFault',
  });
}

describe('swf-local persistence', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'swf-local-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps state across a clean restart in-process', async () => {
    const first = await startLocalSwf({ dataDir });
    await writeState(first.swf);
    await first.stop();
    const second = await startLocalSwf({ dataDir });
    try {
      await expectState(second.swf);
    } finally {
      await second.stop();
    }
  });

  it('refuses a data directory another swf-local is using, in this process or another', async () => {
    const first = await startLocalSwf({ dataDir });
    try {
      await expect(startLocalSwf({ dataDir })).rejects.toThrow(`data directory ${dataDir} is in use by swf-local process ${process.pid}`);
    } finally {
      await first.stop();
    }
    const child = await startLocalProcess(['--data-dir', dataDir]);
    try {
      await expect(startLocalSwf({ dataDir })).rejects.toThrow(`is in use by swf-local process ${child.child.pid}`);
    } finally {
      child.child.kill('SIGTERM');
      expect(await child.exited, child.output()).toBe(0);
    }
    // Released on a clean stop.
    const again = await startLocalSwf({ dataDir });
    await again.stop();
  });

  it('keeps nothing without a data directory', async () => {
    const first = await startLocalSwf();
    await writeState(first.swf);
    await first.stop();
    const second = await startLocalSwf();
    try {
      expect((await second.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).domainInfos).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it('loses nothing acknowledged when `cdk-swf local --data-dir` is killed with SIGKILL mid-stream', async () => {
    const first = await startLocalProcess(['--data-dir', dataDir]);
    const acknowledged: string[] = [];
    try {
      const swf = clientFor(first.endpoint);
      await writeState(swf);
      swf.destroy();
      await rawCall(first.endpoint, 'RegisterDomain', { name: 'stream', workflowExecutionRetentionPeriodInDays: '1' });
      let killed = false;
      // Writers keep going; the process is killed at the 150th acknowledgement, with other writes still in flight.
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; !killed && i < 1000; i++) {
          const version = `${w}-${i}`;
          const res = await rawCall(first.endpoint, 'RegisterActivityType', { domain: 'stream', name: 'a', version }).catch(() => undefined);
          if (res?.status === 200) acknowledged.push(version);
          if (acknowledged.length >= 150 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      });
      await Promise.all(writers);
    } finally {
      first.child.kill('SIGKILL');
    }
    expect(await first.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await startLocalProcess(['--data-dir', dataDir]);
    const swf2 = clientFor(second.endpoint);
    try {
      await expectState(swf2);
      const listed = await rawCall(second.endpoint, 'ListActivityTypes', { domain: 'stream', registrationStatus: 'REGISTERED' });
      const versions = new Set((listed.json.typeInfos as Array<{ activityType: { version: string } }>).map((t) => t.activityType.version));
      for (const version of acknowledged) expect(versions.has(version), `acknowledged ${version} lost`).toBe(true);
    } finally {
      swf2.destroy();
      second.child.kill('SIGKILL');
      await second.exited;
    }
  });
});
