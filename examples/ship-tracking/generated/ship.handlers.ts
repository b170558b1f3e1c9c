// The command handlers of the aggregate Ship, called by ship.decider.ts.
// This file is yours: Event Model Studio created it once from ship-tracking.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import { InvalidCoordinates, ShipAlreadyAtSea, ShipAlreadyRegistered, ShipNotAtSea, ShipNotRegistered, StaleReport } from './errors.js';
import type { ShipState } from './ship.decider.js';
import type { RecordArrival, RecordDeparture, RegisterShip, ShipEvent, UpdateLocation } from './types.js';

/**
 * Add a vessel to the tracked fleet.
 *
 * Emits ShipRegistered. Errors: ShipAlreadyRegistered.
 */
export function registerShip(command: RegisterShip, state: ShipState): ShipEvent | ShipEvent[] {
  if (state.status !== 'unregistered') throw new ShipAlreadyRegistered();
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
export function recordDeparture(command: RecordDeparture, state: ShipState): ShipEvent | ShipEvent[] {
  assertRegistered(state);
  // Only a docked ship departs; the port it is docked in is where the voyage starts.
  if (state.status !== 'docked' || state.port === undefined) throw new ShipAlreadyAtSea();
  return {
    type: 'ShipDeparted',
    data: {
      shipId: command.data.shipId,
      origin: state.port,
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
export function updateLocation(command: UpdateLocation, state: ShipState): ShipEvent | ShipEvent[] {
  assertRegistered(state);
  const { latitude, longitude, recordedAt } = command.data;
  if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) {
    throw new InvalidCoordinates(`Not a position on the globe: ${latitude}, ${longitude}`);
  }
  // Reports arrive out of order and twice; one older than the last fix would move the ship back.
  if (state.lastFixAt !== undefined && Date.parse(recordedAt) < Date.parse(state.lastFixAt)) {
    throw new StaleReport(`The report of ${recordedAt} is older than the last fix, ${state.lastFixAt}`);
  }
  return {
    type: 'LocationUpdated',
    data: {
      shipId: command.data.shipId,
      latitude,
      longitude,
      speedKnots: command.data.speedKnots,
      heading: command.data.heading,
      recordedAt,
    },
  };
}

/**
 * The ship berths at a port.
 *
 * Emits ShipArrived. Errors: ShipNotRegistered, ShipNotAtSea.
 */
export function recordArrival(command: RecordArrival, state: ShipState): ShipEvent | ShipEvent[] {
  assertRegistered(state);
  if (state.status !== 'atSea') throw new ShipNotAtSea();
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

/** Every command but RegisterShip needs a ship of the fleet. */
function assertRegistered(state: ShipState): void {
  if (state.status === 'unregistered') throw new ShipNotRegistered();
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
