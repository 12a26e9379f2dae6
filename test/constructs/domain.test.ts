import { App, Duration, Lazy, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Domain, DomainRetention } from '../../lib';
import { actionsOf, domainArnJson, newRole, newStack, statementFor, statementsOf } from './helpers';

describe('Domain', () => {
  it('renders every prop as the handler expects: strings, sorted tags', () => {
    const stack = newStack();
    new Domain(stack, 'Domain', {
      domainName: 'orders',
      description: 'all orders',
      retention: DomainRetention.days(7),
      tags: { team: 'payments', env: 'prod' },
    });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfDomain', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkSwfProviderFrameworkframeworkonEvent'), 'Arn'] },
      Name: 'orders',
      Description: 'all orders',
      WorkflowExecutionRetentionPeriodInDays: '7',
      Tags: [
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'payments' },
      ],
    });
  });

  it('defaults: 30 days retention, no description, no tags, RETAIN', () => {
    const stack = newStack();
    new Domain(stack, 'Domain', { domainName: 'orders' });
    const template = Template.fromStack(stack);
    template.hasResource('Custom::SwfDomain', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Name: 'orders',
        WorkflowExecutionRetentionPeriodInDays: '30',
        Description: Match.absent(),
        Tags: Match.absent(),
      },
    });
  });

  it('derives a stable, SWF-valid name from the construct path when none is given', () => {
    const names = [1, 2].map(() => {
      const stack = newStack('Shop');
      new Domain(stack, 'Orders');
      return Template.fromStack(stack).findResources('Custom::SwfDomain');
    });
    const [first, second] = names.map((resources) => Object.values(resources)[0].Properties.Name as string);
    expect(first).toBe(second);
    expect(first).toMatch(/^Shop-Orders-[A-Za-z0-9]+$/);
    expect(first.length).toBeLessThanOrEqual(256);
  });

  it('domainName is the Ref of the custom resource (its physical id is the name)', () => {
    const stack = newStack();
    const domain = new Domain(stack, 'Domain', { domainName: 'orders' });
    expect(stack.resolve(domain.domainName)).toEqual({ Ref: 'Domain66AC69E0' });
  });

  it('domainArn is arn:<partition>:swf:<region>:<account>:/domain/<name>', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    const domain = new Domain(stack, 'Domain', { domainName: 'orders' });
    expect(stack.resolve(domain.domainArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':swf:eu-west-1:123456789012:/domain/orders']],
    });
  });

  it.each([
    ['NONE', 'NONE', DomainRetention.NONE],
    ['0 days', '0', DomainRetention.days(0)],
    ['90 days', '90', DomainRetention.days(90)],
    ['a Duration of 14 days', '14', DomainRetention.duration(Duration.days(14))],
  ])('retention %s renders as %s', (_label, rendered, retention) => {
    const stack = newStack();
    new Domain(stack, 'Domain', { domainName: 'orders', retention });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfDomain', { WorkflowExecutionRetentionPeriodInDays: rendered });
  });

  it.each([
    [DomainRetention.days(91), /invalid retention "91 days": must be a whole number of days from 0 to 90/],
    [DomainRetention.days(-1), /invalid retention "-1 days"/],
    [DomainRetention.days(1.5), /invalid retention "1.5 days"/],
    [DomainRetention.duration(Duration.hours(36)), /invalid retention "1 day 12 hours"/],
  ])('fails on retention out of SWF range (%#)', (retention, message) => {
    const stack = newStack();
    expect(() => new Domain(stack, 'Domain', { domainName: 'orders', retention })).toThrow(message);
  });

  it.each([
    ['', /TestStack\/Domain: invalid domainName "": must be 1-256 characters long/],
    ['a'.repeat(257), /must be 1-256 characters long \(got 257\)/],
    ['a:b', /must not contain ":", "\/", "\|" or control characters/],
    ['a/b', /must not contain/],
    ['a|b', /must not contain/],
    ['a\u0007b', /must not contain/],
    ['a\u0085b', /must not contain/],
    ['arn', /must not be the literal string "arn"/],
    [' orders', /must not start or end with white space/],
    ['orders ', /must not start or end with white space/],
  ])('fails on the invalid domain name %j', (domainName, message) => {
    const stack = newStack();
    expect(() => new Domain(stack, 'Domain', { domainName })).toThrow(message);
  });

  it('accepts a 256-character name and a 1024-character description, rejects 1025', () => {
    const stack = newStack();
    new Domain(stack, 'Long', { domainName: 'a'.repeat(256), description: 'd'.repeat(1024) });
    expect(() => new Domain(stack, 'TooLong', { domainName: 'b', description: 'd'.repeat(1025) })).toThrow(
      /TestStack\/TooLong: invalid description .*must be at most 1024 characters long \(got 1025\)/,
    );
  });

  it('skips synth-time validation of token values (the handler validates them at deploy time)', () => {
    const stack = newStack();
    const name = Lazy.string({ produce: () => 'x:y' });
    new Domain(stack, 'Domain', { domainName: name });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfDomain', { Name: 'x:y' });
  });

  it('honours Tags.of(domain) and Tags.of(stack), merged with props.tags and sorted', () => {
    const stack = newStack();
    const domain = new Domain(stack, 'Domain', { domainName: 'orders', tags: { owner: 'me' } });
    Tags.of(domain).add('cost-center', '42');
    Tags.of(stack).add('app', 'shop');
    Template.fromStack(stack).hasResourceProperties('Custom::SwfDomain', {
      Tags: [
        { Key: 'app', Value: 'shop' },
        { Key: 'cost-center', Value: '42' },
        { Key: 'owner', Value: 'me' },
      ],
    });
  });

  it('fails synth on tags SWF rejects (checked after aspects, so Tags.of is covered)', () => {
    const stack = newStack();
    const domain = new Domain(stack, 'Domain', { domainName: 'orders' });
    Tags.of(domain).add('bad#key', 'v');
    expect(() => Template.fromStack(stack)).toThrow(/invalid tag "bad#key=v": the key may contain only letters/);
  });

  it('fails synth with more than 50 tags', () => {
    const stack = newStack();
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    new Domain(stack, 'Domain', { domainName: 'orders', tags });
    expect(() => Template.fromStack(stack)).toThrow(/too many tags \(51\): SWF allows at most 50 per domain/);
  });

  it('fails synth on a tag value longer than 256 characters', () => {
    const stack = newStack();
    new Domain(stack, 'Domain', { domainName: 'orders', tags: { k: 'v'.repeat(257) } });
    expect(() => Template.fromStack(stack)).toThrow(/the value must be at most 256 characters long/);
  });

  it('removalPolicy DESTROY (deprecate on delete) via props and via applyRemovalPolicy', () => {
    const stack = newStack();
    new Domain(stack, 'FromProps', { domainName: 'a', removalPolicy: RemovalPolicy.DESTROY });
    const applied = new Domain(stack, 'Applied', { domainName: 'b' });
    applied.applyRemovalPolicy(RemovalPolicy.DESTROY);
    const resources = Template.fromStack(stack).findResources('Custom::SwfDomain');
    expect(Object.values(resources).map((r) => [r.Properties.Name, r.DeletionPolicy, r.UpdateReplacePolicy])).toEqual([
      ['a', 'Delete', 'Delete'],
      ['b', 'Delete', 'Delete'],
    ]);
  });

  it('fails on removalPolicy SNAPSHOT (meaningless for SWF)', () => {
    const stack = newStack();
    expect(() => new Domain(stack, 'Domain', { domainName: 'a', removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(
      /TestStack\/Domain: invalid removalPolicy SNAPSHOT: SWF resources cannot be snapshotted; use RETAIN or DESTROY/,
    );
  });

  it('a token retention is passed through for the handler to validate', () => {
    const stack = newStack();
    new Domain(stack, 'Domain', { domainName: 'a', retention: DomainRetention.days(Lazy.number({ produce: () => 120 })) });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfDomain', { WorkflowExecutionRetentionPeriodInDays: '120' });
  });

  describe('importers', () => {
    it('fromDomainName builds the ARN in the importing stack', () => {
      const stack = newStack();
      const domain = Domain.fromDomainName(stack, 'Imported', 'legacy');
      expect(domain.domainName).toBe('legacy');
      expect(stack.resolve(domain.domainArn)).toEqual(domainArnJson('legacy'));
    });

    it('fromDomainName fails on an invalid name', () => {
      expect(() => Domain.fromDomainName(newStack(), 'Imported', 'a|b')).toThrow(/TestStack\/Imported: invalid domainName "a\|b"/);
    });

    it('fromDomainArn parses the name and the environment', () => {
      const stack = newStack();
      const domain = Domain.fromDomainArn(stack, 'Imported', 'arn:aws:swf:us-east-2:111122223333:/domain/legacy');
      expect(domain.domainName).toBe('legacy');
      expect(domain.domainArn).toBe('arn:aws:swf:us-east-2:111122223333:/domain/legacy');
      expect(domain.env).toEqual({ account: '111122223333', region: 'us-east-2' });
    });

    it('fromDomainArn fails on something that is not an SWF domain ARN', () => {
      expect(() => Domain.fromDomainArn(newStack(), 'Imported', 'arn:aws:swf:us-east-2:111122223333:domain/legacy')).toThrow(
        /TestStack\/Imported: invalid domainArn .*expected arn:<partition>:swf:<region>:<account>:\/domain\/<name>/,
      );
    });

    it('fromDomainArn with a token takes the name from the ARN at deploy time', () => {
      const stack = newStack();
      const arn = Lazy.string({ produce: () => 'arn:aws:swf:us-east-2:111122223333:/domain/legacy' });
      const domain = Domain.fromDomainArn(stack, 'Imported', arn);
      expect(stack.resolve(domain.domainName)).toEqual({
        'Fn::Select': [2, { 'Fn::Split': ['/', 'arn:aws:swf:us-east-2:111122223333:/domain/legacy'] }],
      });
    });
  });

  describe('grants', () => {
    it('grant(grantee, ...actions) allows exactly those actions on the domain ARN', () => {
      const stack = newStack();
      const domain = new Domain(stack, 'Domain', { domainName: 'orders' });
      const role = newRole(stack);
      const grant = domain.grant(role, 'swf:SignalWorkflowExecution', 'swf:TerminateWorkflowExecution');
      expect(grant.success).toBe(true);
      const statement = statementFor(statementsOf(stack, role), 'swf:SignalWorkflowExecution');
      expect(actionsOf(statement)).toEqual(['swf:SignalWorkflowExecution', 'swf:TerminateWorkflowExecution']);
      expect(statement.Resource).toEqual(domainArnJson('orders'));
      expect(statement.Condition).toBeUndefined();
    });

    it('grantRead allows only read and list actions on the domain', () => {
      const stack = newStack();
      const domain = new Domain(stack, 'Domain', { domainName: 'orders' });
      const role = newRole(stack);
      domain.grantRead(role);
      const statement = statementFor(statementsOf(stack, role), 'swf:DescribeDomain');
      expect(actionsOf(statement).every((a) => /^swf:(Describe|List|Count|Get)/.test(a))).toBe(true);
      expect(actionsOf(statement)).toContain('swf:GetWorkflowExecutionHistory');
      expect(statement.Resource).toEqual(domainArnJson('orders'));
    });
  });

  it('metricPendingTasks: AWS/SWF PendingTasks by Domain and TaskListName, Sum per minute', () => {
    const stack = newStack();
    const domain = new Domain(stack, 'Domain', { domainName: 'orders' });
    const metric = domain.metricPendingTasks('orders-activities');
    expect(metric.namespace).toBe('AWS/SWF');
    expect(metric.metricName).toBe('PendingTasks');
    expect(metric.statistic).toBe('Sum');
    expect(metric.period.toSeconds()).toBe(60);
    expect(stack.resolve(metric.dimensions)).toEqual({ Domain: { Ref: 'Domain66AC69E0' }, TaskListName: 'orders-activities' });
    const overridden = domain.metricPendingTasks('x', { statistic: 'Maximum', period: Duration.minutes(5) });
    expect([overridden.statistic, overridden.period.toSeconds()]).toEqual(['Maximum', 300]);
  });
});
