import { DeprecateActivityTypeCommand, RegisterActivityTypeCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidPropertiesError, inspectResource } from '../../lambda/swf-resource';
import { startLocalSwf } from '../support/swf-local';
import { ACTIVITY, DOMAIN, recordCalls, WORKFLOW } from './support';

let local: Awaited<ReturnType<typeof startLocalSwf>>;

beforeAll(async () => {
  local = await startLocalSwf();
  await local.swf.send(
    new RegisterDomainCommand({
      name: 'shop',
      workflowExecutionRetentionPeriodInDays: '7',
      description: 'shop',
      tags: [
        { key: 'team', value: 'old' },
        { key: 'stray', value: 'x' },
      ],
    }),
  );
  await local.swf.send(new RegisterActivityTypeCommand({ domain: 'shop', name: 'Ship', version: '1', defaultTaskList: { name: 'ship' } }));
  await local.swf.send(new DeprecateActivityTypeCommand({ domain: 'shop', activityType: { name: 'Ship', version: '1' } }));
});
afterAll(() => local.stop());

describe('inspectResource', () => {
  it('reports an absent resource with the identity it would get', async () => {
    await expect(inspectResource(WORKFLOW, { Domain: 'shop', Name: 'Order', Version: '1' }, local.swf)).resolves.toEqual({
      identity: 'WorkflowType|shop|Order|1',
      state: 'absent',
      differences: [],
    });
  });

  it('compares a domain: immutable differences and tag changes separately, with read-only calls', async () => {
    const calls = recordCalls(local.swf);
    const inspection = await inspectResource(
      DOMAIN,
      { Name: 'shop', WorkflowExecutionRetentionPeriodInDays: '30', Description: 'shop', Tags: { team: 'payments', env: 'prod' } },
      local.swf,
    );
    expect(inspection).toEqual({
      identity: 'shop',
      state: 'registered',
      differences: [{ attribute: 'WorkflowExecutionRetentionPeriodInDays', ours: '30', theirs: '7' }],
      tagChanges: {
        added: [{ key: 'env', value: 'prod' }],
        changed: [{ key: 'team', ours: 'payments', theirs: 'old' }],
        removed: [{ key: 'stray', value: 'x' }],
      },
    });
    expect(calls).toEqual(['DescribeDomain', 'ListTagsForResource']);
  });

  it('reports a deprecated type and its differences', async () => {
    const inspection = await inspectResource(ACTIVITY, { Domain: 'shop', Name: 'Ship', Version: '1', DefaultTaskList: 'ship', DefaultTaskPriority: '2' }, local.swf);
    expect(inspection).toEqual({
      identity: 'ActivityType|shop|Ship|1',
      state: 'deprecated',
      differences: [{ attribute: 'DefaultTaskPriority', ours: '2', theirs: undefined }],
    });
  });

  it('throws InvalidPropertiesError for properties SWF would reject', async () => {
    await expect(inspectResource(DOMAIN, { Name: 'shop' }, local.swf)).rejects.toBeInstanceOf(InvalidPropertiesError);
    await expect(inspectResource(DOMAIN, { Name: 'shop' }, local.swf)).rejects.toThrow(
      'invalid Custom::SwfDomain properties: WorkflowExecutionRetentionPeriodInDays is required',
    );
  });
});
