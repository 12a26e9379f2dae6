import { DescribeDomainCommand, ListTagsForResourceCommand, RegisterDomainCommand, DeprecateDomainCommand } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, createEvent, deleteEvent, DOMAIN, updateEvent, useLocalHandler } from './support';

const local = useLocalHandler();
let counter = 0;

/** A fresh domain name per test: SWF never frees a domain name. */
function uniqueName(): string {
  return `handler-domain-${++counter}`;
}

function arnOf(name: string): string {
  return `arn:aws:swf:us-east-1:${ACCOUNT}:/domain/${name}`;
}

async function describeDomain(name: string) {
  return local.swf.send(new DescribeDomainCommand({ name }));
}

async function tagsOf(name: string): Promise<Record<string, string>> {
  const { tags } = await local.swf.send(new ListTagsForResourceCommand({ resourceArn: arnOf(name) }));
  return Object.fromEntries((tags ?? []).map((t) => [t.key!, t.value ?? '']));
}

function props(name: string, extra: Record<string, unknown> = {}) {
  return { Name: name, WorkflowExecutionRetentionPeriodInDays: '7', Description: 'orders', ...extra };
}

describe('Create', () => {
  it('registers an absent domain with one SWF call and returns its name and ARN', async () => {
    const name = uniqueName();
    local.calls.length = 0;
    const result = await local.handler.run(createEvent(DOMAIN, props(name, { Tags: [{ Key: 'team', Value: 'payments' }] })));

    expect(local.calls).toEqual(['RegisterDomain']);
    expect(result).toEqual({ PhysicalResourceId: name, Data: { Name: name, Arn: arnOf(name) } });
    const described = await describeDomain(name);
    expect(described.domainInfo).toMatchObject({ status: 'REGISTERED', description: 'orders', arn: arnOf(name) });
    expect(described.configuration?.workflowExecutionRetentionPeriodInDays).toBe('7');
    expect(await tagsOf(name)).toEqual({ team: 'payments' });
  });

  it('adopts an identical registered domain (a retried Create) and changes nothing', async () => {
    const name = uniqueName();
    const event = createEvent(DOMAIN, props(name, { Tags: [{ Key: 'team', Value: 'payments' }] }));
    const first = await local.handler.run(event);
    local.calls.length = 0;

    const second = await local.handler.run(event);

    expect(second).toEqual(first);
    expect(local.calls).toEqual(['RegisterDomain', 'DescribeDomain', 'ListTagsForResource']);
  });

  it('reads numbers as strings: retention 7 is the same as "7"', async () => {
    const name = uniqueName();
    await local.handler.run(createEvent(DOMAIN, props(name)));
    const adopted = await local.handler.run(createEvent(DOMAIN, props(name, { WorkflowExecutionRetentionPeriodInDays: 7 })));
    expect(adopted.PhysicalResourceId).toBe(name);
  });

  it('adopts an identical domain with other tags and updates the tags in place', async () => {
    const name = uniqueName();
    await local.swf.send(
      new RegisterDomainCommand({
        name,
        workflowExecutionRetentionPeriodInDays: '7',
        description: 'orders',
        tags: [
          { key: 'team', value: 'old' },
          { key: 'stray', value: 'x' },
        ],
      }),
    );

    await local.handler.run(createEvent(DOMAIN, props(name, { Tags: { team: 'payments', env: 'prod' } })));

    expect(await tagsOf(name)).toEqual({ team: 'payments', env: 'prod' });
  });

  it('undeprecates an identical deprecated domain', async () => {
    const name = uniqueName();
    await local.handler.run(createEvent(DOMAIN, props(name)));
    await local.swf.send(new DeprecateDomainCommand({ name }));
    local.calls.length = 0;

    const result = await local.handler.run(createEvent(DOMAIN, props(name)));

    expect(result.PhysicalResourceId).toBe(name);
    expect((await describeDomain(name)).domainInfo?.status).toBe('REGISTERED');
    expect(local.calls).toContain('UndeprecateDomain');
  });

  it('fails, changing nothing, when the domain exists with another configuration, listing each difference', async () => {
    const name = uniqueName();
    await local.swf.send(new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: '30' }));
    local.calls.length = 0;

    const attempt = local.handler.run(createEvent(DOMAIN, props(name)));

    await expect(attempt).rejects.toThrow(
      `domain '${name}' already exists in SWF (registered) with a different configuration: ` +
        `WorkflowExecutionRetentionPeriodInDays ours "7" vs SWF's "30"; Description ours "orders" vs SWF's (unset); ` +
        'nothing was changed: SWF cannot change a domain\'s settings, so give the Domain a new name',
    );
    expect(local.calls).toEqual(['RegisterDomain', 'DescribeDomain']);
    expect((await describeDomain(name)).configuration?.workflowExecutionRetentionPeriodInDays).toBe('30');
  });

  it('fails with every property problem in one line, before calling SWF', async () => {
    local.calls.length = 0;
    const attempt = local.handler.run(createEvent(DOMAIN, { Name: 'bad:name', WorkflowExecutionRetentionPeriodInDays: '91' }));
    await expect(attempt).rejects.toThrow(
      'invalid Custom::SwfDomain properties: Name "bad:name" must not contain \':\', \'/\', \'|\' or control characters; ' +
        'WorkflowExecutionRetentionPeriodInDays "91" must be a whole number of days from 0 to 90, or NONE',
    );
    expect(local.calls).toEqual([]);
  });
});

