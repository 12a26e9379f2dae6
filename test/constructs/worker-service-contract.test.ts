import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  StartWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fraudCheckCodeDirectory } from '../../lib/example/fraud-check-code';
import { OrderProcessingStack } from '../../lib/example/order-processing-stack';
import { LOCAL_CREDENTIALS, startLocalSwf } from '../support/swf-local';

/*
 * The contract between WorkerService and `cdk-swf worker`, end to end: the example stack's two container
 * definitions (command line and environment, exactly as synthesized) run against swf-local, which gets the
 * domain and types the stack's custom resources would register. One change on either side (a renamed variable,
 * a JSON shape, a flag) makes the order fail to complete.
 */

const ROOT = join(__dirname, '..', '..');
type Local = Awaited<ReturnType<typeof startLocalSwf>>;
type Resource = { Type: string; Properties: Record<string, any> };

interface Container {
  readonly command: string[];
  readonly environment: Record<string, string>;
}

describe('WorkerService containers run the order-processing workflow (against swf-local)', () => {
  const stack = new OrderProcessingStack(new App(), 'OrderProcessing');
  const resources = Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, Resource>);
  const domainName = 'order-processing';
  const domainLogicalId = resources.find(([, r]) => r.Type === 'Custom::SwfDomain')![0];
  const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  // What CloudFormation would name the fraud-check function and its SWF role.
  const fraudCheckName = 'OrderProcessing-FraudCheck-1A2B3C';
  const fraudCheckRoleArn = 'arn:aws:iam::123456789012:role/OrderProcessing-FraudCheckRole-4D5E6F';
  /**
   * A template value with its references resolved: the domain's Ref (the handler returns the domain name as its
   * physical id), the fraud-check function's Ref (its name) and its role's ARN.
   */
  const literal = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (JSON.stringify(value) === JSON.stringify({ Ref: domainLogicalId })) return domainName;
    if (JSON.stringify(value) === JSON.stringify({ Ref: idOf(stack.fraudCheck) })) return fraudCheckName;
    if (JSON.stringify(value) === JSON.stringify({ 'Fn::GetAtt': [idOf(stack.fraudCheckRole), 'Arn'] })) return fraudCheckRoleArn;
    throw new Error(`unexpected template value ${JSON.stringify(value)}`);
  };
  const containerOf = (taskDefinitionPrefix: string): Container => {
    const [, definition] = resources.find(([id, r]) => r.Type === 'AWS::ECS::TaskDefinition' && id.startsWith(taskDefinitionPrefix))!;
    const container = definition.Properties.ContainerDefinitions[0];
    return {
      command: container.Command,
      environment: Object.fromEntries((container.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, literal(e.Value)])),
    };
  };

  let local: Local;
  const processes: ChildProcess[] = [];

  /** What the custom resources would do on deployment: register the domain and types with their template properties. */
  async function registerStackResources(): Promise<void> {
    const camel = (properties: Record<string, any>): Record<string, any> =>
      Object.fromEntries(Object.entries(properties).filter(([key]) => key !== 'ServiceToken').map(([key, value]) => [
        key[0].toLowerCase() + key.slice(1),
        key === 'DefaultTaskList' ? { name: value } : literal(value),
      ]));
    const ofType = (type: string) => resources.filter(([, r]) => r.Type === type).map(([, r]) => camel(r.Properties));
    for (const { name, workflowExecutionRetentionPeriodInDays } of ofType('Custom::SwfDomain')) {
      await local.swf.send(new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays }));
    }
    for (const { tags: _tags, ...type } of ofType('Custom::SwfWorkflowType')) await local.swf.send(new RegisterWorkflowTypeCommand(type as any));
    for (const type of ofType('Custom::SwfActivityType')) await local.swf.send(new RegisterActivityTypeCommand(type as any));
  }

  /**
   * Runs a container's command with its environment, as ECS would, plus the endpoint and dummy credentials for
   * swf-local. The image runs the compiled module (dist/...js); here tsx runs its TypeScript source.
   */
  function runContainer(container: Container): { exited: Promise<number | null>; output: () => string; child: ChildProcess } {
    const args = container.command.map((arg) => arg.replace(/^dist\/(.*)\.js$/, '$1.ts'));
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/cdk-swf.ts', ...args], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        ...container.environment,
        AWS_ENDPOINT_URL_SWF: local.server.endpoint,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_REGION: 'us-east-1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, exited: once(child, 'exit').then(([code]) => code as number | null), output: () => output };
  }

  beforeAll(async () => {
    // swf-local runs the stack's fraud-check bundle under the function's deployed name.
    local = await startLocalSwf({
      longPollTimeoutMs: 1_000,
      lambda: { functions: [`${fraudCheckName}=${join(fraudCheckCodeDirectory(), 'index.js')}`] },
    });
    await registerStackResources();
  });
  afterAll(async () => {
    for (const child of processes) {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    await local?.stop();
  });

  it('completes an order with the synthesized decider and activity containers, which then stop cleanly on SIGTERM', async () => {
    const decider = containerOf('DeciderTaskDefinition');
    const activities = containerOf('ActivityWorkersTaskDefinition');
    expect(decider.command.slice(0, 3)).toEqual(['worker', '--kind', 'decider']);
    expect(activities.command.slice(0, 3)).toEqual(['worker', '--kind', 'activity']);
    const deciderRun = runContainer(decider);
    const activityRun = runContainer(activities);

    const workflowVersion = JSON.parse(decider.environment.SWF_WORKFLOW_VERSIONS).ProcessOrder;
    expect(workflowVersion).toBe(stack.processOrder.workflowTypeVersion);
    const execution = { workflowId: 'order-o-2000' };
    const { runId } = await local.swf.send(new StartWorkflowExecutionCommand({
      domain: domainName,
      workflowId: execution.workflowId,
      workflowType: { name: 'ProcessOrder', version: workflowVersion },
      input: JSON.stringify({ orderId: 'o-2000', items: [{ sku: 'A-1', quantity: 1 }], amountCents: 500, approvalTimeoutSeconds: 1 }),
    }));

    const deadline = Date.now() + 45_000;
    let status = 'OPEN';
    while (status === 'OPEN' && Date.now() < deadline) {
      await sleep(250);
      const described = await local.swf.send(new DescribeWorkflowExecutionCommand({ domain: domainName, execution: { ...execution, runId } }));
      status = described.executionInfo!.executionStatus === 'OPEN' ? 'OPEN' : described.executionInfo!.closeStatus!;
    }
    const { events } = await local.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: domainName, execution: { ...execution, runId } }));
    expect(status, `decider output:\n${deciderRun.output()}\nactivity output:\n${activityRun.output()}`).toBe('COMPLETED');
    // The activities ran in the versions the stack registered, which reached the decider through SWF_ACTIVITY_VERSIONS.
    const scheduled = events!.filter((e) => e.eventType === 'ActivityTaskScheduled').map((e) => e.activityTaskScheduledEventAttributes!.activityType);
    expect(scheduled).toEqual(['ReserveInventory', 'ChargePayment', 'ShipOrder'].map((name) => ({ name, version: stack.activityTypes[name].activityTypeVersion })));
    // The fraud check ran as a Lambda task of the function the stack named in the decider's environment, with the
    // workflow type's default Lambda role.
    expect(events!.filter((e) => e.eventType === 'LambdaFunctionScheduled').map((e) => e.lambdaFunctionScheduledEventAttributes!.name)).toEqual([fraudCheckName]);
    expect(events!.find((e) => e.eventType === 'WorkflowExecutionStarted')!.workflowExecutionStartedEventAttributes!.lambdaRole).toBe(fraudCheckRoleArn);

    // ECS stops a task with SIGTERM (then SIGKILL after the 120 s stop timeout): both workers drain and exit 0.
    deciderRun.child.kill('SIGTERM');
    activityRun.child.kill('SIGTERM');
    expect(await deciderRun.exited).toBe(0);
    expect(await activityRun.exited).toBe(0);
  });
});
