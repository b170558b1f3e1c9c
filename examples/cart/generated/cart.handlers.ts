// The command handlers of the aggregate Cart, called by cart.decider.ts.
// This file is yours: Event Model Studio created it once from cart.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { CartState } from './cart.decider.js';
import { CartAlreadyOpened, CartNotOpen, EmptyCart, InvalidQuantity, ItemAlreadyInCart, ItemNotInCart } from './errors.js';
import type { AddItem, CartEvent, CartItem, ChangeItemQuantity, CheckOutCart, ClearCart, OpenCart, RemoveItem } from './types.js';

/**
 * Start a new cart for a customer.
 *
 * Emits CartOpened. Errors: CartAlreadyOpened.
 */
export function openCart(command: OpenCart, state: CartState): CartEvent | CartEvent[] {
  if (state.status !== 'none') throw new CartAlreadyOpened();
  return {
    type: 'CartOpened',
    data: {
      cartId: command.data.cartId,
      customerId: command.data.customerId,
      openedAt: timeOf(command),
    },
  };
}

/**
 * Put a product into the cart.
 *
 * Emits ItemAdded. Errors: CartNotOpen, ItemAlreadyInCart, InvalidQuantity.
 */
export function addItem(command: AddItem, state: CartState): CartEvent | CartEvent[] {
  assertOpen(state);
  // One line per SKU: buying more of it is ChangeItemQuantity.
  if (lineOf(state, command.data.sku)) throw new ItemAlreadyInCart();
  assertQuantity(command.data.quantity);
  return {
    type: 'ItemAdded',
    data: {
      cartId: command.data.cartId,
      sku: command.data.sku,
      name: command.data.name,
      quantity: command.data.quantity,
      unitPrice: command.data.unitPrice,
      addedAt: timeOf(command),
    },
  };
}

/**
 * Take a product out of the cart.
 *
 * Emits ItemRemoved. Errors: CartNotOpen, ItemNotInCart.
 */
export function removeItem(command: RemoveItem, state: CartState): CartEvent | CartEvent[] {
  assertOpen(state);
  if (!lineOf(state, command.data.sku)) throw new ItemNotInCart();
  return {
    type: 'ItemRemoved',
    data: {
      cartId: command.data.cartId,
      sku: command.data.sku,
      removedAt: timeOf(command),
    },
  };
}

/**
 * Set how many units of a product the customer wants.
 *
 * Emits ItemQuantityChanged. Errors: CartNotOpen, ItemNotInCart, InvalidQuantity.
 */
export function changeItemQuantity(command: ChangeItemQuantity, state: CartState): CartEvent | CartEvent[] {
  assertOpen(state);
  const line = lineOf(state, command.data.sku);
  if (!line) throw new ItemNotInCart();
  // At least 1: dropping the item is RemoveItem.
  assertQuantity(command.data.quantity);
  return {
    type: 'ItemQuantityChanged',
    data: {
      cartId: command.data.cartId,
      // The whole updated line: name and price as the cart has them.
      item: { ...line, quantity: command.data.quantity },
      changedAt: timeOf(command),
    },
  };
}

/**
 * Empty the cart in one go.
 *
 * Emits CartCleared. Errors: CartNotOpen.
 */
export function clearCart(command: ClearCart, state: CartState): CartEvent | CartEvent[] {
  assertOpen(state);
  return {
    type: 'CartCleared',
    data: {
      cartId: command.data.cartId,
      clearedAt: timeOf(command),
    },
  };
}

/**
 * Turn the cart into an order.
 *
 * Emits CartCheckedOut. Errors: CartNotOpen, EmptyCart.
 */
export function checkOutCart(command: CheckOutCart, state: CartState): CartEvent | CartEvent[] {
  // Checked out once: afterwards the cart is no longer open, so this refuses it too.
  const customerId = assertOpen(state);
  if (state.items.length === 0) throw new EmptyCart();
  return {
    type: 'CartCheckedOut',
    data: {
      cartId: command.data.cartId,
      customerId,
      items: state.items,
      total: state.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
      checkedOutAt: timeOf(command),
    },
  };
}

/** Only an open cart changes; returns its customer, set when the cart was opened. */
function assertOpen(state: CartState): string {
  if (state.status !== 'open' || state.customerId === undefined) throw new CartNotOpen();
  return state.customerId;
}

/** The line of a SKU, when the cart has it. */
function lineOf(state: CartState, sku: string): CartItem | undefined {
  return state.items.find((item) => item.sku === sku);
}

/** A line holds at least one unit, in whole units. */
function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1) throw new InvalidQuantity(`The quantity must be a whole number of at least 1, not ${quantity}`);
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
