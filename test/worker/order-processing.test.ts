import { RequestCancelWorkflowExecutionCommand, SignalWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { activities, CHARGE_PAYMENT, FRAUD_CHECK, PROCESS_ORDER, RESERVE_INVENTORY, SHIP_ORDER, SHIPMENT_APPROVED, workflows } from '../../bin/order-processing';
import { fraudCheckCodeDirectory } from '../../lib/example/fraud-check-code';
import { startLocalSwf } from '../support/swf-local';
import { closingEvent, eventsOfType, history, registerTypes, startExecution, unique, waitForClose, Workers } from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

describe('order-processing example on swf-local', () => {
  let local: Local;
  const workers = new Workers();
  const domain = unique('orders');
  const taskList = 'orders-decisions';

  beforeAll(async () => {
    // Short long polls so draining the workers after each test is quick. swf-local runs the fraud check (the
    // bundle the example stack deploys) offline, as `cdk-swf local --lambda FraudCheck=...` does.
    local = await startLocalSwf({ longPollTimeoutMs: 1_000, lambda: { functions: [`${FRAUD_CHECK}=${join(fraudCheckCodeDirectory(), 'index.js')}`] } });
    await registerTypes(local.swf, domain, {
      defaultLambdaRole: 'arn:aws:iam::123456789012:role/order-fraud-check',
      taskList,
      activityTaskList: 'orders-activities',
      workflow: PROCESS_ORDER,
      activities: [{ name: RESERVE_INVENTORY }, { name: CHARGE_PAYMENT }, { name: SHIP_ORDER }],
    });
    process.env.SWF_ACTIVITY_VERSIONS = JSON.stringify({ [RESERVE_INVENTORY]: '1', [CHARGE_PAYMENT]: '1', [SHIP_ORDER]: '1' });
  });
  afterEach(() => workers.stopAll());
  afterAll(async () => {
    delete process.env.SWF_ACTIVITY_VERSIONS;
    await local?.stop();
  });

  const runWorkers = () => {
    workers.decider({ swf: local.swf, domain, taskList, workflows });
    workers.activity({ swf: local.swf, domain, taskList: 'orders-activities', activities });
  };
  const order = (orderId: string, extra: object = {}) => JSON.stringify({ orderId, items: [{ sku: 'A-1', quantity: 2 }], amountCents: 1999, ...extra });

  it('ships an order after the approval timer when no signal comes, and completes with a summary', async () => {
    runWorkers();
    const execution = await startExecution(local.swf, domain, PROCESS_ORDER, order('o-1000', { approvalTimeoutSeconds: 1 }));
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);

    expect(closeStatus).toBe('COMPLETED');
    const result = JSON.parse(closingEvent(events).workflowExecutionCompletedEventAttributes!.result!);
    expect(result).toMatchObject({ orderId: 'o-1000', approvedBy: 'timeout', chargeAttempts: 1, shipment: { trackingNumber: 'TRK-O-1000' } });
    expect(eventsOfType(events, 'TimerFired')).toHaveLength(1);
    const scheduled = eventsOfType(events, 'ActivityTaskScheduled').map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name);
    expect(scheduled).toEqual([RESERVE_INVENTORY, CHARGE_PAYMENT, SHIP_ORDER]);
    expect(eventsOfType(events, 'LambdaFunctionScheduled').map((e) => e.lambdaFunctionScheduledEventAttributes!.name)).toEqual([FRAUD_CHECK]);
    expect(result.fraudCheck).toEqual({ score: expect.any(Number), attempts: 1 });
  });

  it('runs the fraud check as a Lambda task before charging, and retries it when the scoring service is down', async () => {
    runWorkers();
    // Ends in 8: the simulated scoring service fails the first check.
    const execution = await startExecution(local.swf, domain, PROCESS_ORDER, order('o-1008', { approvalTimeoutSeconds: 1 }));
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);

    expect(closeStatus).toBe('COMPLETED');
    const failed = eventsOfType(events, 'LambdaFunctionFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0].lambdaFunctionFailedEventAttributes!.reason).toBe('FraudServiceUnavailable');
    const checks = eventsOfType(events, 'LambdaFunctionScheduled').map((e) => JSON.parse(e.lambdaFunctionScheduledEventAttributes!.input!).attempt);
    expect(checks).toEqual([1, 2]);
    // The check ran before the charge was scheduled.
    const firstCharge = eventsOfType(events, 'ActivityTaskScheduled').find((e) => e.activityTaskScheduledEventAttributes!.activityType!.name === CHARGE_PAYMENT)!;
    expect(eventsOfType(events, 'LambdaFunctionCompleted')[0].eventId!).toBeLessThan(firstCharge.eventId!);
    expect(JSON.parse(closingEvent(events).workflowExecutionCompletedEventAttributes!.result!).fraudCheck).toEqual({ score: 6, attempts: 2 });
  });

  it('holds an order the fraud check scores too high, without charging it', async () => {
    runWorkers();
    const execution = await startExecution(local.swf, domain, PROCESS_ORDER, order('o-1010', { amountCents: 95_000 }));
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('FAILED');
    expect(closingEvent(events).workflowExecutionFailedEventAttributes!.reason).toBe('Order held for fraud review');
    expect(eventsOfType(events, 'ActivityTaskScheduled').map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name)).toEqual([RESERVE_INVENTORY]);
  });

  it('retries ChargePayment after its first attempt fails, and ships early on the ShipmentApproved signal', async () => {
    runWorkers();
    // An odd last digit: the simulated gateway fails the first charge.
    const execution = await startExecution(local.swf, domain, PROCESS_ORDER, order('o-1001', { approvalTimeoutSeconds: 60 }));
    // Signal as soon as the order is charged; the timer is 60 s, so only the signal can finish this within the test.
    const deadline = Date.now() + 15_000;
    let signalled = false;
    while (!signalled && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      if (eventsOfType(await history(local.swf, domain, execution), 'TimerStarted').length > 0) {
        await local.swf.send(new SignalWorkflowExecutionCommand({ domain, ...execution, signalName: SHIPMENT_APPROVED }));
        signalled = true;
      }
    }
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);

    expect(closeStatus).toBe('COMPLETED');
    const failed = eventsOfType(events, 'ActivityTaskFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0].activityTaskFailedEventAttributes!.reason).toBe('PaymentGatewayTimeout');
    expect(eventsOfType(events, 'TimerCanceled')).toHaveLength(1);
    const result = JSON.parse(closingEvent(events).workflowExecutionCompletedEventAttributes!.result!);
    expect(result).toMatchObject({ orderId: 'o-1001', approvedBy: 'signal', chargeAttempts: 2, charge: { attempt: 2 } });
  });

  it('answers a cancel request by canceling the order', async () => {
    runWorkers();
    const execution = await startExecution(local.swf, domain, PROCESS_ORDER, order('o-1002', { approvalTimeoutSeconds: 60 }));
    for (let i = 0; i < 200 && eventsOfType(await history(local.swf, domain, execution), 'TimerStarted').length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await local.swf.send(new RequestCancelWorkflowExecutionCommand({ domain, ...execution }));
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('CANCELED');
    expect(closingEvent(events).workflowExecutionCanceledEventAttributes!.details).toBe('order canceled on request');
  });

  it('fails the workflow explicitly on an invalid order (no retry loop)', async () => {
    runWorkers();
    const execution = await startExecution(local.swf, domain, PROCESS_ORDER, '{"orderId": ""}');
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('FAILED');
    expect(closingEvent(events).workflowExecutionFailedEventAttributes).toMatchObject({
      reason: 'Invalid order input',
      details: 'orderId must be a non-empty string',
    });
  });
});
