// The command handlers of the aggregate Ship, called by ship.decider.ts.
// This file is yours: Event Model Studio created it once from ship-tracking.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { ShipState } from './ship.decider.js';
import type { RecordArrival, RecordDeparture, RegisterShip, ShipEvent, UpdateLocation } from './types.js';

/**
 * Add a vessel to the tracked fleet.
 *
 * Emits ShipRegistered. Errors: ShipAlreadyRegistered.
 */
export function registerShip(command: RegisterShip, _state: ShipState): ShipEvent | ShipEvent[] {
  // Errors to throw when a rule is broken: ShipAlreadyRegistered.
  return {
    type: 'ShipRegistered',
    data: {
      shipId: command.data.shipId,
      name: command.data.name,
      imoNumber: command.data.imoNumber,
      homePort: command.data.homePort,
      registeredAt: timeOf(command),
    },
  };
}

/**
 * The ship leaves its berth for a destination port.
 *
 * Emits ShipDeparted. Errors: ShipNotRegistered, ShipAlreadyAtSea.
 */
export function recordDeparture(command: RecordDeparture, _state: ShipState): ShipEvent | ShipEvent[] {
  // Rule: Only a docked ship departs.
  // Errors to throw when a rule is broken: ShipNotRegistered, ShipAlreadyAtSea.
  return {
    type: 'ShipDeparted',
    data: {
      shipId: command.data.shipId,
      origin: { code: '', name: '' }, // TODO: origin
      destination: command.data.destination,
      departedAt: timeOf(command),
    },
  };
}

/**
 * A position report (AIS fix) arrives for the ship.
 *
 * Emits LocationUpdated. Errors: ShipNotRegistered, InvalidCoordinates, StaleReport.
 */
export function updateLocation(command: UpdateLocation, _state: ShipState): ShipEvent | ShipEvent[] {
  // Rule: Latitude is within -90..90 and longitude within -180..180.
  // Rule: A report older than the last fix is rejected, so replays and duplicates never move the ship back.
  // Errors to throw when a rule is broken: ShipNotRegistered, InvalidCoordinates, StaleReport.
  return {
    type: 'LocationUpdated',
    data: {
      shipId: command.data.shipId,
      latitude: command.data.latitude,
      longitude: command.data.longitude,
      speedKnots: command.data.speedKnots,
      heading: command.data.heading,
      recordedAt: command.data.recordedAt,
    },
  };
}

/**
 * The ship berths at a port.
 *
 * Emits ShipArrived. Errors: ShipNotRegistered, ShipNotAtSea.
 */
export function recordArrival(command: RecordArrival, _state: ShipState): ShipEvent | ShipEvent[] {
  // Errors to throw when a rule is broken: ShipNotRegistered, ShipNotAtSea.
  return {
    type: 'ShipArrived',
    data: {
      shipId: command.data.shipId,
      port: command.data.port,
      latitude: command.data.latitude,
      longitude: command.data.longitude,
      arrivedAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
