import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActivityWorker } from '../../lib/worker/activity-worker';
import { join } from 'node:path';
import { activities, CHARGE_PAYMENT, FRAUD_CHECK, PROCESS_ORDER, RESERVE_INVENTORY, SHIP_ORDER, workflows } from '../../bin/order-processing';
import { fraudCheckCodeDirectory } from '../../lib/example/fraud-check-code';
import { clientFor, startLocalSwf } from '../support/swf-local';
import { closingEvent, eventsOfType, recordingLogger, registerTypes, startExecution, unique, waitForClose, Workers } from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

/**
 * swf-local answers 20% of calls with ThrottlingException and 10% with HTTP 500. The workers' client makes a single
 * attempt per call (no SDK retries), so every fault reaches the runtime's own backoff.
 */
describe('workers under injected throttling and server errors', () => {
  let local: Local;
  const workers = new Workers();
  const domain = unique('faults');

  beforeAll(async () => {
    local = await startLocalSwf({
      longPollTimeoutMs: 1_000,
      faults: { throttleRate: 0.2, serverErrorRate: 0.1 },
      // ProcessOrder's fraud check is a Lambda task: swf-local runs the example's bundle offline.
      lambda: { functions: [`${FRAUD_CHECK}=${join(fraudCheckCodeDirectory(), 'index.js')}`] },
    });
  });
  afterEach(() => workers.stopAll());
  afterAll(() => local?.stop());

  it('runs every order to completion: no crash, no lost response, no task left to time out', async () => {
    // The test's own calls retry through the SDK (10 attempts); the workers' calls do not.
    const admin = clientFor(local.server.endpoint, 10);
    await registerTypes(admin, domain, {
      taskList: 'orders',
      activityTaskList: 'orders-activities',
      workflow: PROCESS_ORDER,
      activities: [{ name: RESERVE_INVENTORY }, { name: CHARGE_PAYMENT }, { name: SHIP_ORDER }],
      defaultLambdaRole: 'arn:aws:iam::123456789012:role/order-fraud-check',
      // A lost response would surface as a DecisionTaskTimedOut whatever the timeout; a 5 s one also times out a
      // response that is merely slow, as on a machine this busy (backoff through 30% faults while other suites run).
      decisionTimeout: '60',
    });
    process.env.SWF_ACTIVITY_VERSIONS = JSON.stringify({ [RESERVE_INVENTORY]: '1', [CHARGE_PAYMENT]: '1', [SHIP_ORDER]: '1' });
    const logger = recordingLogger();
    try {
      const workerClient = clientFor(local.server.endpoint, 1);
      workers.decider({ swf: workerClient, domain, taskList: 'orders', workflows, logger, concurrency: 2 });
      workers.activity({ swf: workerClient, domain, taskList: 'orders-activities', activities, logger, concurrency: 4 });

      const orderIds = ['f-10', 'f-11', 'f-12', 'f-13', 'f-14', 'f-15'];
      const executions = await Promise.all(
        orderIds.map((orderId) =>
          startExecution(admin, domain, PROCESS_ORDER, JSON.stringify({ orderId, items: [{ sku: 'S', quantity: 1 }], amountCents: 5, approvalTimeoutSeconds: 1 })),
        ),
      );
      const closed = await Promise.all(executions.map((execution) => waitForClose(admin, domain, execution, 45_000)));

      closed.forEach(({ closeStatus, events }, i) => {
        expect(closeStatus, orderIds[i]).toBe('COMPLETED');
        expect(eventsOfType(events, 'ActivityTaskTimedOut'), orderIds[i]).toHaveLength(0);
        expect(eventsOfType(events, 'DecisionTaskTimedOut'), orderIds[i]).toHaveLength(0);
        const result = JSON.parse(closingEvent(events).workflowExecutionCompletedEventAttributes!.result!);
        // Odd order ids fail their first charge and are retried once; faults never add attempts.
        expect(result.chargeAttempts, orderIds[i]).toBe(i % 2 === 1 ? 2 : 1);
      });
      // The faults really happened and were retried.
      const log = logger.lines.join('\n');
      expect(log).toMatch(/ThrottlingException/);
      expect(log).toMatch(/InternalFailure/);
      expect(log).not.toMatch(/gave up|rejected by SWF|crashed/);
      admin.destroy();
    } finally {
      delete process.env.SWF_ACTIVITY_VERSIONS;
    }
  });
});

describe('workers when the endpoint is unreachable', () => {
  it('keep retrying the poll with backoff (ECONNREFUSED), never crash, and still stop cleanly', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const logger = recordingLogger();
    const swf = clientFor(`http://127.0.0.1:${port}`, 1);
    const worker = new ActivityWorker({ swf, domain: 'd', taskList: 't', activities: { A: () => 'a' }, logger, concurrency: 2 });
    worker.start();
    await sleep(1_000);
    expect(worker.running).toBe(true);
    const retries = logger.lines.filter((line) => line.includes('activity worker poll failed; retrying'));
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries[0]).toContain('"error":"ECONNREFUSED"');
    await worker.stop();
    swf.destroy();
  });
});
