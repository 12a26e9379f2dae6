import {
  DeleteActivityTypeCommand,
  DeleteWorkflowTypeCommand,
  DeprecateActivityTypeCommand,
  DeprecateWorkflowTypeCommand,
  DescribeActivityTypeCommand,
  DescribeWorkflowTypeCommand,
  ListActivityTypesCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  UndeprecateActivityTypeCommand,
  UndeprecateWorkflowTypeCommand,
} from '@aws-sdk/client-swf';
import { afterEach, describe, expect, it } from 'vitest';
import { expectFault, startLocalSwf, useLocalSwf } from '../support/swf-local';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVITY_TYPES, DOMAINS, DomainRecord, TypeRecord, typeKey } from '../../lib/swf-local/records';
import { Store } from '../../lib/swf-local/store';

describe('swf-local workflow and activity types', () => {
  const local = useLocalSwf({}, async ({ swf }) => {
    await swf.send(new RegisterDomainCommand({ name: 'types', workflowExecutionRetentionPeriodInDays: '1' }));
  });

  const wf = (name: string, version = '1') => ({ domain: 'types', workflowType: { name, version } });
  const act = (name: string, version = '1') => ({ domain: 'types', activityType: { name, version } });

  it('describes a workflow type with exactly the configuration it was registered with', async () => {
    const before = Date.now();
    await local.swf.send(
      new RegisterWorkflowTypeCommand({
        domain: 'types',
        name: 'Order',
        version: '1.0',
        description: 'Handles an order',
        defaultTaskStartToCloseTimeout: '30',
        defaultExecutionStartToCloseTimeout: '3600',
        defaultTaskList: { name: 'deciders' },
        defaultTaskPriority: '5',
        defaultChildPolicy: 'ABANDON',
        defaultLambdaRole: 'arn:aws:iam::123456789012:role/swf-lambda',
      }),
    );
    const described = await local.swf.send(new DescribeWorkflowTypeCommand(wf('Order', '1.0')));
    expect(described.typeInfo).toMatchObject({
      workflowType: { name: 'Order', version: '1.0' },
      status: 'REGISTERED',
      description: 'Handles an order',
    });
    expect(described.typeInfo?.creationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(described.typeInfo).not.toHaveProperty('deprecationDate');
    expect(described.configuration).toEqual({
      defaultTaskStartToCloseTimeout: '30',
      defaultExecutionStartToCloseTimeout: '3600',
      defaultTaskList: { name: 'deciders' },
      defaultTaskPriority: '5',
      defaultChildPolicy: 'ABANDON',
      defaultLambdaRole: 'arn:aws:iam::123456789012:role/swf-lambda',
    });
  });

  it('describes an activity type with exactly its configuration, unset defaults absent', async () => {
    await local.swf.send(
      new RegisterActivityTypeCommand({
        domain: 'types',
        name: 'Charge',
        version: '1',
        defaultTaskHeartbeatTimeout: 'NONE',
        defaultTaskScheduleToCloseTimeout: '300',
        defaultTaskList: { name: 'workers' },
      }),
    );
    const described = await local.swf.send(new DescribeActivityTypeCommand(act('Charge')));
    expect(described.typeInfo).toMatchObject({ activityType: { name: 'Charge', version: '1' }, status: 'REGISTERED' });
    expect(described.typeInfo).not.toHaveProperty('description');
    expect(described.configuration).toEqual({
      defaultTaskHeartbeatTimeout: 'NONE',
      defaultTaskScheduleToCloseTimeout: '300',
      defaultTaskList: { name: 'workers' },
    });
  });

  it('walks the lifecycle with the faults SWF documents at each step', async () => {
    const register = () => local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'types', name: 'Life', version: '1' }));
    await register();
    await expectFault(register(), 'TypeAlreadyExistsFault');
    await expectFault(local.swf.send(new UndeprecateWorkflowTypeCommand(wf('Life'))), 'TypeAlreadyExistsFault');
    await expectFault(local.swf.send(new DeleteWorkflowTypeCommand(wf('Life'))), 'TypeNotDeprecatedFault');

    await local.swf.send(new DeprecateWorkflowTypeCommand(wf('Life')));
    await expectFault(local.swf.send(new DeprecateWorkflowTypeCommand(wf('Life'))), 'TypeDeprecatedFault');
    await expectFault(register(), 'TypeAlreadyExistsFault');
    const deprecated = await local.swf.send(new DescribeWorkflowTypeCommand(wf('Life')));
    expect(deprecated.typeInfo?.status).toBe('DEPRECATED');
    expect(deprecated.typeInfo?.deprecationDate).toBeInstanceOf(Date);

    await local.swf.send(new UndeprecateWorkflowTypeCommand(wf('Life')));
    const revived = await local.swf.send(new DescribeWorkflowTypeCommand(wf('Life')));
    expect(revived.typeInfo?.status).toBe('REGISTERED');
    expect(revived.typeInfo).not.toHaveProperty('deprecationDate');

    await local.swf.send(new DeprecateWorkflowTypeCommand(wf('Life')));
    await local.swf.send(new DeleteWorkflowTypeCommand(wf('Life')));
    await expectFault(local.swf.send(new DescribeWorkflowTypeCommand(wf('Life'))), 'UnknownResourceFault');
    await expectFault(local.swf.send(new DeleteWorkflowTypeCommand(wf('Life'))), 'UnknownResourceFault');
    // Deleted means gone: the same name and version can be registered afresh.
    await register();
  });

  it('gives activity types the same lifecycle', async () => {
    await local.swf.send(new RegisterActivityTypeCommand({ domain: 'types', name: 'Ship', version: '1' }));
    await expectFault(local.swf.send(new DeleteActivityTypeCommand(act('Ship'))), 'TypeNotDeprecatedFault');
    await expectFault(local.swf.send(new UndeprecateActivityTypeCommand(act('Ship'))), 'TypeAlreadyExistsFault');
    await local.swf.send(new DeprecateActivityTypeCommand(act('Ship')));
    await expectFault(local.swf.send(new DeprecateActivityTypeCommand(act('Ship'))), 'TypeDeprecatedFault');
    await local.swf.send(new DeleteActivityTypeCommand(act('Ship')));
    await expectFault(local.swf.send(new DescribeActivityTypeCommand(act('Ship'))), 'UnknownResourceFault');
  });

  it('keeps workflow and activity types apart', async () => {
    await local.swf.send(new RegisterActivityTypeCommand({ domain: 'types', name: 'Same', version: '1' }));
    await local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'types', name: 'Same', version: '1' }));
    await expectFault(local.swf.send(new DescribeWorkflowTypeCommand(wf('Charge'))), 'UnknownResourceFault');
  });

  it('answers UnknownResourceFault for an unknown domain or type', async () => {
    await expectFault(
      local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'missing', name: 'x', version: '1' })),
      'UnknownResourceFault',
    );
    await expectFault(
      local.swf.send(new DescribeActivityTypeCommand({ domain: 'missing', activityType: { name: 'x', version: '1' } })),
      'UnknownResourceFault',
    );
    await expectFault(local.swf.send(new DescribeActivityTypeCommand(act('Nope'))), 'UnknownResourceFault');
    await expectFault(
      local.swf.send(new ListActivityTypesCommand({ domain: 'missing', registrationStatus: 'REGISTERED' })),
      'UnknownResourceFault',
    );
  });
});

