import { activityVersions, workflowVersions } from '../../lib/worker/env';

/** Names and registration defaults of the order-processing types (the example app and the demo register these). */
export const PROCESS_ORDER = 'ProcessOrder';
export const RESERVE_INVENTORY = 'ReserveInventory';
export const CHARGE_PAYMENT = 'ChargePayment';
export const SHIP_ORDER = 'ShipOrder';
/** The fraud check ProcessOrder runs as a Lambda task before charging (lambda/fraud-check): its local name. */
export const FRAUD_CHECK = 'FraudCheck';
/** Names the deployed fraud-check function for the decider (the example stack sets it). */
export const FRAUD_CHECK_FUNCTION_ENV = 'ORDER_FRAUD_CHECK_FUNCTION';

/** The function the decider schedules: the deployed one, else `FraudCheck` (what swf-local maps with --lambda). */
export function fraudCheckFunctionName(): string {
  return process.env[FRAUD_CHECK_FUNCTION_ENV] || FRAUD_CHECK;
}

/** Signal that lets a paid order ship before the approval timer fires. */
export const SHIPMENT_APPROVED = 'ShipmentApproved';

/** Version used when SWF_WORKFLOW_VERSIONS / SWF_ACTIVITY_VERSIONS do not name one (local runs). */
export const DEFAULT_VERSION = '1.0';

/** Recommended registration defaults (seconds). The decider relies on them for task lists and timeouts. */
export const ORDER_WORKFLOW_DEFAULTS = {
  name: PROCESS_ORDER,
  defaultExecutionStartToCloseTimeout: 3600,
  defaultTaskStartToCloseTimeout: 10,
  defaultChildPolicy: 'TERMINATE',
} as const;

export const ORDER_ACTIVITY_DEFAULTS = [RESERVE_INVENTORY, CHARGE_PAYMENT, SHIP_ORDER].map((name) => ({
  name,
  defaultTaskScheduleToStartTimeout: 300,
  defaultTaskStartToCloseTimeout: 30,
  defaultTaskScheduleToCloseTimeout: 330,
  defaultTaskHeartbeatTimeout: 'NONE',
}));

/** Versions this process should address: the stack's (from the environment) or the local default. */
export function orderVersions(): { workflow: string; activities: Readonly<Record<string, string>> } {
  const fallback = (names: string[]) => Object.fromEntries(names.map((name) => [name, DEFAULT_VERSION]));
  return {
    workflow: workflowVersions(fallback([PROCESS_ORDER]))[PROCESS_ORDER],
    activities: activityVersions(fallback([RESERVE_INVENTORY, CHARGE_PAYMENT, SHIP_ORDER])),
  };
}

export interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
}

/** The ProcessOrder input (JSON). */
export interface Order {
  readonly orderId: string;
  readonly items: readonly OrderItem[];
  /** Amount in cents. */
  readonly amountCents: number;
  /** How long a paid order waits for ShipmentApproved before shipping anyway. @default 2 */
  readonly approvalTimeoutSeconds?: number;
  /** Makes every activity take this long (to watch the demo). @default 0 */
  readonly simulatedWorkMs?: number;
}

/** Orders whose id ends in an odd digit hit a (simulated) payment-gateway glitch on their first charge attempt. */
export function hasFlakyPayment(orderId: string): boolean {
  const last = orderId.at(-1) ?? '';
  return /[13579]/.test(last);
}

/** Checks a ProcessOrder input; returns a message saying what is wrong, or the order. */
export function parseOrder(input: string | undefined): Order | string {
  let value: unknown;
  try {
    value = input === undefined ? undefined : JSON.parse(input);
  } catch {
    return 'the input is not JSON';
  }
  const order = value as Partial<Order> | undefined;
  if (typeof order !== 'object' || order === null) return 'the input must be a JSON object like {"orderId":"o-1","items":[...],"amountCents":100}';
  if (typeof order.orderId !== 'string' || order.orderId === '') return 'orderId must be a non-empty string';
  if (!Array.isArray(order.items) || order.items.length === 0) return 'items must be a non-empty array of {sku, quantity}';
  if (typeof order.amountCents !== 'number' || !(order.amountCents >= 0)) return 'amountCents must be a number >= 0';
  if (order.approvalTimeoutSeconds !== undefined && !(Number.isInteger(order.approvalTimeoutSeconds) && order.approvalTimeoutSeconds >= 1)) {
    return 'approvalTimeoutSeconds must be a whole number >= 1';
  }
  return order as Order;
}
