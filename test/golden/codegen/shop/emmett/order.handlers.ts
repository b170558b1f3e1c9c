// The command handlers of the aggregate Order, called by order.decider.ts.
// This file is yours: Event Model Studio created it once from shop.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { OrderState } from './order.decider.js';
import type { CancelOrder, MarkOrderShipped, OrderEvent, PlaceOrder, RecordPayment } from './types.js';

/**
 * A customer checks out and places an order.
 *
 * Emits OrderPlaced. Errors: OrderAlreadyPlaced, EmptyOrder.
 */
export function placeOrder(command: PlaceOrder, state: OrderState): OrderEvent | OrderEvent[] {
  // Rule: An order is placed once.
  // Rule: An order has at least one line.
  // Rule: The total is the sum of quantity x unitPrice over all lines.
  // Errors to throw when a rule is broken: OrderAlreadyPlaced, EmptyOrder.
  return {
    type: 'OrderPlaced',
    data: {
      orderId: command.data.orderId,
      customerId: command.data.customerId,
      lines: command.data.lines,
      shippingAddress: command.data.shippingAddress,
      total: state.total,
      placedAt: timeOf(command),
    },
  };
}

/**
 * Record on the order that its payment went through.
 *
 * Emits PaymentReceived. Errors: OrderNotPlaced, OrderAlreadyCancelled, PaymentAlreadyRecorded, AmountMismatch.
 */
export function recordPayment(command: RecordPayment, _state: OrderState): OrderEvent | OrderEvent[] {
  // Rule: The amount paid equals the order total.
  // Errors to throw when a rule is broken: OrderNotPlaced, OrderAlreadyCancelled, PaymentAlreadyRecorded, AmountMismatch.
  return {
    type: 'PaymentReceived',
    data: {
      orderId: command.data.orderId,
      amount: command.data.amount,
    },
  };
}

/**
 * Record on the order that its parcel left the warehouse.
 *
 * Emits OrderShipped. Errors: OrderNotPaid, OrderAlreadyShipped.
 */
export function markOrderShipped(command: MarkOrderShipped, _state: OrderState): OrderEvent | OrderEvent[] {
  // Rule: Only a paid order is shipped.
  // Errors to throw when a rule is broken: OrderNotPaid, OrderAlreadyShipped.
  return {
    type: 'OrderShipped',
    data: {
      orderId: command.data.orderId,
      carrier: command.data.carrier,
      trackingNumber: command.data.trackingNumber,
      shippedAt: timeOf(command),
    },
  };
}

/**
 * Cancel an order that cannot be fulfilled.
 *
 * Emits OrderCancelled. Errors: OrderNotPlaced, OrderAlreadyShipped, OrderAlreadyCancelled.
 */
export function cancelOrder(command: CancelOrder, _state: OrderState): OrderEvent | OrderEvent[] {
  // Rule: A shipped order is never cancelled (it is returned instead).
  // Errors to throw when a rule is broken: OrderNotPlaced, OrderAlreadyShipped, OrderAlreadyCancelled.
  return {
    type: 'OrderCancelled',
    data: {
      orderId: command.data.orderId,
      reason: command.data.reason,
      cancelledAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