describe('Update', () => {
  it('makes no SWF call when nothing changed (numbers and strings alike)', async () => {
    const name = uniqueName();
    const created = await local.handler.run(createEvent(DOMAIN, props(name, { Tags: [{ Key: 'a', Value: '1' }] })));
    local.calls.length = 0;

    const result = await local.handler.run(
      updateEvent(DOMAIN, name, props(name, { Tags: { a: '1' } }), props(name, { WorkflowExecutionRetentionPeriodInDays: 7, Tags: [{ Key: 'a', Value: '1' }] })),
    );

    expect(local.calls).toEqual([]);
    expect(result).toEqual(created);
  });

  it('updates tags in place with UntagResource and TagResource', async () => {
    const name = uniqueName();
    const before = props(name, { Tags: [{ Key: 'keep', Value: '1' }, { Key: 'drop', Value: '2' }, { Key: 'change', Value: 'old' }] });
    const after = props(name, { Tags: [{ Key: 'keep', Value: '1' }, { Key: 'change', Value: 'new' }, { Key: 'add', Value: '3' }] });
    await local.handler.run(createEvent(DOMAIN, before));
    local.calls.length = 0;

    const result = await local.handler.run(updateEvent(DOMAIN, name, after, before));

    expect(result.PhysicalResourceId).toBe(name);
    expect(local.calls).toEqual(['UntagResource', 'TagResource']);
    expect(await tagsOf(name)).toEqual({ keep: '1', change: 'new', add: '3' });

    // CloudFormation's rollback sends the same Update with old and new swapped.
    await local.handler.run(updateEvent(DOMAIN, name, before, after));
    expect(await tagsOf(name)).toEqual({ keep: '1', drop: '2', change: 'old' });
  });

  it('fails an immutable change without changing SWF, naming the setting and the fix; the rollback Update succeeds', async () => {
    const name = uniqueName();
    const before = props(name);
    const after = props(name, { WorkflowExecutionRetentionPeriodInDays: '30', Tags: { added: 'x' } });
    await local.handler.run(createEvent(DOMAIN, before));
    local.calls.length = 0;

    await expect(local.handler.run(updateEvent(DOMAIN, name, after, before))).rejects.toThrow(
      `cannot change WorkflowExecutionRetentionPeriodInDays from "7" to "30" of domain '${name}' in place, nothing was changed: ` +
        "SWF fixes a domain's settings when it is registered, so give the Domain a new name to replace it",
    );
    // Only a read, to tell this apart from a rollback: no write of any kind.
    expect(local.calls).toEqual(['DescribeDomain']);
    expect((await describeDomain(name)).configuration?.workflowExecutionRetentionPeriodInDays).toBe('7');
    expect(await tagsOf(name)).toEqual({});

    local.calls.length = 0;
    const rollback = await local.handler.run(updateEvent(DOMAIN, name, before, after));
    expect(rollback).toEqual({ PhysicalResourceId: name, Data: { Name: name, Arn: arnOf(name) } });
    expect(local.calls.filter((c) => !c.startsWith('Describe') && !c.startsWith('List'))).toEqual([]);
  });

  it('replaces the domain when its name changes, and the Delete that follows deprecates the old one', async () => {
    const oldName = uniqueName();
    const newName = uniqueName();
    await local.handler.run(createEvent(DOMAIN, props(oldName)));

    const result = await local.handler.run(updateEvent(DOMAIN, oldName, props(newName, { WorkflowExecutionRetentionPeriodInDays: '30' }), props(oldName)));
    expect(result).toEqual({ PhysicalResourceId: newName, Data: { Name: newName, Arn: arnOf(newName) } });
    expect((await describeDomain(newName)).configuration?.workflowExecutionRetentionPeriodInDays).toBe('30');

    await local.handler.run(deleteEvent(DOMAIN, oldName, props(oldName)));
    expect((await describeDomain(oldName)).domainInfo?.status).toBe('DEPRECATED');
    expect((await describeDomain(newName)).domainInfo?.status).toBe('REGISTERED');
  });
});

