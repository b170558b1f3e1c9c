// The command handlers of the aggregate Payment, called by payment.decider.ts.
// This file is yours: Event Model Studio created it once from shop.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { PaymentState } from './payment.decider.js';
import type { ChargePayment, PaymentEvent } from './types.js';

/**
 * Charge the customer's payment method for the order total.
 *
 * Emits PaymentCharged or PaymentDeclined. Errors: PaymentAlreadyCharged, InvalidAmount.
 */
export function chargePayment(command: ChargePayment, _state: PaymentState): PaymentEvent | PaymentEvent[] {
  // Rule: An order is charged at most once (the command is idempotent on orderId).
  // Rule: The amount is positive.
  // Errors to throw when a rule is broken: PaymentAlreadyCharged, InvalidAmount.
  // It may emit instead: PaymentDeclined.
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
