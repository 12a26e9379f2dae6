import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ActivityType, ActivityTypeProps, Domain, SwfTimeout } from '../../lib';
import { actionsOf, domainArnJson, newRole, newStack, statementFor, statementsOf } from './helpers';

function activityIn(stack: Stack, props: Partial<ActivityTypeProps> = {}, id = 'Activity'): ActivityType {
  const domain = (stack.node.tryFindChild('Domain') as Domain | undefined) ?? new Domain(stack, 'Domain', { domainName: 'orders' });
  return new ActivityType(stack, id, { domain, activityTypeName: 'ChargePayment', ...props });
}

const versionOf = (props: Partial<ActivityTypeProps>) => activityIn(newStack(), props).activityTypeVersion;

describe('ActivityType', () => {
  it('renders every prop as a string', () => {
    const stack = newStack();
    activityIn(stack, {
      activityTypeVersion: '2',
      description: 'charges the card',
      defaultTaskList: 'orders-activities',
      defaultTaskPriority: 10,
      defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.minutes(5)),
      defaultTaskHeartbeatTimeout: SwfTimeout.seconds(30),
      defaultTaskScheduleToStartTimeout: SwfTimeout.NONE,
      defaultTaskScheduleToCloseTimeout: SwfTimeout.duration(Duration.hours(1)),
    });
    Template.fromStack(stack).hasResource('Custom::SwfActivityType', {
      DeletionPolicy: 'Delete',
      Properties: {
        Domain: { Ref: 'Domain66AC69E0' },
        Name: 'ChargePayment',
        Version: '2',
        Description: 'charges the card',
        DefaultTaskList: 'orders-activities',
        DefaultTaskPriority: '10',
        DefaultTaskStartToCloseTimeout: '300',
        DefaultTaskHeartbeatTimeout: '30',
        DefaultTaskScheduleToStartTimeout: 'NONE',
        DefaultTaskScheduleToCloseTimeout: '3600',
      },
    });
  });

  it('omits unset defaults; DESTROY by default, RETAIN on request', () => {
    const stack = newStack();
    activityIn(stack, {}, 'Plain');
    activityIn(stack, { activityTypeName: 'Kept', removalPolicy: RemovalPolicy.RETAIN }, 'Kept');
    const [plain, kept] = Object.values(Template.fromStack(stack).findResources('Custom::SwfActivityType'));
    expect(Object.keys(plain.Properties).sort()).toEqual(['Domain', 'Name', 'ServiceToken', 'Version']);
    expect([plain.DeletionPolicy, kept.DeletionPolicy, kept.UpdateReplacePolicy]).toEqual(['Delete', 'Retain', 'Retain']);
  });

  it.each<[string, Partial<ActivityTypeProps>]>([
    ['description', { description: 'x' }],
    ['task list', { defaultTaskList: 'other' }],
    ['priority', { defaultTaskPriority: 3 }],
    ['start-to-close timeout', { defaultTaskStartToCloseTimeout: SwfTimeout.seconds(1) }],
    ['heartbeat timeout', { defaultTaskHeartbeatTimeout: SwfTimeout.seconds(1) }],
    ['schedule-to-start timeout', { defaultTaskScheduleToStartTimeout: SwfTimeout.seconds(1) }],
    ['schedule-to-close timeout', { defaultTaskScheduleToCloseTimeout: SwfTimeout.NONE }],
  ])('the derived version changes with the %s', (_label, change) => {
    const base = versionOf({ defaultTaskList: 'tl' });
    expect(base).toBe(versionOf({ defaultTaskList: 'tl' }));
    expect(versionOf({ defaultTaskList: 'tl', ...change })).not.toBe(base);
  });

  it.each<[string, Partial<ActivityTypeProps>, RegExp]>([
    ['a name with "/"', { activityTypeName: 'a/b' }, /TestStack\/Activity: invalid activityTypeName "a\/b"/],
    ['an empty version', { activityTypeVersion: '' }, /invalid activityTypeVersion "": must be 1-64 characters long/],
    ['a control character in the task list', { defaultTaskList: 'a\nb' }, /invalid defaultTaskList "a\\nb": must not contain/],
    ['a fractional-second heartbeat', { defaultTaskHeartbeatTimeout: SwfTimeout.duration(Duration.millis(100)) }, /invalid defaultTaskHeartbeatTimeout "100 millis": SWF timeouts are whole seconds/],
    ['an oversized schedule-to-start timeout', { defaultTaskScheduleToStartTimeout: SwfTimeout.duration(Duration.days(1200)) }, /invalid defaultTaskScheduleToStartTimeout "1200 days": must be at most 99999999 seconds/],
    ['a priority below int32', { defaultTaskPriority: -(2 ** 31) - 1 }, /invalid defaultTaskPriority -2147483649/],
  ])('fails on %s', (_label, props, message) => {
    expect(() => activityIn(newStack(), props)).toThrow(message);
  });

  describe('grants', () => {
    it('grantPoll: PollForActivityTask on the domain for the default task list only', () => {
      const stack = newStack();
      const activity = activityIn(stack, { defaultTaskList: 'orders-activities' });
      const role = newRole(stack);
      activity.grantPoll(role);
      expect(statementsOf(stack, role)).toEqual([
        {
          Effect: 'Allow',
          Action: 'swf:PollForActivityTask',
          Resource: domainArnJson('orders'),
          Condition: { StringEquals: { 'swf:taskList.name': 'orders-activities' } },
        },
      ]);
    });

    it('grantPoll with an explicit task list; fails without any', () => {
      const stack = newStack();
      const activity = activityIn(stack);
      const role = newRole(stack);
      activity.grantPoll(role, 'priority-lane');
      expect(statementFor(statementsOf(stack, role), 'swf:PollForActivityTask').Condition).toEqual({
        StringEquals: { 'swf:taskList.name': 'priority-lane' },
      });
      expect(() => activity.grantPoll(role)).toThrow(/TestStack\/Activity: grantPoll needs the task list/);
    });

    it('grantRespond: the respond and heartbeat calls on the domain', () => {
      const stack = newStack();
      const activity = activityIn(stack);
      const role = newRole(stack);
      activity.grantRespond(role);
      const statement = statementFor(statementsOf(stack, role), 'swf:RespondActivityTaskCompleted');
      expect(actionsOf(statement).sort()).toEqual([
        'swf:RecordActivityTaskHeartbeat',
        'swf:RespondActivityTaskCanceled',
        'swf:RespondActivityTaskCompleted',
        'swf:RespondActivityTaskFailed',
      ]);
      expect(statement.Resource).toEqual(domainArnJson('orders'));
    });

    it('grantWork = grantPoll + grantRespond', () => {
      const stack = newStack();
      const activity = activityIn(stack, { defaultTaskList: 'tl' });
      const role = newRole(stack);
      expect(activity.grantWork(role).success).toBe(true);
      const actions = statementsOf(stack, role).flatMap(actionsOf);
      expect(actions).toContain('swf:PollForActivityTask');
      expect(actions).toContain('swf:RecordActivityTaskHeartbeat');
    });
  });

  it('metrics: AWS/SWF with Domain, ActivityTypeName, ActivityTypeVersion', () => {
    const stack = newStack();
    const activity = activityIn(stack, { activityTypeVersion: '2' });
    const cases: Array<[ReturnType<ActivityType['metric']>, string, string]> = [
      [activity.metricActivityTasksCompleted(), 'ActivityTasksCompleted', 'Sum'],
      [activity.metricActivityTasksFailed(), 'ActivityTasksFailed', 'Sum'],
      [activity.metricActivityTasksCanceled(), 'ActivityTasksCanceled', 'Sum'],
      [activity.metricActivityTaskScheduleToStartTime(), 'ActivityTaskScheduleToStartTime', 'Average'],
      [activity.metricActivityTaskStartToCloseTime(), 'ActivityTaskStartToCloseTime', 'Average'],
      [activity.metricActivityTaskScheduleToCloseTime(), 'ActivityTaskScheduleToCloseTime', 'Average'],
      [activity.metricScheduledActivityTasksTimedOutOnClose(), 'ScheduledActivityTasksTimedOutOnClose', 'Sum'],
      [activity.metricScheduledActivityTasksTimedOutOnStart(), 'ScheduledActivityTasksTimedOutOnStart', 'Sum'],
      [activity.metricStartedActivityTasksTimedOutOnClose(), 'StartedActivityTasksTimedOutOnClose', 'Sum'],
      [activity.metricStartedActivityTasksTimedOutOnHeartbeat(), 'StartedActivityTasksTimedOutOnHeartbeat', 'Sum'],
    ];
    for (const [metric, name, statistic] of cases) {
      expect([metric.namespace, metric.metricName, metric.statistic]).toEqual(['AWS/SWF', name, statistic]);
      expect(stack.resolve(metric.dimensions)).toEqual({ Domain: { Ref: 'Domain66AC69E0' }, ActivityTypeName: 'ChargePayment', ActivityTypeVersion: '2' });
    }
  });

  it('fromActivityTypeAttributes: grants and metrics from the attributes, no resource', () => {
    const stack = newStack();
    const domain = Domain.fromDomainName(stack, 'Legacy', 'legacy');
    const activity = ActivityType.fromActivityTypeAttributes(stack, 'Imported', { domain, activityTypeName: 'A', activityTypeVersion: '1', defaultTaskList: 'tl' });
    const role = newRole(stack);
    activity.grantPoll(role);
    expect(statementFor(statementsOf(stack, role), 'swf:PollForActivityTask')).toMatchObject({
      Resource: domainArnJson('legacy'),
      Condition: { StringEquals: { 'swf:taskList.name': 'tl' } },
    });
    expect(stack.resolve(activity.metricActivityTasksFailed().dimensions)).toEqual({ Domain: 'legacy', ActivityTypeName: 'A', ActivityTypeVersion: '1' });
    Template.fromStack(stack).resourceCountIs('Custom::SwfActivityType', 0);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
  });
});
