#!/usr/bin/env node
/**
 * `npm start`: the example app end to end, offline. Synthesizes the order-processing stack, starts swf-local in this
 * process, applies the stack's SWF resources through the real custom-resource handler, runs the decider and the
 * activity workers (the same runtime the containers run), starts 20 orders, shows progress, and prints a summary.
 * swf-local runs the stack's fraud-check Lambda function (the same bundle the stack deploys) offline.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignalWorkflowExecutionCommand, StartWorkflowExecutionCommand, SWFClient } from '@aws-sdk/client-swf';
import { App } from 'aws-cdk-lib';
import { createSwfClient } from '../lib/common/swf-client';
import { applyApp, inProcessHandler } from '../lib/deploy';
import { fraudCheckCodeDirectory } from '../lib/example/fraud-check-code';
import { ORDER_DOMAIN_NAME, OrderProcessingStack, ORDER_TASK_LISTS } from '../lib/example/order-processing-stack';
import { startSwfLocal } from '../lib/swf-local';
import { ActivityWorker, Decider, silentLogger } from '../lib/worker';
import { activities, FRAUD_CHECK, workflows, PROCESS_ORDER, SHIPMENT_APPROVED } from './order-processing';
import { DemoOrder, demoOrders, watchExecutions, summaryTable } from './demo-support';

const ORDER_COUNT = 20;
const DEADLINE_MS = 90_000;

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'cdk-swf-demo-'));
  const say = (line: string) => process.stdout.write(line + '\n');

  const started = Date.now();
  say('1/5 Synthesizing the example app (bin/app.ts: OrderProcessingStack)');
  const app = new App({ outdir: join(work, 'cdk.out') });
  const stack = new OrderProcessingStack(app, 'OrderProcessing');
  app.synth();

  say('2/5 Starting swf-local (in this process, state in memory; it runs the FraudCheck Lambda function offline)');
  // What `cdk-swf local --lambda FraudCheck=<bundle>/index.js` does: Lambda tasks of FraudCheck run this handler.
  const fraudCheckHandler = join(fraudCheckCodeDirectory(), 'index.js');
  const local = await startSwfLocal({ log: () => undefined, lambda: { functions: [`${FRAUD_CHECK}=${fraudCheckHandler}#handler`] } });
  // Exactly how users point the AWS SDK (and this package) at swf-local.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SWF: local.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    SWF_WORKFLOW_VERSIONS: JSON.stringify({ [PROCESS_ORDER]: stack.processOrder.workflowTypeVersion }),
    SWF_ACTIVITY_VERSIONS: JSON.stringify(
      Object.fromEntries(Object.entries(stack.activityTypes).map(([name, type]) => [name, type.activityTypeVersion])),
    ),
  });
  say(`    endpoint ${local.endpoint}`);
  const swf = createSwfClient();
  let decider: Decider | undefined;
  let activityWorker: ActivityWorker | undefined;
  try {
    say('3/5 cdk-swf apply: sending the custom-resource handler the events CloudFormation would');
    const applied = await applyApp({
      assemblyDirectory: join(work, 'cdk.out'),
      stateFile: join(work, 'state.json'),
      swf,
      handler: inProcessHandler({ swf }),
      log: (line) => say(`    ${line}`),
    });
    if (applied.exitCode !== 0) throw new Error('apply failed (see above)');

    say('4/5 Starting the decider and the activity workers');
    const domain = ORDER_DOMAIN_NAME;
    decider = new Decider({ swf, domain, taskList: ORDER_TASK_LISTS.decisions, workflows, concurrency: 2, logger: silentLogger });
    activityWorker = new ActivityWorker({
      swf,
      domain,
      taskList: ORDER_TASK_LISTS.activities,
      activities,
      concurrency: 10,
      logger: silentLogger,
    });
    decider.start();
    activityWorker.start();

    say(`5/5 Starting ${ORDER_COUNT} ProcessOrder executions`);
    const orders: DemoOrder[] = demoOrders(ORDER_COUNT);
    for (const order of orders) {
      order.runId = await startOrder(swf, domain, stack.processOrder.workflowTypeVersion, order);
    }
    say('    orders ending in 2, 5 or 8 find the fraud-check service down once and their Lambda task is retried;');
    say('    odd order numbers hit a payment glitch on their first charge and are retried;');
    say(`    every third order gets the ${SHIPMENT_APPROVED} signal, the others ship when their approval timer fires`);
    for (const order of orders.filter((o) => o.approveBySignal)) {
      await signalOrder(swf, domain, order);
    }

    const results = await watchExecutions(swf, domain, orders, DEADLINE_MS, say);
    say('');
    say(summaryTable(results));
    const failed = results.filter((r) => r.closeStatus !== 'COMPLETED');
    say(failed.length === 0
      ? `All ${results.length} orders completed.`
      : `${failed.length} of ${results.length} orders did not complete.`);
    say(`Demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; swf-local and the workers are stopped.`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    // Workers stop polling and finish what they hold; closing swf-local answers their pending long polls at once.
    const stopping = Promise.all([decider?.stop(), activityWorker?.stop()]);
    await local.close();
    await stopping;
    swf.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

async function startOrder(swf: SWFClient, domain: string, version: string, order: DemoOrder): Promise<string> {
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({
      domain,
      workflowId: order.workflowId,
      workflowType: { name: PROCESS_ORDER, version },
      input: JSON.stringify(order.input),
    }),
  );
  return runId!;
}

async function signalOrder(swf: SWFClient, domain: string, order: DemoOrder): Promise<void> {
  await swf.send(
    new SignalWorkflowExecutionCommand({
      domain,
      workflowId: order.workflowId,
      runId: order.runId,
      signalName: SHIPMENT_APPROVED,
      input: JSON.stringify({ approvedBy: 'warehouse' }),
    }),
  );
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
