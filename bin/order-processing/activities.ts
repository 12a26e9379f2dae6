import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ActivityFailure, jsonActivity } from '../../lib/worker/activity-worker';
import type { ActivityHandler } from '../../lib/worker/activity-worker';
import type { ActivityContext } from '../../lib/worker/activity-context';
import { CHARGE_PAYMENT, hasFlakyPayment, Order, RESERVE_INVENTORY, SHIP_ORDER } from './types';

export interface ChargeInput {
  readonly order: Order;
  /** 1 for the first attempt; the decider counts. */
  readonly attempt: number;
}

export interface ShipInput {
  readonly order: Order;
  readonly approvedBy: 'signal' | 'timeout';
}

async function simulateWork(order: Order, context: ActivityContext): Promise<void> {
  if (!order.simulatedWorkMs) return;
  await delay(order.simulatedWorkMs, undefined, { signal: context.signal }).catch(() => undefined);
}

/** The three order-processing activities (JSON in, JSON out). */
export const activities: Record<string, ActivityHandler> = {
  [RESERVE_INVENTORY]: jsonActivity(async (order: Order, context) => {
    await simulateWork(order, context);
    const units = order.items.reduce((sum, item) => sum + item.quantity, 0);
    return { reservationId: `res-${order.orderId}-${randomUUID().slice(0, 8)}`, units };
  }),

  [CHARGE_PAYMENT]: jsonActivity(async ({ order, attempt }: ChargeInput, context) => {
    await simulateWork(order, context);
    if (attempt === 1 && hasFlakyPayment(order.orderId)) {
      throw new ActivityFailure('PaymentGatewayTimeout', `simulated: the gateway did not answer charge attempt ${attempt} for ${order.orderId}`);
    }
    return { chargeId: `ch-${order.orderId}-${attempt}`, amountCents: order.amountCents, attempt };
  }),

  [SHIP_ORDER]: jsonActivity(async ({ order, approvedBy }: ShipInput, context) => {
    await simulateWork(order, context);
    return { trackingNumber: `TRK-${order.orderId.toUpperCase()}`, approvedBy };
  }),
};