describe('swf-local type quota', () => {
  let dataDir: string;
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('allows 10,000 activity types per domain, deprecated ones included, then answers LimitExceededFault', async () => {
    // Seeding 10,000 types over HTTP takes seconds; writing them into a data directory first takes milliseconds and
    // also proves that the quota counts what was loaded from disk.
    dataDir = mkdtempSync(join(tmpdir(), 'swf-local-quota-'));
    const seed = await Store.open(dataDir);
    seed.put<DomainRecord>(DOMAINS, 'full', {
      name: 'full',
      status: 'REGISTERED',
      workflowExecutionRetentionPeriodInDays: '1',
      arn: 'arn:aws:swf:us-east-1:123456789012:/domain/full',
      tags: [],
    });
    for (let i = 0; i < 10_000; i++) {
      const record: TypeRecord = {
        kind: 'activity',
        domain: 'full',
        name: 'a',
        version: String(i),
        status: i === 0 ? 'DEPRECATED' : 'REGISTERED',
        creationDate: Date.now(),
        ...(i === 0 ? { deprecationDate: Date.now() } : {}),
        configuration: {},
      };
      seed.put(ACTIVITY_TYPES, typeKey('full', 'a', String(i)), record);
    }
    seed.close();

    const local = await startLocalSwf({ dataDir });
    try {
      await expectFault(
        local.swf.send(new RegisterActivityTypeCommand({ domain: 'full', name: 'a', version: '0' })),
        'TypeAlreadyExistsFault',
      );
      await expectFault(
        local.swf.send(new RegisterActivityTypeCommand({ domain: 'full', name: 'a', version: 'extra' })),
        'LimitExceededFault',
      );
      // The quota is per kind: workflow types are counted separately.
      await local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'full', name: 'w', version: '1' }));
      // Deleting frees a slot.
      await local.swf.send(new DeleteActivityTypeCommand({ domain: 'full', activityType: { name: 'a', version: '0' } }));
      await local.swf.send(new RegisterActivityTypeCommand({ domain: 'full', name: 'a', version: 'extra' }));
      await expectFault(
        local.swf.send(new RegisterActivityTypeCommand({ domain: 'full', name: 'a', version: 'one-more' })),
        'LimitExceededFault',
      );
    } finally {
      await local.stop();
    }
  });
});
