import {
  DeprecateActivityTypeCommand,
  DeprecateDomainCommand,
  DescribeActivityTypeCommand,
  DescribeWorkflowTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { ACTIVITY, createEvent, deleteEvent, updateEvent, useLocalHandler, WORKFLOW } from './support';

const local = useLocalHandler();
let counter = 0;

async function newDomain(): Promise<string> {
  const name = `handler-types-${++counter}`;
  await local.swf.send(new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: '1' }));
  return name;
}

function workflowProps(domain: string, extra: Record<string, unknown> = {}) {
  return {
    Domain: domain,
    Name: 'ProcessOrder',
    Version: '1',
    Description: 'processes an order',
    DefaultTaskList: 'orders',
    DefaultTaskStartToCloseTimeout: '30',
    DefaultExecutionStartToCloseTimeout: '3600',
    DefaultChildPolicy: 'TERMINATE',
    ...extra,
  };
}

function activityProps(domain: string, extra: Record<string, unknown> = {}) {
  return {
    Domain: domain,
    Name: 'ChargeCard',
    Version: '1',
    DefaultTaskList: 'payments',
    DefaultTaskPriority: '5',
    DefaultTaskStartToCloseTimeout: '60',
    DefaultTaskHeartbeatTimeout: 'NONE',
    DefaultTaskScheduleToStartTimeout: '300',
    DefaultTaskScheduleToCloseTimeout: '360',
    ...extra,
  };
}

function describeWorkflow(domain: string, version = '1') {
  return local.swf.send(new DescribeWorkflowTypeCommand({ domain, workflowType: { name: 'ProcessOrder', version } }));
}

function describeActivity(domain: string, version = '1') {
  return local.swf.send(new DescribeActivityTypeCommand({ domain, activityType: { name: 'ChargeCard', version } }));
}

