import { describe, expect, it } from 'vitest';
import { compareSettings, compareTags } from '../../lambda/swf-resource/compare';

describe('compareSettings', () => {
  it('sees the same value in different spellings SWF treats alike', () => {
    expect(compareSettings('domain', { WorkflowExecutionRetentionPeriodInDays: 'NONE' }, { WorkflowExecutionRetentionPeriodInDays: '0' })).toEqual([]);
    expect(compareSettings('domain', { WorkflowExecutionRetentionPeriodInDays: '07', Description: '' }, { WorkflowExecutionRetentionPeriodInDays: '7' })).toEqual([]);
    expect(compareSettings('activityType', { DefaultTaskPriority: '0' }, {})).toEqual([]);
    expect(compareSettings('workflowType', { DefaultTaskStartToCloseTimeout: '060' }, { DefaultTaskStartToCloseTimeout: '60' })).toEqual([]);
  });

  it('reports each differing setting with both values, and only settings of that kind', () => {
    expect(
      compareSettings(
        'workflowType',
        { DefaultTaskStartToCloseTimeout: 'NONE', DefaultChildPolicy: 'ABANDON', DefaultTaskHeartbeatTimeout: '5' },
        { DefaultTaskStartToCloseTimeout: '60' },
      ),
    ).toEqual([
      { attribute: 'DefaultTaskStartToCloseTimeout', ours: 'NONE', theirs: '60' },
      { attribute: 'DefaultChildPolicy', ours: 'ABANDON', theirs: undefined },
    ]);
  });
});

describe('compareTags', () => {
  it('lists added, changed and removed tags', () => {
    expect(compareTags({ a: '1', b: '2', c: '' }, { b: '3', c: '', d: '4' })).toEqual({
      added: [{ key: 'a', value: '1' }],
      changed: [{ key: 'b', ours: '2', theirs: '3' }],
      removed: [{ key: 'd', value: '4' }],
    });
  });
});
