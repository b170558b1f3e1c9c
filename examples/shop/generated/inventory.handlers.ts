// The command handlers of the aggregate Inventory, called by inventory.decider.ts.
// This file is yours: Event Model Studio created it once from shop.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import { AlreadyReserved, InvalidQuantity } from './errors.js';
import type { InventoryState } from './inventory.decider.js';
import type { InventoryEvent, ReceiveStock, ReleaseStock, ReserveStock } from './types.js';

/**
 * Goods arrive at the warehouse and are counted in.
 *
 * Emits StockReceived. Errors: InvalidQuantity.
 */
export function receiveStock(command: ReceiveStock, state: InventoryState): InventoryEvent | InventoryEvent[] {
  if (!Number.isInteger(command.data.quantity) || command.data.quantity <= 0) {
    throw new InvalidQuantity(`The quantity received must be a positive whole number, not ${command.data.quantity}`);
  }
  return {
    type: 'StockReceived',
    data: {
      warehouseId: command.data.warehouseId,
      sku: command.data.sku,
      quantity: command.data.quantity,
      // The new absolute level, so replaying the event twice cannot count the goods twice.
      onHandAfter: onHand(state, command.data.sku) + command.data.quantity,
      receivedAt: timeOf(command),
    },
  };
}

/**
 * Hold back the stock an order needs.
 *
 * Emits StockReserved or StockReservationFailed. Errors: AlreadyReserved.
 */
export function reserveStock(command: ReserveStock, state: InventoryState): InventoryEvent | InventoryEvent[] {
  if (state.reservations.some((r) => r.orderId === command.data.orderId)) throw new AlreadyReserved();
  // An order may list a SKU on several lines: what it needs is their sum.
  const needed = new Map<string, number>();
  for (const line of command.data.lines) needed.set(line.sku, (needed.get(line.sku) ?? 0) + line.quantity);
  const missingSkus = [...needed].filter(([sku, quantity]) => onHand(state, sku) - reserved(state, sku) < quantity).map(([sku]) => sku);
  // A shortage is an outcome the order reacts to, so it is an event; nothing is reserved then.
  if (missingSkus.length > 0) {
    return {
      type: 'StockReservationFailed',
      data: {
        warehouseId: command.data.warehouseId,
        orderId: command.data.orderId,
        missingSkus,
        failedAt: timeOf(command),
      },
    };
  }
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
export function releaseStock(command: ReleaseStock, state: InventoryState): InventoryEvent | InventoryEvent[] {
  // Idempotent: an order without a reservation (never reserved, or released already) releases nothing.
  if (!state.reservations.some((r) => r.orderId === command.data.orderId)) return [];
  return {
    type: 'StockReleased',
    data: {
      warehouseId: command.data.warehouseId,
      orderId: command.data.orderId,
      releasedAt: timeOf(command),
    },
  };
}

/** Units of a SKU on hand in the warehouse. */
function onHand(state: InventoryState, sku: string): number {
  return state.levels.find((level) => level.sku === sku)?.onHand ?? 0;
}

/** Units of a SKU held back for open orders. */
function reserved(state: InventoryState, sku: string): number {
  let units = 0;
  for (const reservation of state.reservations) for (const line of reservation.lines) if (line.sku === sku) units += line.quantity;
  return units;
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