describe('workflow types', () => {
  it('registers with one call and returns an id naming kind, domain, name and version', async () => {
    const domain = await newDomain();
    local.calls.length = 0;

    const result = await local.handler.run(createEvent(WORKFLOW, workflowProps(domain)));

    expect(local.calls).toEqual(['RegisterWorkflowType']);
    expect(result).toEqual({
      PhysicalResourceId: `WorkflowType|${domain}|ProcessOrder|1`,
      Data: { Domain: domain, Name: 'ProcessOrder', Version: '1' },
    });
    const described = await describeWorkflow(domain);
    expect(described.typeInfo?.status).toBe('REGISTERED');
    expect(described.configuration).toMatchObject({
      defaultTaskList: { name: 'orders' },
      defaultTaskStartToCloseTimeout: '30',
      defaultExecutionStartToCloseTimeout: '3600',
      defaultChildPolicy: 'TERMINATE',
    });
  });

  it('accepts a {name} task list and numeric timeouts as the same configuration (retried Create adopts)', async () => {
    const domain = await newDomain();
    await local.handler.run(createEvent(WORKFLOW, workflowProps(domain)));
    local.calls.length = 0;

    const result = await local.handler.run(
      createEvent(WORKFLOW, workflowProps(domain, { DefaultTaskList: { name: 'orders' }, DefaultTaskStartToCloseTimeout: 30 })),
    );

    expect(result.PhysicalResourceId).toBe(`WorkflowType|${domain}|ProcessOrder|1`);
    expect(local.calls).toEqual(['RegisterWorkflowType', 'DescribeWorkflowType']);
  });

  it('fails a Create on a conflicting type, listing every difference and the fix', async () => {
    const domain = await newDomain();
    await local.swf.send(
      new RegisterWorkflowTypeCommand({ domain, name: 'ProcessOrder', version: '1', defaultTaskList: { name: 'other' }, defaultChildPolicy: 'ABANDON' }),
    );

    await expect(local.handler.run(createEvent(WORKFLOW, workflowProps(domain)))).rejects.toThrow(
      `workflow type 'ProcessOrder' version '1' in domain '${domain}' already exists in SWF (registered) with a different configuration: ` +
        'Description ours "processes an order" vs SWF\'s (unset); DefaultTaskList ours "orders" vs SWF\'s "other"; ' +
        'DefaultTaskStartToCloseTimeout ours "30" vs SWF\'s (unset); DefaultExecutionStartToCloseTimeout ours "3600" vs SWF\'s (unset); ' +
        'DefaultChildPolicy ours "TERMINATE" vs SWF\'s "ABANDON"; nothing was changed: SWF types are immutable, so register a new version (change Version)',
    );
    expect((await describeWorkflow(domain)).configuration?.defaultChildPolicy).toBe('ABANDON');
  });

  it('rejects an immutable change before any write; a new Version replaces the type and the old one is deprecated', async () => {
    const domain = await newDomain();
    const v1 = workflowProps(domain);
    const created = await local.handler.run(createEvent(WORKFLOW, v1));
    local.calls.length = 0;

    await expect(local.handler.run(updateEvent(WORKFLOW, created.PhysicalResourceId, workflowProps(domain, { DefaultChildPolicy: 'ABANDON' }), v1))).rejects.toThrow(
      `cannot change DefaultChildPolicy from "TERMINATE" to "ABANDON" of workflow type 'ProcessOrder' version '1' in domain '${domain}' in place, ` +
        'nothing was changed: SWF types are immutable, so change Version to register a new version',
    );
    expect(local.calls).toEqual(['DescribeWorkflowType']);

    const v2 = workflowProps(domain, { Version: '2', DefaultChildPolicy: 'ABANDON' });
    const replaced = await local.handler.run(updateEvent(WORKFLOW, created.PhysicalResourceId, v2, v1));
    expect(replaced.PhysicalResourceId).toBe(`WorkflowType|${domain}|ProcessOrder|2`);
    await local.handler.run(deleteEvent(WORKFLOW, created.PhysicalResourceId, v1));

    expect((await describeWorkflow(domain, '1')).typeInfo?.status).toBe('DEPRECATED');
    expect((await describeWorkflow(domain, '2')).typeInfo?.status).toBe('REGISTERED');
    expect((await describeWorkflow(domain, '2')).configuration?.defaultChildPolicy).toBe('ABANDON');
  });

  it('rolls back a replacement: the Update back to the old version adopts it, and the new one is deleted', async () => {
    const domain = await newDomain();
    const v1 = workflowProps(domain);
    const v2 = workflowProps(domain, { Version: '2' });
    const created = await local.handler.run(createEvent(WORKFLOW, v1));
    const replaced = await local.handler.run(updateEvent(WORKFLOW, created.PhysicalResourceId, v2, v1));

    const rolledBack = await local.handler.run(updateEvent(WORKFLOW, replaced.PhysicalResourceId, v1, v2));
    await local.handler.run(deleteEvent(WORKFLOW, replaced.PhysicalResourceId, v2));

    expect(rolledBack).toEqual(created);
    expect((await describeWorkflow(domain, '1')).typeInfo?.status).toBe('REGISTERED');
    expect((await describeWorkflow(domain, '2')).typeInfo?.status).toBe('DEPRECATED');
  });

  it('makes no SWF call for a no-op Update', async () => {
    const domain = await newDomain();
    const created = await local.handler.run(createEvent(WORKFLOW, workflowProps(domain)));
    local.calls.length = 0;

    const result = await local.handler.run(updateEvent(WORKFLOW, created.PhysicalResourceId, workflowProps(domain), workflowProps(domain, { DefaultExecutionStartToCloseTimeout: 3600 })));

    expect(result).toEqual(created);
    expect(local.calls).toEqual([]);
  });

  it('fails clearly when the domain does not exist', async () => {
    await expect(local.handler.run(createEvent(WORKFLOW, workflowProps('no-such-domain')))).rejects.toThrow(
      "cannot register workflow type 'ProcessOrder' version '1' in domain 'no-such-domain': the domain does not exist in SWF; " +
        'create the Domain in the same stack (make the type depend on it) or fix the Domain property',
    );
  });

  it('fails at once when the domain is deprecated', async () => {
    const domain = await newDomain();
    await local.swf.send(new DeprecateDomainCommand({ name: domain }));
    await expect(local.handler.run(createEvent(WORKFLOW, workflowProps(domain)))).rejects.toThrow(`in domain '${domain}': the domain is deprecated in SWF`);
  });
});

