/**
 * Shop events for the replay benchmark, as JSON Lines: orders go through the example's happy
 * path (stock received, placed, reserved, charged, paid, prepared, approved, dispatched,
 * shipped, and the reservation released), ten events each. Order ids cycle through `orders` distinct values, so the state
 * stays the same size however long the file is, as in a store whose old orders are archived.
 */

const LIFECYCLE = 10;

function uuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `7f0c2e1a-4b3d-4c8e-9a1f-${hex}`;
}

function iso(seconds: number): string {
  return new Date(Date.UTC(2024, 8, 1) + seconds * 1000).toISOString();
}

/** The line of the event at `index` (from 0). */
export function shopEventLine(index: number, orders = 10_000): string {
  const order = Math.floor(index / LIFECYCLE);
  const orderId = uuid(order % orders);
  const at = iso(index);
  const lines = [{ sku: 'KB-MX-RED', quantity: 1 + (order % 3), unitPrice: 79 }, { sku: 'MS-WL-01', quantity: 2, unitPrice: 24.5 }];
  const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const customerId = `C-${10_000 + (order % 977)}`;
  const address = { recipient: 'Kim Jiwoo', street: '12 Teheran-ro', city: 'Seoul', postalCode: '06236', country: 'KR' };
  const event = (type: string, data: object) => JSON.stringify({ type, at, data });
  switch (index % LIFECYCLE) {
    case 0:
      return event('StockReceived', { warehouseId: 'WH-INCHEON-01', sku: 'KB-MX-RED', quantity: 5, onHandAfter: 100 + (order % 50), receivedAt: at });
    case 1:
      return event('OrderPlaced', { orderId, customerId, lines, shippingAddress: address, total, placedAt: at });
    case 2:
      return event('StockReserved', { warehouseId: 'WH-INCHEON-01', orderId, lines, reservedAt: at });
    case 3:
      return event('PaymentCharged', { orderId, customerId, amount: total, chargedAt: at });
    case 4:
      return event('PaymentReceived', { orderId, amount: total });
    case 5:
      return event('ShipmentPrepared', { orderId, shippingAddress: address, preparedAt: at });
    case 6:
      return event('ShipmentApproved', { orderId, approvedAt: at });
    case 7:
      return event('ShipmentDispatched', { orderId, carrier: 'CJ Logistics', trackingNumber: `CJ${order}`, dispatchedAt: at });
    case 8:
      return event('OrderShipped', { orderId, carrier: 'CJ Logistics', trackingNumber: `CJ${order}`, shippedAt: at });
    default:
      return event('StockReleased', { warehouseId: 'WH-INCHEON-01', orderId, releasedAt: at });
  }
}
