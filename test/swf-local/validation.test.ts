import {
  DescribeDomainCommand,
  ListDomainsCommand,
  ListDomainsCommandInput,
  ListWorkflowTypesCommand,
  RegisterActivityTypeCommand,
  RegisterActivityTypeCommandInput,
  RegisterDomainCommand,
  RegisterDomainCommandInput,
  RegisterWorkflowTypeCommand,
  RegisterWorkflowTypeCommandInput,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { expectFault, useLocalSwf } from '../support/swf-local';
import { rawCall } from './wire';

describe('swf-local input validation (what the SDK does not check, the server does)', () => {
  const local = useLocalSwf({}, async ({ swf }) => {
    await swf.send(new RegisterDomainCommand({ name: 'valid', workflowExecutionRetentionPeriodInDays: '90' }));
  });

  const domain = (overrides: Partial<RegisterDomainCommandInput>) =>
    local.swf.send(new RegisterDomainCommand({ name: 'candidate', workflowExecutionRetentionPeriodInDays: '1', ...overrides }));

  it.each([
    ['a colon', { name: 'a:b' }],
    ['a slash', { name: 'a/b' }],
    ['a pipe', { name: 'a|b' }],
    ['a control character', { name: 'a\u0001b' }],
    ['a C1 control character', { name: 'a\u0085b' }],
    ["the literal 'arn'", { name: 'arn' }],
    ['leading whitespace', { name: ' padded' }],
    ['trailing whitespace', { name: 'padded ' }],
    ['an empty name', { name: '' }],
    ['a 257-character name', { name: 'd'.repeat(257) }],
    ['retention over 90 days', { workflowExecutionRetentionPeriodInDays: '91' }],
    ['retention that is not a number', { workflowExecutionRetentionPeriodInDays: 'ten' }],
    ['negative retention', { workflowExecutionRetentionPeriodInDays: '-1' }],
    ['empty retention', { workflowExecutionRetentionPeriodInDays: '' }],
    ['a 1025-character description', { description: 'x'.repeat(1025) }],
  ])('RegisterDomain rejects %s', async (_label, overrides) => {
    await expectFault(domain(overrides), 'ValidationException');
    await expect(local.swf.send(new DescribeDomainCommand({ name: 'candidate' }))).rejects.toMatchObject({ name: 'UnknownResourceFault' });
  });

  it('accepts the edges: 256-character names, retention 0 and NONE, names with spaces inside', async () => {
    await domain({ name: 'd'.repeat(256) });
    await domain({ name: 'zero', workflowExecutionRetentionPeriodInDays: '0' });
    await domain({ name: 'with space inside', workflowExecutionRetentionPeriodInDays: 'NONE', description: 'x'.repeat(1024) });
  });

  const workflowType = (overrides: Partial<RegisterWorkflowTypeCommandInput>) =>
    local.swf.send(new RegisterWorkflowTypeCommand({ domain: 'valid', name: 'wf', version: 'v', ...overrides }));

  it.each([
    ['a version with a colon', { version: '1:0' }],
    ['a 65-character version', { version: 'v'.repeat(65) }],
    ["a type named 'arn'", { name: 'arn' }],
    ['a task timeout that is not seconds', { defaultTaskStartToCloseTimeout: '10s' }],
    ['an execution timeout of NONE', { defaultExecutionStartToCloseTimeout: 'NONE' }],
    ['an execution timeout over a year', { defaultExecutionStartToCloseTimeout: '31536001' }],
    ['an unknown child policy', { defaultChildPolicy: 'KILL' as never }],
    ['a priority above int32', { defaultTaskPriority: '2147483648' }],
    ['a priority that is not a number', { defaultTaskPriority: 'high' }],
    ['a task list with a slash', { defaultTaskList: { name: 'a/b' } }],
    ['an empty task list name', { defaultTaskList: { name: '' } }],
  ])('RegisterWorkflowType rejects %s', async (_label, overrides) => {
    await expectFault(workflowType(overrides), 'ValidationException');
  });

  it('accepts a one-year execution timeout, a NONE task timeout and the int32 priority range', async () => {
    await workflowType({ version: 'edges', defaultExecutionStartToCloseTimeout: '31536000', defaultTaskStartToCloseTimeout: 'NONE', defaultTaskPriority: '-2147483648' });
  });

  it.each([
    ['a heartbeat timeout that is not seconds', { defaultTaskHeartbeatTimeout: '1.5' }],
    ['a schedule-to-start timeout of "none"', { defaultTaskScheduleToStartTimeout: 'none' }],
    ['a 9-digit timeout', { defaultTaskScheduleToCloseTimeout: '123456789' }],
  ])('RegisterActivityType rejects %s', async (_label, overrides: Partial<RegisterActivityTypeCommandInput>) => {
    await expectFault(
      local.swf.send(new RegisterActivityTypeCommand({ domain: 'valid', name: 'act', version: '1', ...overrides })),
      'ValidationException',
    );
  });

  it.each([
    ['a missing registrationStatus', {}],
    ['an unknown registrationStatus', { registrationStatus: 'ACTIVE' }],
    ['a page size over 1000', { registrationStatus: 'REGISTERED', maximumPageSize: 1001 }],
    ['a negative page size', { registrationStatus: 'REGISTERED', maximumPageSize: -1 }],
  ])('ListDomains rejects %s', async (_label, input) => {
    await expectFault(local.swf.send(new ListDomainsCommand(input as ListDomainsCommandInput)), 'ValidationException');
  });

  it('rejects a type filter name with forbidden characters', async () => {
    await expectFault(
      local.swf.send(new ListWorkflowTypesCommand({ domain: 'valid', registrationStatus: 'REGISTERED', name: 'a|b' })),
      'ValidationException',
    );
  });

  it('names the field and the rule in the message', async () => {
    await expect(domain({ name: 'a:b' })).rejects.toThrow(/at 'name' failed to satisfy constraint/);
  });

  it.each([
    ['RegisterDomain', { workflowExecutionRetentionPeriodInDays: '1' }],
    ['RegisterDomain', { name: 5, workflowExecutionRetentionPeriodInDays: '1' }],
    ['RegisterDomain', { name: 'x', workflowExecutionRetentionPeriodInDays: 1 }],
    ['RegisterDomain', { name: 'x', workflowExecutionRetentionPeriodInDays: '1', tags: 'team=a' }],
    ['RegisterDomain', { name: 'x', workflowExecutionRetentionPeriodInDays: '1', tags: [{ value: 'no key' }] }],
    ['DescribeDomain', { name: ['list'] }],
    ['RegisterWorkflowType', { domain: 'valid', name: 'wf', version: 'typed', defaultTaskList: 'not-an-object' }],
    ['DescribeWorkflowType', { domain: 'valid', workflowType: 'wf' }],
    ['DescribeWorkflowType', { domain: 'valid' }],
    ['ListDomains', { registrationStatus: 'REGISTERED', reverseOrder: 'yes' }],
    ['ListDomains', { registrationStatus: 'REGISTERED', maximumPageSize: 1.5 }],
    ['UntagResource', { resourceArn: 'arn:aws:swf:us-east-1:123456789012:/domain/valid', tagKeys: 'a' }],
    ['UntagResource', { resourceArn: 'arn:aws:swf:us-east-1:123456789012:/domain/valid' }],
    ['TagResource', { resourceArn: 'arn:aws:swf:us-east-1:123456789012:/domain/valid' }],
    ['ListTagsForResource', {}],
  ])('answers a missing or mistyped field in %s with ValidationException', async (operation, body) => {
    const res = await rawCall(local.server.endpoint, operation, body);
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('com.amazon.coral.validate#ValidationException');
    expect(res.json.message).toEqual(expect.any(String));
  });
});

describe('swf-local control plane under junk input', () => {
  const OPERATIONS = [
    'RegisterDomain', 'DescribeDomain', 'DeprecateDomain', 'UndeprecateDomain', 'ListDomains',
    'RegisterWorkflowType', 'DescribeWorkflowType', 'DeprecateWorkflowType', 'UndeprecateWorkflowType', 'DeleteWorkflowType', 'ListWorkflowTypes',
    'RegisterActivityType', 'DescribeActivityType', 'DeprecateActivityType', 'UndeprecateActivityType', 'DeleteActivityType', 'ListActivityTypes',
    'TagResource', 'UntagResource', 'ListTagsForResource',
  ];
  // Wrong type for every kind of member (string, number, boolean, list, structure).
  const JUNK: unknown[] = [true, ['a'], { name: {} }];
  const FIELDS = [
    'name', 'domain', 'version', 'workflowType', 'activityType', 'registrationStatus', 'maximumPageSize', 'nextPageToken',
    'reverseOrder', 'tags', 'tagKeys', 'resourceArn', 'defaultTaskList', 'workflowExecutionRetentionPeriodInDays',
    'defaultTaskPriority', 'defaultChildPolicy', 'description',
  ];

  const local = useLocalSwf();

  it('answers every junk field of every operation with a 400, never a crash or a 500', async () => {
    await local.swf.send(new RegisterDomainCommand({ name: 'junk', workflowExecutionRetentionPeriodInDays: '1' }));
    const base = { name: 'n', domain: 'junk', version: '1', registrationStatus: 'REGISTERED', workflowExecutionRetentionPeriodInDays: '1' };
    const calls = OPERATIONS.flatMap((operation) => FIELDS.flatMap((field) => JUNK.map((junk) => ({ operation, field, junk }))));
    const answers = await Promise.all(
      calls.map(async ({ operation, field, junk }) => {
        const res = await rawCall(local.server.endpoint, operation, { ...base, [field]: junk });
        return res.status === 200 || res.status === 400 ? undefined : `${operation} ${field}=${JSON.stringify(junk)} -> ${res.status}`;
      }),
    );
    expect(answers.filter(Boolean)).toEqual([]);
    // Still serving, and the domain it started with is intact.
    expect((await local.swf.send(new DescribeDomainCommand({ name: 'junk' }))).configuration).toEqual({
      workflowExecutionRetentionPeriodInDays: '1',
    });
  });
});