it('re-creates a deleted stack: the domain and then its types are undeprecated', async () => {
  const domainProps = { Name: `handler-types-${++counter}`, WorkflowExecutionRetentionPeriodInDays: '3' };
  const domain = await local.handler.run(createEvent('Custom::SwfDomain', domainProps));
  const type = await local.handler.run(createEvent(ACTIVITY, activityProps(domainProps.Name)));
  await local.handler.run(deleteEvent(ACTIVITY, type.PhysicalResourceId));
  await local.handler.run(deleteEvent('Custom::SwfDomain', domain.PhysicalResourceId));

  await local.handler.run(createEvent('Custom::SwfDomain', domainProps));
  await local.handler.run(createEvent(ACTIVITY, activityProps(domainProps.Name)));

  expect((await describeActivity(domainProps.Name)).typeInfo?.status).toBe('REGISTERED');
});

describe('activity types', () => {
  it('registers, adopts, undeprecates and deprecates', async () => {
    const domain = await newDomain();
    const created = await local.handler.run(createEvent(ACTIVITY, activityProps(domain)));
    expect(created.PhysicalResourceId).toBe(`ActivityType|${domain}|ChargeCard|1`);
    expect((await describeActivity(domain)).configuration).toMatchObject({
      defaultTaskList: { name: 'payments' },
      defaultTaskPriority: '5',
      defaultTaskHeartbeatTimeout: 'NONE',
      defaultTaskScheduleToCloseTimeout: '360',
    });

    await local.swf.send(new DeprecateActivityTypeCommand({ domain, activityType: { name: 'ChargeCard', version: '1' } }));
    local.calls.length = 0;
    await local.handler.run(createEvent(ACTIVITY, activityProps(domain, { DefaultTaskPriority: 5 })));
    expect(local.calls).toEqual(['RegisterActivityType', 'DescribeActivityType', 'UndeprecateActivityType', 'DescribeActivityType']);
    expect((await describeActivity(domain)).typeInfo?.status).toBe('REGISTERED');

    local.calls.length = 0;
    await local.handler.run(deleteEvent(ACTIVITY, created.PhysicalResourceId));
    expect(local.calls).toEqual(['DeprecateActivityType', 'DescribeActivityType']);
    expect((await describeActivity(domain)).typeInfo?.status).toBe('DEPRECATED');
  });

  it('treats an unset priority and "0" as the same', async () => {
    const domain = await newDomain();
    await local.handler.run(createEvent(ACTIVITY, activityProps(domain, { DefaultTaskPriority: '0' })));
    await expect(local.handler.run(createEvent(ACTIVITY, activityProps(domain, { DefaultTaskPriority: undefined })))).resolves.toBeDefined();
  });

  it('counts Deletes of deprecated types, unknown types and types of deprecated or unknown domains as done', async () => {
    const domain = await newDomain();
    const created = await local.handler.run(createEvent(ACTIVITY, activityProps(domain)));
    await local.handler.run(deleteEvent(ACTIVITY, created.PhysicalResourceId));

    await expect(local.handler.run(deleteEvent(ACTIVITY, created.PhysicalResourceId))).resolves.toBeDefined();
    await expect(local.handler.run(deleteEvent(ACTIVITY, `ActivityType|${domain}|Unknown|1`))).resolves.toBeDefined();
    await expect(local.handler.run(deleteEvent(ACTIVITY, 'ActivityType|no-such-domain|ChargeCard|1'))).resolves.toBeDefined();

    const other = await newDomain();
    const inOther = await local.handler.run(createEvent(ACTIVITY, activityProps(other)));
    await local.swf.send(new DeprecateDomainCommand({ name: other }));
    await expect(local.handler.run(deleteEvent(ACTIVITY, inOther.PhysicalResourceId))).resolves.toBeDefined();
  });

  it('fails on Tags, which SWF types cannot have', async () => {
    await expect(local.handler.run(createEvent(ACTIVITY, activityProps('d', { Tags: [{ Key: 'a', Value: 'b' }] })))).rejects.toThrow(
      'invalid Custom::SwfActivityType properties: Tags is not supported: SWF can tag only domains: remove the tags from this type',
    );
  });
});
