/**
 * The example app's Lambda task: scores an order before it is charged. SWF runs it (ScheduleLambdaFunction) with
 * the execution's Lambda role; `npm start` runs the same bundle offline through swf-local's `--lambda` mapping.
 * Self-contained (no imports), so the bundle is this file alone.
 */

export interface FraudCheckInput {
  readonly order: { readonly orderId: string; readonly amountCents: number; readonly items: ReadonlyArray<{ readonly quantity: number }> };
  /** 1 for the first attempt; the decider counts. */
  readonly attempt: number;
}

export interface FraudCheckResult {
  readonly orderId: string;
  /** 0 (fine) to 100 (certainly fraud). */
  readonly score: number;
  readonly verdict: 'approve' | 'review';
  readonly attempt: number;
}

/** The (simulated) scoring service did not answer; the decider retries the Lambda task. */
export class FraudServiceUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FraudServiceUnavailable';
  }
}

/** Orders whose id ends in 2, 5 or 8 find the (simulated) scoring service down on their first check. */
export function hasFlakyFraudCheck(orderId: string): boolean {
  return /[258]$/.test(orderId);
}

export async function handler(event: FraudCheckInput): Promise<FraudCheckResult> {
  const { order, attempt } = event;
  if (!order || typeof order.orderId !== 'string') throw new TypeError('expected {"order": {"orderId", "amountCents", "items"}, "attempt"}');
  if (attempt === 1 && hasFlakyFraudCheck(order.orderId)) {
    throw new FraudServiceUnavailable(`simulated: the scoring service did not answer check ${attempt} of ${order.orderId}`);
  }
  const units = order.items.reduce((sum, item) => sum + item.quantity, 0);
  const score = Math.min(100, Math.round(order.amountCents / 1_000 + units * 2));
  return { orderId: order.orderId, score, verdict: score < 80 ? 'approve' : 'review', attempt };
}
