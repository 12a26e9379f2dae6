import { describe, expect, it } from 'vitest';
import { parsePhysicalId, parseProperties, validateProperties } from '../../lambda/swf-resource';
import { ACTIVITY, DOMAIN, WORKFLOW } from './support';

describe('parseProperties', () => {
  it('reads a domain in the current format, ignoring ServiceToken', () => {
    expect(
      parseProperties(DOMAIN, {
        ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        Name: 'orders',
        WorkflowExecutionRetentionPeriodInDays: '30',
        Description: 'Order processing',
        Tags: [{ Key: 'team', Value: 'payments' }],
      }),
    ).toEqual({ kind: 'domain', name: 'orders', retentionPeriodInDays: '30', description: 'Order processing', tags: { team: 'payments' } });
  });

  it('is lenient: numbers, {name} task lists, tag maps, lowercase tag keys and JSON tags', () => {
    expect(parseProperties(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: 0, Tags: { a: '1' } })).toMatchObject({
      retentionPeriodInDays: '0',
      tags: { a: '1' },
    });
    expect(parseProperties(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: 'NONE', Tags: [{ key: 'a', value: '1' }] })).toMatchObject({
      retentionPeriodInDays: 'NONE',
      tags: { a: '1' },
    });
    expect(parseProperties(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '1', Tags: '[{"Key":"a","Value":"1"}]' }).kind).toBe('domain');
    expect(
      parseProperties(WORKFLOW, {
        Domain: 'd',
        Name: 'W',
        Version: 2,
        DefaultTaskList: { name: 'main' },
        DefaultTaskPriority: -3,
        DefaultExecutionStartToCloseTimeout: 86400,
        DefaultChildPolicy: 'ABANDON',
        DefaultLambdaRole: 'arn:aws:iam::123456789012:role/swf-lambda',
      }),
    ).toEqual({
      kind: 'workflowType',
      domain: 'd',
      name: 'W',
      version: '2',
      description: undefined,
      defaultTaskList: 'main',
      defaultTaskPriority: '-3',
      defaultTaskStartToCloseTimeout: undefined,
      defaultExecutionStartToCloseTimeout: '86400',
      defaultChildPolicy: 'ABANDON',
      defaultLambdaRole: 'arn:aws:iam::123456789012:role/swf-lambda',
    });
  });

  it('treats empty strings as unset', () => {
    expect(parseProperties(ACTIVITY, { Domain: 'd', Name: 'A', Version: '1', Description: '', DefaultTaskList: '' })).toMatchObject({
      description: undefined,
      defaultTaskList: undefined,
    });
  });

  it('fails with every problem in one line', () => {
    expect(() =>
      parseProperties(ACTIVITY, {
        Domain: ' d',
        Name: 'arn',
        DefaultTaskPriority: '1.5',
        DefaultTaskHeartbeatTimeout: '-1',
        DefaultTaskList: 'a|b',
      }),
    ).toThrow(
      'invalid Custom::SwfActivityType properties: Domain " d" must not start or end with whitespace; ' +
        'Name "arn" must not be the literal string \'arn\'; Version is required; ' +
        'DefaultTaskList "a|b" must not contain \':\', \'/\', \'|\' or control characters; ' +
        'DefaultTaskPriority "1.5" must be a whole number from -2147483648 to 2147483647; ' +
        'DefaultTaskHeartbeatTimeout "-1" must be a whole number of seconds (at most 8 digits), or NONE',
    );
  });

  it('applies SWF limits: lengths, the one-year execution cap, child policies, role ARNs and tags', () => {
    const problems = (type: string, props: Record<string, unknown>) => validateProperties(type, props).problems;
    expect(problems(WORKFLOW, { Domain: 'd', Name: 'W', Version: 'v'.repeat(65) })).toEqual(['Version "' + 'v'.repeat(65) + '" must be 1-64 characters long']);
    expect(problems(WORKFLOW, { Domain: 'd', Name: 'W', Version: '1', DefaultExecutionStartToCloseTimeout: 'NONE' })).toEqual([
      'DefaultExecutionStartToCloseTimeout "NONE" must be a whole number of seconds from 0 to 31536000 (one year)',
    ]);
    // SWF's API reference: "an integer greater than or equal to 0"; a type registered with 0 must be adoptable.
    expect(problems(WORKFLOW, { Domain: 'd', Name: 'W', Version: '1', DefaultExecutionStartToCloseTimeout: '0' })).toEqual([]);
    expect(problems(WORKFLOW, { Domain: 'd', Name: 'W', Version: '1', DefaultExecutionStartToCloseTimeout: '31536001' })).toHaveLength(1);
    expect(problems(WORKFLOW, { Domain: 'd', Name: 'W', Version: '1', DefaultChildPolicy: 'KILL' })).toEqual([
      'DefaultChildPolicy "KILL" must be one of TERMINATE, REQUEST_CANCEL, ABANDON',
    ]);
    expect(problems(WORKFLOW, { Domain: 'd', Name: 'W', Version: '1', DefaultLambdaRole: 'swf-role' })).toEqual([
      'DefaultLambdaRole "swf-role" must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)',
    ]);
    expect(problems(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '1', Description: 'x'.repeat(1025) })).toHaveLength(1);
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(problems(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '1', Tags: tooMany })).toEqual([
      'Tags has 51 tags: SWF allows at most 50 per domain',
    ]);
    expect(problems(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '1', Tags: [{ Key: 'a#', Value: 'x' }, { Key: 'b', Value: 'ok' }, { Value: 'no key' }] })).toEqual([
      'Tags must be a list of {Key, Value} objects',
    ]);
    expect(problems(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '1', Tags: [{ Key: 'a#', Value: 'x' }] })).toEqual([
      'tag key "a#" may contain only letters, digits, spaces and _ . : / = + - @',
    ]);
    expect(problems(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: true })).toEqual([
      'WorkflowExecutionRetentionPeriodInDays must be a string, got boolean',
    ]);
  });

  it('warns about unknown properties instead of failing (formats evolve)', () => {
    const result = validateProperties(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '1', Future: 'x' });
    expect(result.spec?.kind).toBe('domain');
    expect(result.warnings).toEqual(["ignored unknown property 'Future'"]);
  });

  it('rejects an unknown resource type', () => {
    expect(() => parseProperties('Custom::Other', {})).toThrow(
      "invalid Custom::Other properties: unknown resource type 'Custom::Other': expected one of Custom::SwfDomain, Custom::SwfWorkflowType, Custom::SwfActivityType",
    );
  });
});

describe('parsePhysicalId', () => {
  it('reads back the ids the handler issues and nothing else', () => {
    expect(parsePhysicalId('workflowType', 'WorkflowType|d|W|1')).toEqual({ kind: 'workflowType', domain: 'd', name: 'W', version: '1' });
    expect(parsePhysicalId('activityType', 'WorkflowType|d|W|1')).toBeUndefined();
    expect(parsePhysicalId('domain', 'orders')).toEqual({ kind: 'domain', name: 'orders' });
    expect(parsePhysicalId('domain', 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED')).toBeUndefined();
    expect(parsePhysicalId('activityType', 'ActivityType|d|A')).toBeUndefined();
  });
});
