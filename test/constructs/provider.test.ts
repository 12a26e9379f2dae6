import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ActivityType, Domain, SwfResourceProvider, WorkflowType } from '../../lib';
import { handlerCodeDirectory } from '../../lib/provider/handler-code';
import { actionsOf, domainArnJson, newStack, statementFor, statementsOf } from './helpers';

const HANDLER_ACTIONS = [
  'swf:DescribeDomain', 'swf:DeprecateDomain', 'swf:UndeprecateDomain', 'swf:TagResource', 'swf:UntagResource',
  'swf:ListTagsForResource', 'swf:RegisterWorkflowType', 'swf:DescribeWorkflowType', 'swf:DeprecateWorkflowType',
  'swf:UndeprecateWorkflowType', 'swf:RegisterActivityType', 'swf:DescribeActivityType', 'swf:DeprecateActivityType',
  'swf:UndeprecateActivityType', 'swf:CountOpenWorkflowExecutions',
];

describe('SwfResourceProvider', () => {
  it('is one per stack: two domains and their types share one handler Lambda and one ServiceToken', () => {
    const stack = newStack();
    const first = new Domain(stack, 'First', { domainName: 'first' });
    const second = new Domain(stack, 'Second', { domainName: 'second' });
    new WorkflowType(stack, 'W', { domain: first, workflowTypeName: 'W' });
    new ActivityType(stack, 'A', { domain: second, activityTypeName: 'A' });
    const template = Template.fromStack(stack);
    // the handler plus the custom-resource framework's onEvent function
    template.resourceCountIs('AWS::Lambda::Function', 2);
    expect(Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Handler === 'index.handler')).toHaveLength(1);
    const tokens = Object.values({
      ...template.findResources('Custom::SwfDomain'),
      ...template.findResources('Custom::SwfWorkflowType'),
      ...template.findResources('Custom::SwfActivityType'),
    }).map((r) => JSON.stringify(r.Properties.ServiceToken));
    expect(new Set(tokens)).toEqual(new Set([JSON.stringify({ 'Fn::GetAtt': ['CdkSwfProviderFrameworkframeworkonEventC84CC65F', 'Arn'] })]));
    expect(SwfResourceProvider.getOrCreate(first)).toBe(stack.node.findChild(SwfResourceProvider.CONSTRUCT_ID));
  });

  it('a separate stack gets its own provider', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    new Domain(a, 'D', { domainName: 'a' });
    new Domain(b, 'D', { domainName: 'b' });
    expect(SwfResourceProvider.getOrCreate(a)).not.toBe(SwfResourceProvider.getOrCreate(b));
    Template.fromStack(b).resourceCountIs('AWS::Lambda::Function', 2);
  });

  it('its ServiceToken logical id does not depend on the stack or the order of constructs', () => {
    const stack = newStack('Other');
    new ActivityType(stack, 'A', { domain: Domain.fromDomainName(stack, 'D', 'd'), activityTypeName: 'A' });
    Template.fromStack(stack).hasResourceProperties('Custom::SwfActivityType', {
      ServiceToken: { 'Fn::GetAtt': ['CdkSwfProviderFrameworkframeworkonEventC84CC65F', 'Arn'] },
    });
  });

  it('the handler role allows exactly the handler SWF calls, on this stack domain ARNs, plus RegisterDomain on *', () => {
    const stack = newStack();
    new Domain(stack, 'First', { domainName: 'first' });
    const second = new Domain(stack, 'Second', { domainName: 'second' });
    new WorkflowType(stack, 'W', { domain: second, workflowTypeName: 'W' });
    new WorkflowType(stack, 'Legacy', { domain: Domain.fromDomainName(stack, 'L', 'legacy'), workflowTypeName: 'W' });
    const provider = SwfResourceProvider.getOrCreate(stack);
    const statements = statementsOf(stack, provider.handlerRole);
    const swf = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('swf:')));
    expect(swf).toHaveLength(2);
    expect(statementFor(swf, 'swf:RegisterDomain')).toEqual({ Effect: 'Allow', Action: 'swf:RegisterDomain', Resource: '*' });
    const managed = statementFor(swf, 'swf:DescribeDomain');
    expect(actionsOf(managed)).toEqual(HANDLER_ACTIONS);
    expect(managed.Resource).toEqual([domainArnJson('first'), domainArnJson('second'), domainArnJson('legacy')]);
    const logs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
    expect(logs.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    // Pending retirements: only this stack's own SSM parameter path.
    const ssm = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ssm:')));
    expect(ssm.map((s) => [actionsOf(s), JSON.stringify(s.Resource)])).toEqual([
      [['ssm:GetParametersByPath'], expect.stringMatching(/:parameter\/cdk-swf\/TestStack\/retirements"\]\]\}$/)],
      [['ssm:PutParameter', 'ssm:DeleteParameter'], expect.stringMatching(/:parameter\/cdk-swf\/TestStack\/retirements\/\*"\]\]\}$/)],
    ]);
    // Before a Delete retires a type: is it still declared by another logical id? Only this stack, by its own id.
    const cloudFormation = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('cloudformation:')));
    expect(cloudFormation).toEqual([{ Effect: 'Allow', Action: 'cloudformation:ListStackResources', Resource: { Ref: 'AWS::StackId' } }]);
  });

  it('runs the retirement pass every hour: the handler gets the parameter path and an EventBridge schedule invokes it', () => {
    const stack = newStack();
    new Domain(stack, 'D', { domainName: 'd' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: { CDK_SWF_RETIREMENT_PARAMETER_PATH: '/cdk-swf/TestStack/retirements', CDK_SWF_STACK_ID: { Ref: 'AWS::StackId' } } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ CdkSwfRetirementPass: true }) })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' });
  });

  it('every type depends on the stack\'s retirements resource, so a stack deletion deletes it last', () => {
    const stack = newStack();
    const domain = new Domain(stack, 'D', { domainName: 'd' });
    new WorkflowType(stack, 'W', { domain, workflowTypeName: 'W' });
    new ActivityType(stack, 'A', { domain, activityTypeName: 'A' });
    const template = Template.fromStack(stack);
    const [retirementsId] = Object.keys(template.findResources('Custom::CdkSwfRetirements'));
    expect(retirementsId).toMatch(/^CdkSwfProviderRetirements/);
    const types = Object.values({ ...template.findResources('Custom::SwfWorkflowType'), ...template.findResources('Custom::SwfActivityType') });
    expect(types.map((t) => t.DependsOn)).toEqual([[retirementsId], [retirementsId]]);
  });

  it('a stack with only types in imported domains may not register domains', () => {
    const stack = newStack();
    new ActivityType(stack, 'A', { domain: Domain.fromDomainName(stack, 'L', 'legacy'), activityTypeName: 'A' });
    const statements = statementsOf(stack, SwfResourceProvider.getOrCreate(stack).handlerRole);
    expect(statements.flatMap(actionsOf)).not.toContain('swf:RegisterDomain');
  });

  it('the handler: pre-built bundle, Node.js 24, log groups with retention, no managed policies', () => {
    const stack = newStack();
    new Domain(stack, 'D', { domainName: 'd' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Timeout: 600,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^CdkSwfProviderHandlerLogs') } },
    });
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups.map((g) => g.Properties.RetentionInDays)).toEqual([90, 90]);
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('ships the pre-built dist/handler-bundle/swf-resource bundle as the handler asset (nothing bundled at synth)', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    new Domain(stack, 'D', { domainName: 'd' });
    const assembly = app.synth();
    const manifest = JSON.parse(readFileSync(join(assembly.directory, 'S.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging: string } }>;
    };
    const bundle = readFileSync(join(handlerCodeDirectory(), 'index.js'));
    const shipped = Object.values(manifest.files)
      .filter((file) => file.source.packaging === 'zip')
      .filter((file) => existsSync(join(assembly.directory, file.source.path, 'index.js')))
      .filter((file) => readFileSync(join(assembly.directory, file.source.path, 'index.js')).equals(bundle));
    expect(shipped).toHaveLength(1);
  });

  it('fails with a clear message when the handler bundle was not built', () => {
    const root = mkdtempSync(join(tmpdir(), 'cdk-swf-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'cdk-swf' }));
    const nested = join(root, 'dist', 'lib', 'provider');
    mkdirSync(nested, { recursive: true });
    expect(() => handlerCodeDirectory(nested)).toThrow(/handler bundle is missing .*dist\/handler-bundle\/swf-resource\/index\.js.*run "npm run build"/);
    mkdirSync(join(root, 'dist', 'handler-bundle', 'swf-resource'), { recursive: true });
    writeFileSync(join(root, 'dist', 'handler-bundle', 'swf-resource', 'index.js'), '');
    expect(handlerCodeDirectory(nested)).toBe(join(root, 'dist', 'handler-bundle', 'swf-resource'));
    rmSync(root, { recursive: true, force: true });
  });

  it('fails outside a cdk-swf package', () => {
    const lonely = mkdtempSync(join(tmpdir(), 'not-cdk-swf-'));
    expect(() => handlerCodeDirectory(lonely)).toThrow(/cannot find the cdk-swf package root above/);
    rmSync(lonely, { recursive: true, force: true });
  });
});

describe('determinism', () => {
  it('two synths produce identical templates: generated names, derived versions, tags, policies', () => {
    const synth = () => {
      const app = new App();
      const stack = new Stack(app, 'Shop');
      const domain = new Domain(stack, 'Orders', { tags: { b: '2', a: '1' } });
      Tags.of(stack).add('app', 'shop');
      const lambdaRole = new iam.Role(stack, 'LambdaRole', { assumedBy: new iam.ServicePrincipal('swf.amazonaws.com') });
      const workflow = new WorkflowType(stack, 'Flow', { domain, workflowTypeName: 'Flow', defaultTaskList: 'd', defaultLambdaRole: lambdaRole });
      const activity = new ActivityType(stack, 'Step', { domain, activityTypeName: 'Step', defaultTaskList: 'a' });
      new ActivityType(stack, 'Other', { domain: Domain.fromDomainName(stack, 'Legacy', 'legacy'), activityTypeName: 'Other' });
      const worker = new iam.Role(stack, 'Worker', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      workflow.grantDecide(worker, { activityTypes: [activity] });
      activity.grantWork(worker);
      return JSON.stringify(app.synth().getStackByName('Shop').template);
    };
    const first = synth();
    expect(first).toContain('"Version":"v');
    expect(synth()).toBe(first);
  });
});
