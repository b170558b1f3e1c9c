// The command handlers of the aggregate Inventory, called by inventory.decider.ts.
// This file is yours: Event Model Studio created it once from shop.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { InventoryState } from './inventory.decider.js';
import type { InventoryEvent, ReceiveStock, ReleaseStock, ReserveStock } from './types.js';

/**
 * Goods arrive at the warehouse and are counted in.
 *
 * Emits StockReceived. Errors: InvalidQuantity.
 */
export function receiveStock(command: ReceiveStock, _state: InventoryState): InventoryEvent | InventoryEvent[] {
  // Rule: The quantity received is positive.
  // Errors to throw when a rule is broken: InvalidQuantity.
  return {
    type: 'StockReceived',
    data: {
      warehouseId: command.data.warehouseId,
      sku: command.data.sku,
      quantity: command.data.quantity,
      onHandAfter: 0, // TODO: onHandAfter
      receivedAt: timeOf(command),
    },
  };
}

/**
 * Hold back the stock an order needs.
 *
 * Emits StockReserved or StockReservationFailed. Errors: AlreadyReserved.
 */
export function reserveStock(command: ReserveStock, _state: InventoryState): InventoryEvent | InventoryEvent[] {
  // Rule: Every line must be available (on hand minus reserved), otherwise nothing is reserved.
  // Rule: An order is reserved at most once per warehouse.
  // Errors to throw when a rule is broken: AlreadyReserved.
  // It may emit instead: StockReservationFailed.
  return {
    type: 'StockReserved',
    data: {
      warehouseId: command.data.warehouseId,
      orderId: command.data.orderId,
      lines: command.data.lines,
      reservedAt: timeOf(command),
    },
  };
}

/**
 * Give back the stock held for an order.
 *
 * Emits StockReleased.
 */
export function releaseStock(command: ReleaseStock, _state: InventoryState): InventoryEvent | InventoryEvent[] {
  // Rule: Releasing is idempotent; an order without a reservation releases nothing.
  return {
    type: 'StockReleased',
    data: {
      warehouseId: command.data.warehouseId,
      orderId: command.data.orderId,
      releasedAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