describe('Delete', () => {
  it('deprecates the domain', async () => {
    const name = uniqueName();
    await local.handler.run(createEvent(DOMAIN, props(name)));
    local.calls.length = 0;

    const result = await local.handler.run(deleteEvent(DOMAIN, name, props(name)));

    expect(result.PhysicalResourceId).toBe(name);
    expect(local.calls).toEqual(['DeprecateDomain', 'DescribeDomain']);
    expect((await describeDomain(name)).domainInfo?.status).toBe('DEPRECATED');
  });

  it('counts an already deprecated domain as deleted', async () => {
    const name = uniqueName();
    await local.handler.run(createEvent(DOMAIN, props(name)));
    await local.handler.run(deleteEvent(DOMAIN, name));
    local.calls.length = 0;

    await expect(local.handler.run(deleteEvent(DOMAIN, name))).resolves.toMatchObject({ PhysicalResourceId: name });
    expect(local.calls).toEqual(['DeprecateDomain']);
  });

  it('counts an unknown domain as deleted', async () => {
    await expect(local.handler.run(deleteEvent(DOMAIN, 'never-registered'))).resolves.toMatchObject({ PhysicalResourceId: 'never-registered' });
  });

  it("makes no SWF call for a physical id it never issued (the Provider framework's CREATE_FAILED marker)", async () => {
    local.calls.length = 0;
    await local.handler.run(deleteEvent(DOMAIN, 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'));
    expect(local.calls).toEqual([]);
  });

  it('re-creating a deleted domain with the same settings undeprecates it', async () => {
    const name = uniqueName();
    await local.handler.run(createEvent(DOMAIN, props(name)));
    await local.handler.run(deleteEvent(DOMAIN, name));
    await local.handler.run(createEvent(DOMAIN, props(name)));
    expect((await describeDomain(name)).domainInfo?.status).toBe('REGISTERED');
  });
});

describe('without an account to build the ARN from', () => {
  it('asks SWF for the ARN', async () => {
    const name = uniqueName();
    const event = { ...createEvent(DOMAIN, props(name)), ServiceToken: 'cdk-swf:in-process', ResourceProperties: props(name) };
    const result = await local.handler.run(event);
    expect(result.Data).toEqual({ Name: name, Arn: arnOf(name) });
  });
});

it('logs one line per SWF call', async () => {
  const name = uniqueName();
  local.handler.log.length = 0;
  await local.handler.run(createEvent(DOMAIN, props(name)));
  expect(local.handler.log.filter((line) => line.startsWith('swf '))).toEqual([expect.stringMatching(new RegExp(`^swf RegisterDomain name="${name}" -> ok \\(\\d+ ms\\)$`))]);
});
