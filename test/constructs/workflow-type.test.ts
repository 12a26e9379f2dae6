import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { ActivityType, ChildPolicy, Domain, SwfTimeout, WorkflowType, WorkflowTypeProps } from '../../lib';
import { actionsOf, domainArnJson, newRole, newStack, statementFor, statementsOf } from './helpers';

function workflowIn(stack: Stack, props: Partial<WorkflowTypeProps> = {}, id = 'Workflow'): WorkflowType {
  const domain = (stack.node.tryFindChild('Domain') as Domain | undefined) ?? new Domain(stack, 'Domain', { domainName: 'orders' });
  return new WorkflowType(stack, id, { domain, workflowTypeName: 'ProcessOrder', ...props });
}

function renderedVersion(props: Partial<WorkflowTypeProps>): string {
  return workflowIn(newStack(), props).workflowTypeVersion;
}

describe('WorkflowType', () => {
  it('renders every prop as a string, with the domain as a reference', () => {
    const stack = newStack();
    const lambdaRole = new iam.Role(stack, 'LambdaRole', { assumedBy: new iam.ServicePrincipal('swf.amazonaws.com') });
    workflowIn(stack, {
      workflowTypeVersion: '1.0',
      description: 'processes an order',
      defaultTaskList: 'orders-decisions',
      defaultTaskPriority: -5,
      defaultExecutionStartToCloseTimeout: Duration.days(2),
      defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.minutes(1)),
      defaultChildPolicy: ChildPolicy.REQUEST_CANCEL,
      defaultLambdaRole: lambdaRole,
    });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfWorkflowType', {
      Domain: { Ref: 'Domain66AC69E0' },
      Name: 'ProcessOrder',
      Version: '1.0',
      Description: 'processes an order',
      DefaultTaskList: 'orders-decisions',
      DefaultTaskPriority: '-5',
      DefaultExecutionStartToCloseTimeout: '172800',
      DefaultTaskStartToCloseTimeout: '60',
      DefaultChildPolicy: 'REQUEST_CANCEL',
      DefaultLambdaRole: stack.resolve(lambdaRole.roleArn),
    });
  });

  it('omits every unset default and defaults to DESTROY (deprecate)', () => {
    const stack = newStack();
    workflowIn(stack);
    const resource = Object.values(Template.fromStack(stack).findResources('Custom::SwfWorkflowType'))[0];
    expect(resource.DeletionPolicy).toBe('Delete');
    expect(resource.UpdateReplacePolicy).toBe('Delete');
    expect(Object.keys(resource.Properties).sort()).toEqual(['Domain', 'Name', 'ServiceToken', 'Version']);
  });

  it('RETAIN via props or applyRemovalPolicy', () => {
    const stack = newStack();
    workflowIn(stack, { removalPolicy: RemovalPolicy.RETAIN }, 'A');
    workflowIn(stack, { workflowTypeName: 'Other' }, 'B').applyRemovalPolicy(RemovalPolicy.RETAIN);
    const policies = Object.values(Template.fromStack(stack).findResources('Custom::SwfWorkflowType')).map((r) => r.DeletionPolicy);
    expect(policies).toEqual(['Retain', 'Retain']);
  });

  it('fails on removalPolicy SNAPSHOT', () => {
    const workflow = workflowIn(newStack());
    expect(() => workflow.applyRemovalPolicy(RemovalPolicy.SNAPSHOT)).toThrow(/TestStack\/Workflow: invalid removalPolicy SNAPSHOT/);
  });

  it('SwfTimeout.NONE renders as "NONE"', () => {
    const stack = newStack();
    workflowIn(stack, { defaultTaskStartToCloseTimeout: SwfTimeout.NONE });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfWorkflowType', { DefaultTaskStartToCloseTimeout: 'NONE' });
  });

  describe('derived version', () => {
    it('is deterministic and readable at synth time', () => {
      const version = renderedVersion({ defaultTaskList: 'a' });
      expect(version).toMatch(/^v[0-9a-f]{12}$/);
      expect(renderedVersion({ defaultTaskList: 'a' })).toBe(version);
      const stack = newStack();
      const workflow = workflowIn(stack, { defaultTaskList: 'a' });
      Template.fromStack(stack).hasResourceProperties('Custom::SwfWorkflowType', { Version: workflow.workflowTypeVersion });
    });

    it.each<[string, Partial<WorkflowTypeProps>]>([
      ['description', { description: 'changed' }],
      ['task list', { defaultTaskList: 'b' }],
      ['priority', { defaultTaskPriority: 1 }],
      ['execution timeout', { defaultExecutionStartToCloseTimeout: Duration.hours(1) }],
      ['task timeout', { defaultTaskStartToCloseTimeout: SwfTimeout.NONE }],
      ['child policy', { defaultChildPolicy: ChildPolicy.ABANDON }],
    ])('changes when the %s changes', (_label, change) => {
      expect(renderedVersion({ defaultTaskList: 'a', ...change })).not.toBe(renderedVersion({ defaultTaskList: 'a' }));
    });

    it('changes when the Lambda role changes', () => {
      const versionWithRole = (roleId: string) => {
        const stack = newStack();
        const role = new iam.Role(stack, roleId, { assumedBy: new iam.ServicePrincipal('swf.amazonaws.com') });
        return workflowIn(stack, { defaultLambdaRole: role }).workflowTypeVersion;
      };
      expect(versionWithRole('RoleA')).toBe(versionWithRole('RoleA'));
      expect(versionWithRole('RoleA')).not.toBe(versionWithRole('RoleB'));
    });

    it('does not depend on the domain, the name or the removal policy', () => {
      const base = renderedVersion({ defaultTaskList: 'a' });
      expect(renderedVersion({ defaultTaskList: 'a', workflowTypeName: 'Other', removalPolicy: RemovalPolicy.RETAIN })).toBe(base);
    });

    it('an explicit version wins', () => {
      expect(renderedVersion({ workflowTypeVersion: '2024-01', defaultTaskList: 'a' })).toBe('2024-01');
    });
  });

  describe('validation', () => {
    it.each<[string, Partial<WorkflowTypeProps>, RegExp]>([
      ['an empty name', { workflowTypeName: '' }, /TestStack\/Workflow: invalid workflowTypeName "": must be 1-256 characters long/],
      ['a name with ":"', { workflowTypeName: 'a:b' }, /invalid workflowTypeName "a:b": must not contain/],
      ['the name "arn"', { workflowTypeName: 'arn' }, /must not be the literal string "arn"/],
      ['a 65-character version', { workflowTypeVersion: 'v'.repeat(65) }, /invalid workflowTypeVersion .*must be 1-64 characters long \(got 65\)/],
      ['a version with "|"', { workflowTypeVersion: '1|2' }, /invalid workflowTypeVersion "1\|2"/],
      ['a task list with "/"', { defaultTaskList: 'a/b' }, /invalid defaultTaskList "a\/b"/],
      ['a task list with trailing space', { defaultTaskList: 'a ' }, /invalid defaultTaskList "a ": must not start or end with white space/],
      ['a 1025-character description', { description: 'd'.repeat(1025) }, /invalid description .*at most 1024/],
      ['a fractional priority', { defaultTaskPriority: 1.5 }, /invalid defaultTaskPriority 1.5: must be a whole number from -2147483648 to 2147483647/],
      ['a priority above int32', { defaultTaskPriority: 2 ** 31 }, /invalid defaultTaskPriority 2147483648/],
      ['a fractional-second timeout', { defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.millis(1500)) }, /invalid defaultTaskStartToCloseTimeout "1 second 500 millis": SWF timeouts are whole seconds; round it/],
      ['an execution timeout over 1 year', { defaultExecutionStartToCloseTimeout: Duration.days(366) }, /invalid defaultExecutionStartToCloseTimeout "366 days": must be at most 31536000 seconds/],
      ['a timeout over 8 digits', { defaultTaskStartToCloseTimeout: SwfTimeout.seconds(100_000_000) }, /must be at most 99999999 seconds/],
    ])('fails on %s', (_label, props, message) => {
      expect(() => workflowIn(newStack(), props)).toThrow(message);
    });

    it('accepts the limits: 256-character name, 64-character version, 1 year, int32 bounds', () => {
      const stack = newStack();
      workflowIn(stack, { workflowTypeName: 'n'.repeat(256), workflowTypeVersion: 'v'.repeat(64), defaultExecutionStartToCloseTimeout: Duration.days(365), defaultTaskPriority: -(2 ** 31) });
      Template.fromStack(stack).resourceCountIs('Custom::SwfWorkflowType', 1);
    });

    it('skips token values (validated by the handler)', () => {
      const stack = newStack();
      workflowIn(stack, { workflowTypeName: Lazy.string({ produce: () => 'a:b' }), defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.seconds(Lazy.number({ produce: () => 7 }))) });
      Template.fromStack(stack).hasResourceProperties('Custom::SwfWorkflowType', { Name: 'a:b', DefaultTaskStartToCloseTimeout: '7' });
    });
  });

  describe('grants', () => {
    it('grantStartExecution: StartWorkflowExecution on the domain, conditioned on the type name and version', () => {
      const stack = newStack();
      const workflow = workflowIn(stack, { workflowTypeVersion: '3' });
      const role = newRole(stack);
      workflow.grantStartExecution(role);
      expect(statementsOf(stack, role)).toEqual([
        {
          Effect: 'Allow',
          Action: 'swf:StartWorkflowExecution',
          Resource: domainArnJson('orders'),
          Condition: { StringEquals: { 'swf:workflowType.name': 'ProcessOrder', 'swf:workflowType.version': '3' } },
        },
      ]);
    });

    it('grantDecide: poll the decision task list, respond, control decisions, schedule only the given activities', () => {
      const stack = newStack();
      const workflow = workflowIn(stack, { workflowTypeVersion: '3', defaultTaskList: 'orders-decisions' });
      const charge = new ActivityType(stack, 'Charge', { domain: workflow.domain, activityTypeName: 'Charge', activityTypeVersion: '7' });
      const ship = new ActivityType(stack, 'Ship', { domain: workflow.domain, activityTypeName: 'Ship', activityTypeVersion: '8' });
      const role = newRole(stack);
      workflow.grantDecide(role, { activityTypes: [charge, ship] });
      const statements = statementsOf(stack, role);
      for (const statement of statements) expect(statement.Resource).toEqual(domainArnJson('orders'));

      expect(statementFor(statements, 'swf:PollForDecisionTask').Condition).toEqual({ StringEquals: { 'swf:taskList.name': 'orders-decisions' } });
      const respond = statementFor(statements, 'swf:RespondDecisionTaskCompleted');
      expect(actionsOf(respond).sort()).toEqual([
        'swf:CancelTimer', 'swf:CancelWorkflowExecution', 'swf:CompleteWorkflowExecution', 'swf:FailWorkflowExecution',
        'swf:RecordMarker', 'swf:RequestCancelActivityTask', 'swf:RespondDecisionTaskCompleted', 'swf:StartTimer',
      ]);
      expect(respond.Condition).toBeUndefined();
      expect(statementFor(statements, 'swf:ContinueAsNewWorkflowExecution').Condition).toEqual({ StringEqualsIfExists: { 'swf:workflowTypeVersion': '3' } });
      const schedules = statements.filter((s) => actionsOf(s).includes('swf:ScheduleActivityTask')).map((s) => s.Condition);
      expect(schedules).toEqual([
        { StringEquals: { 'swf:activityType.name': 'Charge', 'swf:activityType.version': '7' } },
        { StringEquals: { 'swf:activityType.name': 'Ship', 'swf:activityType.version': '8' } },
      ]);
      const all = statements.flatMap(actionsOf);
      expect(all).not.toContain('swf:StartChildWorkflowExecution');
      expect(all.some((a) => a.includes('*'))).toBe(false);
    });

    it('grantDecide with an explicit task list and child workflow types', () => {
      const stack = newStack();
      const workflow = workflowIn(stack, { workflowTypeVersion: '3' });
      const child = WorkflowType.fromWorkflowTypeAttributes(stack, 'Child', { domain: workflow.domain, workflowTypeName: 'Refund', workflowTypeVersion: '1' });
      const role = newRole(stack);
      workflow.grantDecide(role, { taskList: 'special', childWorkflowTypes: [child] });
      const statements = statementsOf(stack, role);
      expect(statementFor(statements, 'swf:PollForDecisionTask').Condition).toEqual({ StringEquals: { 'swf:taskList.name': 'special' } });
      expect(statementFor(statements, 'swf:StartChildWorkflowExecution').Condition).toEqual({
        StringEquals: { 'swf:workflowType.name': 'Refund', 'swf:workflowType.version': '1' },
      });
      expect(statements.flatMap(actionsOf)).not.toContain('swf:ScheduleActivityTask');
    });

    it('fails grantDecide when the decision task list is unknown', () => {
      const stack = newStack();
      const workflow = workflowIn(stack);
      expect(() => workflow.grantDecide(newRole(stack))).toThrow(/TestStack\/Workflow: grantDecide needs the decision task list: pass \{ taskList \}/);
    });
  });

  it('metrics: AWS/SWF with Domain, WorkflowTypeName, WorkflowTypeVersion; Sum for counts, Average for times', () => {
    const stack = newStack();
    const workflow = workflowIn(stack, { workflowTypeVersion: '3' });
    const dimensions = { Domain: { Ref: 'Domain66AC69E0' }, WorkflowTypeName: 'ProcessOrder', WorkflowTypeVersion: '3' };
    const cases: Array<[ReturnType<WorkflowType['metric']>, string, string]> = [
      [workflow.metricWorkflowsCompleted(), 'WorkflowsCompleted', 'Sum'],
      [workflow.metricWorkflowsFailed(), 'WorkflowsFailed', 'Sum'],
      [workflow.metricWorkflowsTimedOut(), 'WorkflowsTimedOut', 'Sum'],
      [workflow.metricWorkflowsCanceled(), 'WorkflowsCanceled', 'Sum'],
      [workflow.metricWorkflowsContinuedAsNew(), 'WorkflowsContinuedAsNew', 'Sum'],
      [workflow.metricWorkflowStartToCloseTime(), 'WorkflowStartToCloseTime', 'Average'],
      [workflow.metricDecisionTaskScheduleToStartTime(), 'DecisionTaskScheduleToStartTime', 'Average'],
      [workflow.metricDecisionTaskStartToCloseTime(), 'DecisionTaskStartToCloseTime', 'Average'],
      [workflow.metricDecisionTasksCompleted(), 'DecisionTasksCompleted', 'Sum'],
      [workflow.metricStartedDecisionTasksTimedOutOnClose(), 'StartedDecisionTasksTimedOutOnClose', 'Sum'],
    ];
    for (const [metric, name, statistic] of cases) {
      expect([metric.namespace, metric.metricName, metric.statistic]).toEqual(['AWS/SWF', name, statistic]);
      expect(stack.resolve(metric.dimensions)).toEqual(dimensions);
    }
    expect(workflow.metricWorkflowsFailed({ statistic: 'Maximum' }).statistic).toBe('Maximum');
  });

  it('fromWorkflowTypeAttributes: an importer whose grants and metrics use the attributes', () => {
    const stack = newStack();
    const domain = Domain.fromDomainName(stack, 'Legacy', 'legacy');
    const workflow = WorkflowType.fromWorkflowTypeAttributes(stack, 'Imported', { domain, workflowTypeName: 'W', workflowTypeVersion: '9', defaultTaskList: 'dl' });
    expect([workflow.workflowTypeName, workflow.workflowTypeVersion, workflow.defaultTaskList, workflow.domain]).toEqual(['W', '9', 'dl', domain]);
    const role = newRole(stack);
    workflow.grantStartExecution(role);
    expect(statementFor(statementsOf(stack, role), 'swf:StartWorkflowExecution').Resource).toEqual(domainArnJson('legacy'));
    expect(stack.resolve(workflow.metricWorkflowsFailed().dimensions)).toEqual({ Domain: 'legacy', WorkflowTypeName: 'W', WorkflowTypeVersion: '9' });
    Template.fromStack(stack).resourceCountIs('Custom::SwfWorkflowType', 0);
    const other = newStack('Other');
    const otherDomain = Domain.fromDomainName(other, 'Legacy', 'legacy');
    expect(() => WorkflowType.fromWorkflowTypeAttributes(other, 'Bad', { domain: otherDomain, workflowTypeName: 'W', workflowTypeVersion: '' })).toThrow(
      /Other\/Bad: invalid workflowTypeVersion ""/,
    );
  });

  it('a type in an imported domain lets the provider manage that domain', () => {
    const stack = newStack();
    const domain = Domain.fromDomainName(stack, 'Legacy', 'legacy');
    new WorkflowType(stack, 'W', { domain, workflowTypeName: 'W' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['swf:RegisterWorkflowType']), Resource: domainArnJson('legacy') })]) },
    });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfWorkflowType', { Domain: 'legacy' });
  });
});
