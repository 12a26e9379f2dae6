import {
  DescribeWorkflowExecutionCommand,
  HistoryEvent,
  paginateGetWorkflowExecutionHistory,
  SWFClient,
} from '@aws-sdk/client-swf';
import Table from 'cli-table3';
import type { Order } from './order-processing';

/** One order the demo starts, and what it expects of it. */
export interface DemoOrder {
  readonly workflowId: string;
  readonly input: Order;
  /** Sent the ShipmentApproved signal; the others wait for their approval timer. */
  readonly approveBySignal: boolean;
  runId?: string;
}

export interface DemoResult {
  readonly workflowId: string;
  readonly closeStatus: string;
  readonly durationMs: number;
  /** The steps (activities and Lambda tasks) with a mark per attempt. */
  readonly activities: string;
  readonly approval: string;
}

export function demoOrders(count: number): DemoOrder[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      workflowId: `order-${n}`,
      // Odd order ids hit the simulated payment glitch once (see bin/order-processing/types.ts).
      input: {
        orderId: `o-${n}`,
        items: [{ sku: `sku-${(i % 4) + 1}`, quantity: (i % 3) + 1 }],
        amountCents: 1_000 + i * 250,
        approvalTimeoutSeconds: 2,
        simulatedWorkMs: 100 + (i % 5) * 60,
      },
      approveBySignal: i % 3 === 0,
    };
  });
}

/** Waits until every order is closed (or the deadline passes), printing a line as each one closes. */
export async function watchExecutions(
  swf: SWFClient,
  domain: string,
  orders: readonly DemoOrder[],
  deadlineMs: number,
  say: (line: string) => void,
): Promise<DemoResult[]> {
  const results = new Map<string, DemoResult>();
  const deadline = Date.now() + deadlineMs;
  while (results.size < orders.length && Date.now() < deadline) {
    for (const order of orders) {
      if (results.has(order.workflowId)) continue;
      const { executionInfo } = await swf.send(
        new DescribeWorkflowExecutionCommand({ domain, execution: { workflowId: order.workflowId, runId: order.runId } }),
      );
      if (executionInfo?.executionStatus !== 'CLOSED') continue;
      const result = summarize(order, executionInfo.closeStatus ?? 'UNKNOWN', durationOf(executionInfo), await historyOf(swf, domain, order));
      results.set(order.workflowId, result);
      const mark = result.closeStatus === 'COMPLETED' ? '✓' : '✗';
      say(`    ${mark} ${result.workflowId} ${result.closeStatus} in ${seconds(result.durationMs)}  ` +
        `(${result.activities}; approved by ${result.approval})  [${results.size}/${orders.length}]`);
    }
    if (results.size < orders.length) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const order of orders) {
    if (!results.has(order.workflowId)) {
      results.set(order.workflowId, { workflowId: order.workflowId, closeStatus: 'STILL OPEN', durationMs: deadlineMs, activities: '-', approval: '-' });
    }
  }
  return orders.map((order) => results.get(order.workflowId)!);
}

export function summaryTable(results: readonly DemoResult[]): string {
  const table = new Table({
    head: ['Execution', 'Status', 'Duration', 'Activities and Lambda tasks (✓ completed, ✗ failed, ⧗ timed out)', 'Approved by'],
    style: { head: process.stdout.isTTY ? ['bold'] : [], border: [], compact: true },
  });
  for (const r of results) table.push([r.workflowId, r.closeStatus, seconds(r.durationMs), r.activities, r.approval]);
  return table.toString();
}

function durationOf(info: { startTimestamp?: Date; closeTimestamp?: Date }): number {
  return (info.closeTimestamp?.getTime() ?? Date.now()) - (info.startTimestamp?.getTime() ?? Date.now());
}

async function historyOf(swf: SWFClient, domain: string, order: DemoOrder): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  const pages = paginateGetWorkflowExecutionHistory(
    { client: swf },
    { domain, execution: { workflowId: order.workflowId, runId: order.runId } },
  );
  for await (const page of pages) events.push(...(page.events ?? []));
  return events;
}

const OUTCOME_MARKS: Record<string, string> = {
  ActivityTaskCompleted: '✓',
  ActivityTaskFailed: '✗',
  ActivityTaskTimedOut: '⧗',
  ActivityTaskCanceled: '⊘',
  LambdaFunctionCompleted: '✓',
  LambdaFunctionFailed: '✗',
  LambdaFunctionTimedOut: '⧗',
  StartLambdaFunctionFailed: '✗',
};

/** "ReserveInventory ✓ · FraudCheck ✗✓ · ChargePayment ✗✓ · ShipOrder ✓" from the history's activity and Lambda events. */
function summarize(order: DemoOrder, closeStatus: string, durationMs: number, events: HistoryEvent[]): DemoResult {
  const nameByScheduledId = new Map<number, string>();
  const marks = new Map<string, string>();
  for (const event of events) {
    const scheduledName = event.activityTaskScheduledEventAttributes?.activityType?.name ?? event.lambdaFunctionScheduledEventAttributes?.name;
    if (scheduledName) {
      nameByScheduledId.set(event.eventId!, scheduledName);
      if (!marks.has(scheduledName)) marks.set(scheduledName, '');
      continue;
    }
    const mark = OUTCOME_MARKS[event.eventType ?? ''];
    if (!mark) continue;
    const attributes = (event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ?? event.activityTaskCanceledEventAttributes ??
      event.lambdaFunctionCompletedEventAttributes ?? event.lambdaFunctionFailedEventAttributes ??
      event.lambdaFunctionTimedOutEventAttributes ?? event.startLambdaFunctionFailedEventAttributes) as { scheduledEventId?: number };
    const name = nameByScheduledId.get(attributes.scheduledEventId ?? -1);
    if (name) marks.set(name, marks.get(name)! + mark);
  }
  const signalled = events.some((e) => e.eventType === 'WorkflowExecutionSignaled');
  const timerFired = events.some((e) => e.eventType === 'TimerFired');
  return {
    workflowId: order.workflowId,
    closeStatus,
    durationMs,
    activities: [...marks].map(([name, mark]) => `${name} ${mark || '…'}`).join(' · '),
    approval: signalled ? 'signal' : timerFired ? 'timer' : '-',
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
