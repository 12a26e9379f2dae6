import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeWorkflowExecutionCommand, GetWorkflowExecutionHistoryCommand, StartWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fraudCheckCodeDirectory } from '../../lib/example/fraud-check-code';
import { OrderProcessingStack } from '../../lib/example/order-processing-stack';
import { startLocalSwf } from '../support/swf-local';
import { RunningContainer, runContainerCommand, stopAll, SynthesizedApp, SynthesizedContainer } from '../support/synthesized-workers';

/*
 * The contract between WorkerService and `cdk-swf worker`, end to end: the example stack's two container
 * definitions (command line and environment, exactly as synthesized) run against swf-local, which gets the
 * domain and types the stack's custom resources would register. One change on either side (a renamed variable,
 * a JSON shape, a flag) makes the order fail to complete.
 */

const ROOT = join(__dirname, '..', '..');
type Local = Awaited<ReturnType<typeof startLocalSwf>>;

describe('WorkerService containers run the order-processing workflow (against swf-local)', () => {
  const stack = new OrderProcessingStack(new App(), 'OrderProcessing');
  const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  // What CloudFormation would name the fraud-check function and its SWF role.
  const fraudCheckName = 'OrderProcessing-FraudCheck-1A2B3C';
  const fraudCheckRoleArn = 'arn:aws:iam::123456789012:role/OrderProcessing-FraudCheckRole-4D5E6F';
  const app = new SynthesizedApp(
    [Template.fromStack(stack).toJSON()],
    [
      [{ Ref: idOf(stack.fraudCheck) }, fraudCheckName],
      [{ 'Fn::GetAtt': [idOf(stack.fraudCheckRole), 'Arn'] }, fraudCheckRoleArn],
    ],
  );
  const domainName = 'order-processing';
  let local: Local;
  const running: RunningContainer[] = [];

  /**
   * Runs a container's command with its environment, as ECS would. The image runs the compiled module
   * (dist/...js) through its cdk-swf entry point; here tsx runs the CLI and the module from their TypeScript source.
   */
  function runContainer(container: SynthesizedContainer): RunningContainer {
    const args = container.command!.map((arg) => arg.replace(/^dist\/(.*)\.js$/, '$1.ts'));
    const started = runContainerCommand({
      argv: [join(ROOT, 'node_modules', '.bin', 'tsx'), 'bin/cdk-swf.ts', ...args],
      cwd: ROOT,
      container,
      endpoint: local.server.endpoint,
    });
    running.push(started);
    return started;
  }

  beforeAll(async () => {
    // swf-local runs the stack's fraud-check bundle under the function's deployed name.
    local = await startLocalSwf({
      longPollTimeoutMs: 1_000,
      lambda: { functions: [`${fraudCheckName}=${join(fraudCheckCodeDirectory(), 'index.js')}`] },
    });
    await app.registerSwfResources(local.swf);
  });
  afterAll(async () => {
    stopAll(running);
    await local?.stop();
  });

  it('completes an order with the synthesized decider and activity containers, which then stop cleanly on SIGTERM', async () => {
    const decider = app.container('DeciderTaskDefinition');
    const activities = app.container('ActivityWorkersTaskDefinition');
    expect(decider.command!.slice(0, 3)).toEqual(['worker', '--kind', 'decider']);
    expect(activities.command!.slice(0, 3)).toEqual(['worker', '--kind', 'activity']);
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
