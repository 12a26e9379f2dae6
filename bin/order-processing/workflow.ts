import type { Decision } from '@aws-sdk/client-swf';
import type { DecideFunction, WorkflowDefinition } from '../../lib/worker/decider';
import type { DecisionBuilders } from '../../lib/worker/decisions';
import type { WorkflowHistory } from '../../lib/worker/history';
import { parseJson } from '../../lib/worker/json';
import type { ChargeInput, ShipInput } from './activities';
import type { FraudCheckInput, FraudCheckResult } from '../../lambda/fraud-check';
import { CHARGE_PAYMENT, fraudCheckFunctionName, Order, parseOrder, PROCESS_ORDER, RESERVE_INVENTORY, SHIP_ORDER, SHIPMENT_APPROVED } from './types';

/** Attempts per step, activity or Lambda task (first try included), before the order fails. */
export const MAX_ATTEMPTS = 3;
export const APPROVAL_TIMER = 'approval-timeout';
/** The id of the fraud-check Lambda task (its retries reuse it). */
export const FRAUD_CHECK_ID = 'fraud-check';
const DEFAULT_APPROVAL_SECONDS = 2;

type Step = { readonly done: true; readonly result?: string } | { readonly done: false; readonly decisions: Decision[] };

/** What a step needs to know of its latest attempt: activities and Lambda tasks look alike here. */
interface StepView {
  readonly attempt: number;
  readonly status: string;
  readonly result?: string;
  readonly reason?: string;
  readonly details?: string;
  readonly timeoutType?: string;
}

/**
 * One step with retries: schedule it, wait while it is open, retry a failure or timeout with the same id until
 * MAX_ATTEMPTS, then fail the workflow. `last` is the latest attempt (an ActivityView or a LambdaTaskView).
 */
function retryingStep(d: DecisionBuilders, name: string, last: StepView | undefined, schedule: (attempt: number) => Decision): Step {
  if (!last) return { done: false, decisions: [schedule(1)] };
  switch (last.status) {
    case 'completed':
      return { done: true, result: last.result };
    case 'scheduled':
    case 'started':
      return { done: false, decisions: [] };
    default: {
      const why = last.status === 'timedOut' ? `timed out (${last.timeoutType})` : `${last.status}: ${last.reason ?? last.details ?? ''}`;
      if (last.attempt >= MAX_ATTEMPTS) {
        return { done: false, decisions: [d.fail(`${name} failed after ${last.attempt} attempts`, `last attempt ${why}`)] };
      }
      return { done: false, decisions: [schedule(last.attempt + 1)] };
    }
  }
}

/** An activity step: ScheduleActivityTask, with the activityId as the step's id. */
function step(h: WorkflowHistory, d: DecisionBuilders, activityId: string, name: string, input: (attempt: number) => unknown): Step {
  return retryingStep(d, name, h.activity(activityId), (attempt) => d.scheduleActivity({ activityId, name, input: input(attempt) }));
}

/** A Lambda step: ScheduleLambdaFunction (SWF invokes the function), retried exactly like an activity step. */
function lambdaStep(h: WorkflowHistory, d: DecisionBuilders, id: string, functionName: string, input: (attempt: number) => unknown): Step {
  return retryingStep(d, functionName, h.lambdaTask(id), (attempt) =>
    d.scheduleLambda({ id, name: functionName, input: input(attempt), startToCloseTimeout: 30 }),
  );
}

/**
 * ProcessOrder: ReserveInventory → FraudCheck (a Lambda task, retried) → ChargePayment (retried) → wait for the
 * ShipmentApproved signal or the approval timer → ShipOrder → complete with a JSON summary.
 */
export const decideProcessOrder: DecideFunction = (h, d) => {
  if (h.cancelRequested) return [d.cancel('order canceled on request')];
  const refused = h.decisionFailures.find((failure) => failure.eventType === 'ScheduleActivityTaskFailed');
  if (refused) return [d.fail('Could not schedule an activity', `${refused.id}: ${refused.cause} (are the activity types registered?)`)];
  const lambdaRefused = h.decisionFailures.find((failure) => failure.eventType === 'ScheduleLambdaFunctionFailed');
  if (lambdaRefused) {
    return [d.fail('Could not schedule the fraud check', `${lambdaRefused.id}: ${lambdaRefused.cause} (does the execution have a Lambda role, and can SWF run Lambda tasks here?)`)];
  }

  const order = parseOrder(h.input);
  if (typeof order === 'string') return [d.fail('Invalid order input', order)];

  const reserve = step(h, d, 'reserve', RESERVE_INVENTORY, () => order);
  if (!reserve.done) return reserve.decisions;

  const fraudCheck = lambdaStep(h, d, FRAUD_CHECK_ID, fraudCheckFunctionName(), (attempt): FraudCheckInput => ({ order, attempt }));
  if (!fraudCheck.done) return fraudCheck.decisions;
  const verdict = parseJson<FraudCheckResult>(fraudCheck.result);
  if (verdict?.verdict !== 'approve') return [d.fail('Order held for fraud review', fraudCheck.result)];

  const charge = step(h, d, 'charge', CHARGE_PAYMENT, (attempt): ChargeInput => ({ order, attempt }));
  if (!charge.done) return charge.decisions;

  const approval = waitForApproval(h, d, order);
  if (approval.approvedBy === undefined) return approval.decisions;

  const ship = step(h, d, 'ship', SHIP_ORDER, (): ShipInput => ({ order, approvedBy: approval.approvedBy! }));
  if (!ship.done) return [...approval.decisions, ...ship.decisions];

  return [
    d.complete({
      orderId: order.orderId,
      reservation: parseJson(h.activity('reserve')?.result),
      fraudCheck: { score: verdict.score, attempts: h.lambdaTask(FRAUD_CHECK_ID)?.attempt },
      charge: parseJson(charge.result),
      chargeAttempts: h.activity('charge')?.attempt,
      shipment: parseJson(ship.result),
      approvedBy: parseJson<ShipInput>(h.activity('ship')?.input)?.approvedBy,
    }),
  ];
};

function waitForApproval(h: WorkflowHistory, d: DecisionBuilders, order: Order): { approvedBy?: 'signal' | 'timeout'; decisions: Decision[] } {
  const signalled = h.signalsNamed(SHIPMENT_APPROVED).length > 0;
  const timer = h.timer(APPROVAL_TIMER);
  if (signalled) return { approvedBy: 'signal', decisions: timer?.status === 'started' ? [d.cancelTimer(APPROVAL_TIMER)] : [] };
  if (!timer) return { decisions: [d.startTimer(APPROVAL_TIMER, order.approvalTimeoutSeconds ?? DEFAULT_APPROVAL_SECONDS)] };
  if (timer.status === 'fired') return { approvedBy: 'timeout', decisions: [] };
  return { decisions: [] };
}

export const processOrderWorkflow: WorkflowDefinition = { name: PROCESS_ORDER, decide: decideProcessOrder };
