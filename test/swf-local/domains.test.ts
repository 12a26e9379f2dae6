import {
  DeprecateDomainCommand,
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowTypeCommand,
  ListDomainsCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  UndeprecateDomainCommand,
  UndeprecateWorkflowTypeCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { expectFault, useLocalSwf } from '../support/swf-local';

describe('swf-local domains', () => {
  const local = useLocalSwf({ region: 'eu-west-1', accountId: '111122223333' });

  const register = (name: string, extra: Record<string, unknown> = {}) =>
    local.swf.send(new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: '7', ...extra }));

  it('registers a domain and describes it in SWF shape, with a regional ARN', async () => {
    await register('orders', { description: 'Order processing' });
    const described = await local.swf.send(new DescribeDomainCommand({ name: 'orders' }));
    expect(described.domainInfo).toEqual({
      name: 'orders',
      status: 'REGISTERED',
      description: 'Order processing',
      arn: 'arn:aws:swf:eu-west-1:111122223333:/domain/orders',
    });
    expect(described.configuration).toEqual({ workflowExecutionRetentionPeriodInDays: '7' });
  });

  it('omits the description when none was given', async () => {
    await register('no-description', { workflowExecutionRetentionPeriodInDays: 'NONE' });
    const described = await local.swf.send(new DescribeDomainCommand({ name: 'no-description' }));
    expect(described.domainInfo).not.toHaveProperty('description');
    expect(described.configuration?.workflowExecutionRetentionPeriodInDays).toBe('NONE');
  });

  it('refuses to register a name twice, and a deprecated name forever', async () => {
    await register('twice');
    await expectFault(register('twice'), 'DomainAlreadyExistsFault');
    await local.swf.send(new DeprecateDomainCommand({ name: 'twice' }));
    await expectFault(register('twice'), 'DomainAlreadyExistsFault');
  });

  it('answers UnknownResourceFault for a domain that does not exist', async () => {
    await expectFault(local.swf.send(new DescribeDomainCommand({ name: 'nope' })), 'UnknownResourceFault');
    await expectFault(local.swf.send(new DeprecateDomainCommand({ name: 'nope' })), 'UnknownResourceFault');
    await expectFault(local.swf.send(new UndeprecateDomainCommand({ name: 'nope' })), 'UnknownResourceFault');
  });

  it('deprecates a domain once, still describes it, and deprecates its types with it', async () => {
    await register('cascade');
    await local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'cascade', name: 'wf', version: '1' }));
    await local.swf.send(new RegisterActivityTypeCommand({ domain: 'cascade', name: 'act', version: '1' }));
    await local.swf.send(new DeprecateDomainCommand({ name: 'cascade' }));
    await expectFault(local.swf.send(new DeprecateDomainCommand({ name: 'cascade' })), 'DomainDeprecatedFault');

    const domain = await local.swf.send(new DescribeDomainCommand({ name: 'cascade' }));
    expect(domain.domainInfo?.status).toBe('DEPRECATED');
    const wf = await local.swf.send(new DescribeWorkflowTypeCommand({ domain: 'cascade', workflowType: { name: 'wf', version: '1' } }));
    expect(wf.typeInfo?.status).toBe('DEPRECATED');
    expect(wf.typeInfo?.deprecationDate).toBeInstanceOf(Date);
    const act = await local.swf.send(new DescribeActivityTypeCommand({ domain: 'cascade', activityType: { name: 'act', version: '1' } }));
    expect(act.typeInfo?.status).toBe('DEPRECATED');
  });

  it('refuses new types in a deprecated domain with UnknownResourceFault', async () => {
    await register('closed');
    await local.swf.send(new DeprecateDomainCommand({ name: 'closed' }));
    await expectFault(
      local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'closed', name: 'wf', version: '1' })),
      'UnknownResourceFault',
    );
    await expectFault(
      local.swf.send(new RegisterActivityTypeCommand({ domain: 'closed', name: 'act', version: '1' })),
      'UnknownResourceFault',
    );
  });

  it('undeprecates a deprecated domain (types stay deprecated until undeprecated one by one)', async () => {
    await register('revived');
    await local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'revived', name: 'wf', version: '1' }));
    await local.swf.send(new DeprecateDomainCommand({ name: 'revived' }));
    await expectFault(
      local.swf.send(new UndeprecateWorkflowTypeCommand({ domain: 'revived', workflowType: { name: 'wf', version: '1' } })),
      'UnknownResourceFault',
    );
    await local.swf.send(new UndeprecateDomainCommand({ name: 'revived' }));
    await expectFault(local.swf.send(new UndeprecateDomainCommand({ name: 'revived' })), 'DomainAlreadyExistsFault');
    expect((await local.swf.send(new DescribeDomainCommand({ name: 'revived' }))).domainInfo?.status).toBe('REGISTERED');

    const wfRef = { domain: 'revived', workflowType: { name: 'wf', version: '1' } };
    expect((await local.swf.send(new DescribeWorkflowTypeCommand(wfRef))).typeInfo?.status).toBe('DEPRECATED');
    await local.swf.send(new UndeprecateWorkflowTypeCommand(wfRef));
    expect((await local.swf.send(new DescribeWorkflowTypeCommand(wfRef))).typeInfo?.status).toBe('REGISTERED');
    await local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'revived', name: 'wf', version: '2' }));
  });

  it('lists registered and deprecated domains separately, sorted by name', async () => {
    const listed = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
    const names = listed.domainInfos!.map((d) => d.name!);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('orders');
    expect(names).not.toContain('cascade');
    const deprecated = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'DEPRECATED' }));
    expect(deprecated.domainInfos!.map((d) => d.name)).toEqual(['cascade', 'closed', 'twice']);
    expect(deprecated.nextPageToken).toBeUndefined();
  });
});

describe('swf-local domain quota', () => {
  const local = useLocalSwf();

  it('allows 100 domains, deprecated ones included, then answers LimitExceededFault', async () => {
    for (let i = 0; i < 100; i++) {
      await local.swf.send(new RegisterDomainCommand({ name: `d${i}`, workflowExecutionRetentionPeriodInDays: '1' }));
    }
    await local.swf.send(new DeprecateDomainCommand({ name: 'd0' }));
    await expectFault(
      local.swf.send(new RegisterDomainCommand({ name: 'one-too-many', workflowExecutionRetentionPeriodInDays: '1' })),
      'LimitExceededFault',
    );
  });
});
