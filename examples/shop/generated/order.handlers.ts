// The command handlers of the aggregate Order, called by order.decider.ts.
// This file is yours: Event Model Studio created it once from shop.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import { AmountMismatch, EmptyOrder, OrderAlreadyCancelled, OrderAlreadyPlaced, OrderAlreadyShipped, OrderNotPaid, OrderNotPlaced, PaymentAlreadyRecorded } from './errors.js';
import type { OrderState } from './order.decider.js';
import type { CancelOrder, MarkOrderShipped, OrderEvent, PlaceOrder, RecordPayment } from './types.js';

/**
 * A customer checks out and places an order.
 *
 * Emits OrderPlaced. Errors: OrderAlreadyPlaced, EmptyOrder.
 */
export function placeOrder(command: PlaceOrder, state: OrderState): OrderEvent | OrderEvent[] {
  if (state.status !== 'none') throw new OrderAlreadyPlaced();
  if (command.data.lines.length === 0) throw new EmptyOrder();
  return {
    type: 'OrderPlaced',
    data: {
      orderId: command.data.orderId,
      customerId: command.data.customerId,
      lines: command.data.lines,
      shippingAddress: command.data.shippingAddress,
      total: command.data.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
      placedAt: timeOf(command),
    },
  };
}

/**
 * Record on the order that its payment went through.
 *
 * Emits PaymentReceived. Errors: OrderNotPlaced, OrderAlreadyCancelled, PaymentAlreadyRecorded, AmountMismatch.
 */
export function recordPayment(command: RecordPayment, state: OrderState): OrderEvent | OrderEvent[] {
  if (state.status === 'none') throw new OrderNotPlaced();
  if (state.status === 'cancelled') throw new OrderAlreadyCancelled();
  if (state.status !== 'placed') throw new PaymentAlreadyRecorded();
  // The charge comes from OrderPlaced's total, so anything else is a payment for something else.
  if (command.data.amount !== state.total) throw new AmountMismatch(`Paid ${command.data.amount}, the order total is ${state.total}`);
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
export function markOrderShipped(command: MarkOrderShipped, state: OrderState): OrderEvent | OrderEvent[] {
  if (state.status === 'shipped') throw new OrderAlreadyShipped();
  if (state.status !== 'paid') throw new OrderNotPaid();
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
export function cancelOrder(command: CancelOrder, state: OrderState): OrderEvent | OrderEvent[] {
  if (state.status === 'none') throw new OrderNotPlaced();
  // A shipped order is returned, never cancelled.
  if (state.status === 'shipped') throw new OrderAlreadyShipped();
  if (state.status === 'cancelled') throw new OrderAlreadyCancelled();
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
