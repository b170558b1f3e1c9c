// The command handlers of the aggregate Payment, called by payment.decider.ts.
// This file is yours: Event Model Studio created it once from shop.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import { InvalidAmount, PaymentAlreadyCharged } from './errors.js';
import type { PaymentState } from './payment.decider.js';
import type { ChargePayment, PaymentEvent } from './types.js';

/**
 * Charge the customer's payment method for the order total.
 *
 * Emits PaymentCharged or PaymentDeclined. Errors: PaymentAlreadyCharged, InvalidAmount.
 */
export function chargePayment(command: ChargePayment, state: PaymentState): PaymentEvent | PaymentEvent[] {
  // Charged at most once per order, however often OrderPlaced is delivered; a declined charge may be retried.
  if (state.status === 'charged') throw new PaymentAlreadyCharged();
  if (!(command.data.amount > 0)) throw new InvalidAmount(`The amount must be positive, not ${command.data.amount}`);
  // This example has no payment provider: every valid charge goes through. With one, its refusal
  // (or a customer's blocked card) would be answered with PaymentDeclined and the provider's reason.
  return {
    type: 'PaymentCharged',
    data: {
      orderId: command.data.orderId,
      customerId: command.data.customerId,
      amount: command.data.amount,
      chargedAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
