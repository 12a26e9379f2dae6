import {
  DeprecateDomainCommand,
  DeprecateWorkflowTypeCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  StartWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';
import { runCli, runJson, useLocalAwsEnvironment } from './support/run-cli';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;
let local: Local;
let endpoint: string[];

beforeAll(async () => {
  useLocalAwsEnvironment();
  local = await startLocalSwf();
  endpoint = ['--endpoint-url', local.server.endpoint];
  const swf = local.swf;
  await swf.send(
    new RegisterDomainCommand({
      name: 'orders',
      description: 'Order processing',
      workflowExecutionRetentionPeriodInDays: '7',
      tags: [{ key: 'team', value: 'checkout' }],
    }),
  );
  await swf.send(new RegisterDomainCommand({ name: 'archive', workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(new DeprecateDomainCommand({ name: 'archive' }));
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain: 'orders',
      name: 'ProcessOrder',
      version: '1',
      description: 'Charge, ship, notify',
      defaultTaskList: { name: 'orders-decisions' },
      defaultExecutionStartToCloseTimeout: '3600',
      defaultTaskStartToCloseTimeout: '30',
      defaultChildPolicy: 'TERMINATE',
      defaultLambdaRole: 'arn:aws:iam::123456789012:role/orders-lambda',
    }),
  );
  await swf.send(new RegisterWorkflowTypeCommand({ domain: 'orders', name: 'ProcessOrder', version: '0' }));
  await swf.send(new DeprecateWorkflowTypeCommand({ domain: 'orders', workflowType: { name: 'ProcessOrder', version: '0' } }));
  for (const name of ['ChargeCard', 'ShipOrder']) {
    await swf.send(
      new RegisterActivityTypeCommand({ domain: 'orders', name, version: '1', defaultTaskList: { name: 'orders-activities' }, defaultTaskStartToCloseTimeout: '60' }),
    );
  }
  // One open and one closed execution, for the counts of `domains describe`.
  const start = (workflowId: string) =>
    swf.send(new StartWorkflowExecutionCommand({ domain: 'orders', workflowId, workflowType: { name: 'ProcessOrder', version: '1' } }));
  await start('order-1');
  await start('order-2');
  await swf.send(new TerminateWorkflowExecutionCommand({ domain: 'orders', workflowId: 'order-2' }));
});

afterAll(async () => {
  await local?.stop();
});

describe('domains list', () => {
  it('lists registered domains by default, deprecated ones on request', async () => {
    const registered = await runJson<Array<{ name: string; status: string }>>('domains', 'list', ...endpoint);
    expect(registered.map((d) => d.name)).toEqual(['orders']);
    expect(registered[0]).toMatchObject({ status: 'REGISTERED', description: 'Order processing' });

    const deprecated = await runJson<Array<{ name: string }>>('domains', 'list', '--status', 'deprecated', ...endpoint);
    expect(deprecated.map((d) => d.name)).toEqual(['archive']);

    const all = await runJson<Array<{ name: string }>>('domains', 'list', '--status', 'all', ...endpoint);
    expect(all.map((d) => d.name).sort()).toEqual(['archive', 'orders']);
  });

  it('prints a table for people', async () => {
    const result = await runCli('domains', 'list', ...endpoint);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(/^orders\s+REGISTERED\s+Order processing$/);
  });

  it('rejects an unknown --status as a usage error with the help', async () => {
    const result = await runCli('domains', 'list', '--status', 'gone', ...endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("option '--status <status>' argument 'gone' is invalid");
    expect(result.stderr).toContain('Usage: cdk-swf domains list');
  });
});

describe('domains describe', () => {
  it('shows configuration, tags and execution counts', async () => {
    const details = await runJson<Record<string, any>>('domains', 'describe', 'orders', ...endpoint);
    expect(details.domainInfo).toMatchObject({ name: 'orders', status: 'REGISTERED', arn: 'arn:aws:swf:us-east-1:123456789012:/domain/orders' });
    expect(details.configuration).toEqual({ workflowExecutionRetentionPeriodInDays: '7' });
    expect(details.tags).toEqual([{ key: 'team', value: 'checkout' }]);
    expect(details.openExecutions).toEqual({ count: 1, truncated: false });
    expect(details.closedExecutions).toEqual({ count: 1, truncated: false });

    const table = await runCli('domains', 'describe', 'orders', ...endpoint);
    expect(table.stdout).toMatch(/Retention \(days\)\s+7/);
    expect(table.stdout).toMatch(/Tags\s+team=checkout/);
    expect(table.stdout).toMatch(/Open executions\s+1/);
  });

  it('still describes a deprecated domain', async () => {
    const details = await runJson<Record<string, any>>('domains', 'describe', 'archive', ...endpoint);
    expect(details.domainInfo).toMatchObject({ name: 'archive', status: 'DEPRECATED' });
    expect(details.openExecutions.count).toBe(0);
  });

  it('names an unknown domain in one line and exits 1', async () => {
    const result = await runCli('domains', 'describe', 'nope', ...endpoint);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: "cdk-swf: unknown domain 'nope'\n" });
  });
});

