// The command handlers of the aggregate Cart, called by cart.decider.ts.
// This file is yours: Event Model Studio created it once from cart.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { CartState } from './cart.decider.js';
import type {
  AddItem,
  CartEvent,
  ChangeItemQuantity,
  CheckOutCart,
  ClearCart,
  OpenCart,
  RemoveItem,
} from './types.js';

/**
 * Start a new cart for a customer.
 *
 * Emits CartOpened. Errors: CartAlreadyOpened.
 */
export function openCart(command: OpenCart, _state: CartState): CartEvent | CartEvent[] {
  // Errors to throw when a rule is broken: CartAlreadyOpened.
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
export function addItem(command: AddItem, _state: CartState): CartEvent | CartEvent[] {
  // Rule: Items are added to an open cart only.
  // Rule: A SKU appears at most once; use ChangeItemQuantity to buy more of it.
  // Rule: The quantity is at least 1.
  // Errors to throw when a rule is broken: CartNotOpen, ItemAlreadyInCart, InvalidQuantity.
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
export function removeItem(command: RemoveItem, _state: CartState): CartEvent | CartEvent[] {
  // Errors to throw when a rule is broken: CartNotOpen, ItemNotInCart.
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
export function changeItemQuantity(command: ChangeItemQuantity, _state: CartState): CartEvent | CartEvent[] {
  // Rule: The new quantity is at least 1 (remove the item to drop it).
  // Errors to throw when a rule is broken: CartNotOpen, ItemNotInCart, InvalidQuantity.
  return {
    type: 'ItemQuantityChanged',
    data: {
      cartId: command.data.cartId,
      item: { sku: '', name: '', quantity: 0, unitPrice: 0 }, // TODO: item
      changedAt: timeOf(command),
    },
  };
}

/**
 * Empty the cart in one go.
 *
 * Emits CartCleared. Errors: CartNotOpen.
 */
export function clearCart(command: ClearCart, _state: CartState): CartEvent | CartEvent[] {
  // Errors to throw when a rule is broken: CartNotOpen.
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
  // Rule: A cart is checked out once; afterwards it is read-only.
  // Rule: An empty cart cannot be checked out.
  // Errors to throw when a rule is broken: CartNotOpen, EmptyCart.
  return {
    type: 'CartCheckedOut',
    data: {
      cartId: command.data.cartId,
      customerId: '', // TODO: customerId
      items: state.items,
      total: 0, // TODO: total
      checkedOutAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
