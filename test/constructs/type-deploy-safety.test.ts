import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ActivityType, ActivityTypeProps, Domain, SwfTimeout, WorkflowType, WorkflowTypeProps } from '../../lib';
import { newStack } from './helpers';

function domainOf(stack: Stack): Domain {
  return (stack.node.tryFindChild('Domain') as Domain | undefined) ?? new Domain(stack, 'Domain', { domainName: 'orders' });
}

function activityWarnings(props: Partial<ActivityTypeProps>): string[] {
  const stack = newStack();
  new ActivityType(stack, 'Charge', { domain: domainOf(stack), activityTypeName: 'ChargePayment', ...props });
  return warningsOf(stack, '/TestStack/Charge');
}

function workflowWarnings(props: Partial<WorkflowTypeProps>): string[] {
  const stack = newStack();
  new WorkflowType(stack, 'Order', { domain: domainOf(stack), workflowTypeName: 'ProcessOrder', ...props });
  return warningsOf(stack, '/TestStack/Order');
}

function warningsOf(stack: Stack, path: string): string[] {
  return Annotations.fromStack(stack)
    .findWarning(path, Match.anyValue())
    .map((message) => String(message.entry.data));
}

describe('synth-time warnings for default timeouts that cannot work', () => {
  it('warns when the heartbeat timeout is longer than start-to-close, naming both values', () => {
    const warnings = activityWarnings({ defaultTaskHeartbeatTimeout: SwfTimeout.seconds(600), defaultTaskStartToCloseTimeout: SwfTimeout.seconds(300) });
    expect(warnings).toEqual([
      expect.stringMatching(/^defaultTaskHeartbeatTimeout \(600 s\) is longer than defaultTaskStartToCloseTimeout \(300 s\): it can never fire.*make defaultTaskHeartbeatTimeout shorter than defaultTaskStartToCloseTimeout/),
    ]);
  });

  it('warns when start-to-close or schedule-to-start is longer than schedule-to-close', () => {
    const warnings = activityWarnings({
      defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.minutes(10)),
      defaultTaskScheduleToStartTimeout: SwfTimeout.duration(Duration.hours(1)),
      defaultTaskScheduleToCloseTimeout: SwfTimeout.duration(Duration.minutes(5)),
    });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^defaultTaskStartToCloseTimeout \(600 s\) is longer than defaultTaskScheduleToCloseTimeout \(300 s\)/);
    expect(warnings[1]).toMatch(/^defaultTaskScheduleToStartTimeout \(3600 s\) is longer than defaultTaskScheduleToCloseTimeout \(300 s\)/);
  });

  it('warns when a heartbeat timeout is longer than schedule-to-close', () => {
    expect(activityWarnings({ defaultTaskHeartbeatTimeout: SwfTimeout.seconds(120), defaultTaskScheduleToCloseTimeout: SwfTimeout.seconds(60) })).toEqual([
      expect.stringMatching(/^defaultTaskHeartbeatTimeout \(120 s\) is longer than defaultTaskScheduleToCloseTimeout \(60 s\)/),
    ]);
  });

  it('warns when no timeout could ever end a task whose worker died', () => {
    const warnings = activityWarnings({
      defaultTaskStartToCloseTimeout: SwfTimeout.NONE,
      defaultTaskScheduleToCloseTimeout: SwfTimeout.NONE,
      defaultTaskHeartbeatTimeout: SwfTimeout.NONE,
    });
    expect(warnings).toEqual([expect.stringMatching(/are all NONE: a task whose worker dies is never timed out/)]);
  });

  it('stays quiet for sensible, unset, NONE-bounded and token timeouts', () => {
    expect(
      activityWarnings({
        defaultTaskHeartbeatTimeout: SwfTimeout.seconds(30),
        defaultTaskStartToCloseTimeout: SwfTimeout.seconds(300),
        defaultTaskScheduleToStartTimeout: SwfTimeout.seconds(300),
        defaultTaskScheduleToCloseTimeout: SwfTimeout.seconds(600),
      }),
    ).toEqual([]);
    expect(activityWarnings({})).toEqual([]);
    expect(activityWarnings({ defaultTaskStartToCloseTimeout: SwfTimeout.seconds(300), defaultTaskScheduleToCloseTimeout: SwfTimeout.NONE })).toEqual([]);
    const stack = newStack();
    const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber;
    new ActivityType(stack, 'Charge', {
      domain: domainOf(stack),
      activityTypeName: 'ChargePayment',
      defaultTaskHeartbeatTimeout: SwfTimeout.duration(Duration.seconds(seconds)),
      defaultTaskStartToCloseTimeout: SwfTimeout.seconds(1),
    });
    expect(warningsOf(stack, '/TestStack/Charge')).toEqual([]);
  });

  it('warns when a workflow type\'s decision task timeout is longer than its execution timeout, or NONE', () => {
    expect(
      workflowWarnings({ defaultTaskStartToCloseTimeout: SwfTimeout.seconds(600), defaultExecutionStartToCloseTimeout: Duration.minutes(5) }),
    ).toEqual([expect.stringMatching(/^defaultTaskStartToCloseTimeout \(600 s\) is longer than defaultExecutionStartToCloseTimeout \(300 s\)/)]);
    expect(workflowWarnings({ defaultTaskStartToCloseTimeout: SwfTimeout.NONE })).toEqual([
      expect.stringMatching(/^defaultTaskStartToCloseTimeout is NONE: a decision task lost with its decider/),
    ]);
    expect(workflowWarnings({ defaultTaskStartToCloseTimeout: SwfTimeout.seconds(30), defaultExecutionStartToCloseTimeout: Duration.hours(1) })).toEqual([]);
  });
});

describe('retirementGracePeriod', () => {
  it('is rendered only when set, and changing it registers no new version', () => {
    const stack = newStack();
    const plain = new ActivityType(stack, 'Plain', { domain: domainOf(stack), activityTypeName: 'A' });
    const graced = new ActivityType(stack, 'Graced', { domain: domainOf(stack), activityTypeName: 'A', retirementGracePeriod: Duration.hours(6) });
    const order = new WorkflowType(stack, 'Order', { domain: domainOf(stack), workflowTypeName: 'W', retirementGracePeriod: Duration.minutes(30) });
    expect(graced.activityTypeVersion).toBe(plain.activityTypeVersion);
    const template = Template.fromStack(stack);
    const properties = Object.values(template.findResources('Custom::SwfActivityType')).map((r) => r.Properties.RetirementGracePeriod);
    expect(properties).toEqual([undefined, '21600']);
    template.hasResourceProperties('Custom::SwfWorkflowType', { Name: 'W', RetirementGracePeriod: '1800', Version: order.workflowTypeVersion });
  });

  it('fails on a fraction of a second', () => {
    const stack = newStack();
    expect(() => new ActivityType(stack, 'A', { domain: domainOf(stack), activityTypeName: 'A', retirementGracePeriod: Duration.millis(1500) })).toThrow(
      'TestStack/A: invalid retirementGracePeriod 1 second 500 millis: use whole seconds, longer than a rolling deployment of your workers',
    );
  });
});
