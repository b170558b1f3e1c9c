// The command handlers of the aggregate Shipping, called by shipping.decider.ts.
// This file is yours: Event Model Studio created it once from shop.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { ShippingState } from './shipping.decider.js';
import type { ApproveShipment, DispatchShipment, PrepareShipment, ShippingEvent } from './types.js';

/**
 * Start picking and packing the order's parcel.
 *
 * Emits ShipmentPrepared. Errors: ShipmentAlreadyPrepared.
 */
export function prepareShipment(command: PrepareShipment, _state: ShippingState): ShippingEvent | ShippingEvent[] {
  // Errors to throw when a rule is broken: ShipmentAlreadyPrepared.
  return {
    type: 'ShipmentPrepared',
    data: {
      orderId: command.data.orderId,
      shippingAddress: command.data.shippingAddress,
      preparedAt: timeOf(command),
    },
  };
}

/**
 * Allow the parcel to leave once the order is paid.
 *
 * Emits ShipmentApproved.
 */
export function approveShipment(command: ApproveShipment, _state: ShippingState): ShippingEvent | ShippingEvent[] {
  return {
    type: 'ShipmentApproved',
    data: {
      orderId: command.data.orderId,
      approvedAt: timeOf(command),
    },
  };
}

/**
 * Hand the parcel over to the carrier.
 *
 * Emits ShipmentDispatched. Errors: ShipmentNotPrepared, ShipmentNotApproved, ShipmentAlreadyDispatched.
 */
export function dispatchShipment(command: DispatchShipment, _state: ShippingState): ShippingEvent | ShippingEvent[] {
  // Rule: A parcel leaves only after it is prepared and approved (the order is paid).
  // Errors to throw when a rule is broken: ShipmentNotPrepared, ShipmentNotApproved, ShipmentAlreadyDispatched.
  return {
    type: 'ShipmentDispatched',
    data: {
      orderId: command.data.orderId,
      carrier: command.data.carrier,
      trackingNumber: command.data.trackingNumber,
      dispatchedAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
