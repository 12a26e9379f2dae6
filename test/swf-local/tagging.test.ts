import {
  DeprecateDomainCommand,
  ListTagsForResourceCommand,
  RegisterDomainCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { expectFault, useLocalSwf } from '../support/swf-local';

const arnOf = (name: string) => `arn:aws:swf:us-east-1:123456789012:/domain/${name}`;
const manyTags = (count: number, prefix = 'k') => Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));

describe('swf-local domain tagging', () => {
  const local = useLocalSwf();

  const tagsOf = async (name: string) => (await local.swf.send(new ListTagsForResourceCommand({ resourceArn: arnOf(name) }))).tags;

  it('keeps the tags given at registration and lists them by ARN', async () => {
    await local.swf.send(
      new RegisterDomainCommand({
        name: 'tagged',
        workflowExecutionRetentionPeriodInDays: '1',
        tags: [{ key: 'team', value: 'payments' }, { key: 'cost-center' }],
      }),
    );
    expect(await tagsOf('tagged')).toEqual([{ key: 'team', value: 'payments' }, { key: 'cost-center' }]);
  });

  it('adds and overwrites tags with TagResource and removes them with UntagResource', async () => {
    await local.swf.send(new RegisterDomainCommand({ name: 'retag', workflowExecutionRetentionPeriodInDays: '1', tags: [{ key: 'a', value: '1' }] }));
    await local.swf.send(new TagResourceCommand({ resourceArn: arnOf('retag'), tags: [{ key: 'a', value: '2' }, { key: 'b', value: 'x y:z/=+-@._' }] }));
    expect(await tagsOf('retag')).toEqual([{ key: 'a', value: '2' }, { key: 'b', value: 'x y:z/=+-@._' }]);
    await local.swf.send(new UntagResourceCommand({ resourceArn: arnOf('retag'), tagKeys: ['a', 'not-there'] }));
    expect(await tagsOf('retag')).toEqual([{ key: 'b', value: 'x y:z/=+-@._' }]);
  });

  it('still tags a deprecated domain (only tags can change on a domain, and cleanup needs them)', async () => {
    await local.swf.send(new RegisterDomainCommand({ name: 'old', workflowExecutionRetentionPeriodInDays: '1' }));
    await local.swf.send(new DeprecateDomainCommand({ name: 'old' }));
    await local.swf.send(new TagResourceCommand({ resourceArn: arnOf('old'), tags: [{ key: 'retired', value: 'yes' }] }));
    expect(await tagsOf('old')).toEqual([{ key: 'retired', value: 'yes' }]);
  });

  it('answers TooManyTagsFault past 50 tags, at registration and when tagging, changing nothing', async () => {
    await expectFault(
      local.swf.send(new RegisterDomainCommand({ name: 'crowded', workflowExecutionRetentionPeriodInDays: '1', tags: manyTags(51) })),
      'TooManyTagsFault',
    );
    await local.swf.send(new RegisterDomainCommand({ name: 'crowded', workflowExecutionRetentionPeriodInDays: '1', tags: manyTags(50) }));
    // Overwriting existing keys is fine; one new key is one too many.
    await local.swf.send(new TagResourceCommand({ resourceArn: arnOf('crowded'), tags: manyTags(10) }));
    await expect(
      local.swf.send(new TagResourceCommand({ resourceArn: arnOf('crowded'), tags: [{ key: 'k0', value: 'changed' }, { key: 'new', value: 'x' }] })),
    ).rejects.toMatchObject({ name: 'TooManyTagsFault' });
    const tags = await tagsOf('crowded');
    expect(tags).toHaveLength(50);
    expect(tags).toContainEqual({ key: 'k0', value: 'v0' });
  });

  it('answers UnknownResourceFault for an ARN that names no domain here', async () => {
    await local.swf.send(new RegisterDomainCommand({ name: 'here', workflowExecutionRetentionPeriodInDays: '1' }));
    for (const resourceArn of [arnOf('nowhere'), 'arn:aws:swf:eu-west-1:123456789012:/domain/here', 'arn:aws:swf:us-east-1:123456789012:domain/here', 'here']) {
      await expect(local.swf.send(new ListTagsForResourceCommand({ resourceArn }))).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    }
    await expect(local.swf.send(new TagResourceCommand({ resourceArn: arnOf('nowhere'), tags: [{ key: 'a' }] }))).rejects.toMatchObject({
      name: 'UnknownResourceFault',
    });
    await expect(local.swf.send(new UntagResourceCommand({ resourceArn: arnOf('nowhere'), tagKeys: ['a'] }))).rejects.toMatchObject({
      name: 'UnknownResourceFault',
    });
  });

  it('validates tag keys and values', async () => {
    const bad = [
      [{ key: '' }],
      [{ key: 'k'.repeat(129) }],
      [{ key: 'ok', value: 'v'.repeat(257) }],
      [{ key: 'semi;colon' }],
      [{ key: 'ok', value: 'bad#value' }],
    ];
    for (const tags of bad) {
      await expect(local.swf.send(new TagResourceCommand({ resourceArn: arnOf('here'), tags }))).rejects.toMatchObject({
        name: 'ValidationException',
      });
    }
    await expect(local.swf.send(new UntagResourceCommand({ resourceArn: arnOf('here'), tagKeys: ['x'.repeat(129)] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(await tagsOf('here')).toEqual([]);
  });
});