describe('types list', () => {
  it('lists workflow and activity types with creation dates in ISO 8601', async () => {
    const types = await runJson<Array<Record<string, string>>>('types', 'list', '--domain', 'orders', ...endpoint);
    expect(types.map((t) => `${t.kind}:${t.name}@${t.version}`)).toEqual([
      'workflow:ProcessOrder@1',
      'activity:ChargeCard@1',
      'activity:ShipOrder@1',
    ]);
    expect(types[0].creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Math.abs(Date.parse(types[0].creationDate) - Date.now())).toBeLessThan(60_000);
  });

  it('filters by kind, status and name', async () => {
    const activities = await runJson<Array<{ name: string }>>('types', 'list', '--domain', 'orders', '--kind', 'activity', '--name', 'ShipOrder', ...endpoint);
    expect(activities.map((t) => t.name)).toEqual(['ShipOrder']);
    const deprecated = await runJson<Array<{ version: string; status: string }>>('types', 'list', '--domain', 'orders', '--status', 'deprecated', ...endpoint);
    expect(deprecated).toMatchObject([{ version: '0', status: 'DEPRECATED' }]);
  });

  it('says which domain is unknown', async () => {
    const result = await runCli('types', 'list', '--domain', 'nope', ...endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("cdk-swf: unknown domain 'nope'\n");
  });

  it('requires --domain, printing the help', async () => {
    const result = await runCli('types', 'list', ...endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("required option '--domain <domain>' not specified");
    expect(result.stderr).toContain('Usage: cdk-swf types list');
  });
});

describe('types describe', () => {
  it('shows a workflow type and its defaults, finding the kind by itself', async () => {
    const described = await runJson<Record<string, any>>('types', 'describe', '--domain', 'orders', '--name', 'ProcessOrder', '--type-version', '1', ...endpoint);
    expect(described.kind).toBe('workflow');
    expect(described.typeInfo).toMatchObject({ name: 'ProcessOrder', version: '1', status: 'REGISTERED', description: 'Charge, ship, notify' });
    expect(described.configuration).toMatchObject({
      defaultTaskList: { name: 'orders-decisions' },
      defaultExecutionStartToCloseTimeout: '3600',
      defaultChildPolicy: 'TERMINATE',
    });
    const table = await runCli('types', 'describe', '--domain', 'orders', '--kind', 'activity', '--name', 'ChargeCard', '--type-version', '1', ...endpoint);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Kind\s+activity/);
    expect(table.stdout).toMatch(/Default task list\s+orders-activities/);
    expect(table.stdout).toMatch(/Default task start-to-close timeout\s+60 s \(1m00s\)/);
    const workflow = await runCli('types', 'describe', '--domain', 'orders', '--name', 'ProcessOrder', '--type-version', '1', ...endpoint);
    expect(workflow.stdout).toMatch(/Default Lambda role\s+arn:aws:iam::123456789012:role\/orders-lambda/);
  });

  it('names the missing type', async () => {
    const withKind = await runCli('types', 'describe', '--domain', 'orders', '--kind', 'workflow', '--name', 'ProcessOrder', '--type-version', '9', ...endpoint);
    expect(withKind.stderr).toBe("cdk-swf: unknown workflow type 'ProcessOrder' version '9' in domain 'orders'\n");
    const withoutKind = await runCli('types', 'describe', '--domain', 'orders', '--name', 'Nothing', '--type-version', '1', ...endpoint);
    expect(withoutKind).toMatchObject({ code: 1, stderr: "cdk-swf: no workflow or activity type 'Nothing' version '1' in domain 'orders'\n" });
  });
});
