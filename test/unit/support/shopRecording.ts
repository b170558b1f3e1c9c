import { closeSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './golden.js';

const SHOP_TYPES = ['StockReceived', 'OrderPlaced', 'StockReserved', 'PaymentCharged', 'PaymentReceived', 'ShipmentApproved', 'ShipmentDispatched', 'OrderShipped'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The `i`th event of a long, valid recording of the shop example, as one JSON line (built as text: a million take a second). */
export function shopLine(i: number): string {
  const order = Math.floor(i / SHOP_TYPES.length);
  const orderId = `"00000000-0000-4000-8000-${order.toString(16).padStart(12, '0')}"`;
  const s = i % (28 * 86400);
  const at = `"2024-02-${pad(1 + Math.floor(s / 86400))}T${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}Z"`;
  const type = SHOP_TYPES[i % SHOP_TYPES.length]!;
  const sku = `"SKU-${order % 97}"`;
  const quantity = 1 + (order % 3);
  const lines = `[{"sku":${sku},"quantity":${quantity},"unitPrice":12.5}]`;
  const customer = `"C-${order % 1000}"`;
  let data: string;
  switch (type) {
    case 'StockReceived':
      data = `{"warehouseId":"WH-1","sku":${sku},"quantity":5,"onHandAfter":${5 + (order % 7)},"receivedAt":${at}}`;
      break;
    case 'OrderPlaced':
      data = `{"orderId":${orderId},"customerId":${customer},"lines":${lines},"shippingAddress":{"recipient":"Kim Jiwoo","street":"12 Teheran-ro","city":"Seoul","postalCode":"06236","country":"KR"},"total":${12.5 * quantity},"placedAt":${at}}`;
      break;
    case 'StockReserved':
      data = `{"warehouseId":"WH-1","orderId":${orderId},"lines":${lines},"reservedAt":${at}}`;
      break;
    case 'PaymentCharged':
      data = `{"orderId":${orderId},"customerId":${customer},"amount":25,"chargedAt":${at}}`;
      break;
    case 'PaymentReceived':
      data = `{"orderId":${orderId},"amount":25}`;
      break;
    case 'ShipmentApproved':
      data = `{"orderId":${orderId},"approvedAt":${at}}`;
      break;
    case 'ShipmentDispatched':
      data = `{"orderId":${orderId},"carrier":"CJ Logistics","trackingNumber":"T${order}","dispatchedAt":${at}}`;
      break;
    default:
      data = `{"orderId":${orderId},"carrier":"CJ Logistics","trackingNumber":"T${order}","shippedAt":${at}}`;
  }
  return `{"type":"${type}","at":${at},"data":${data}}`;
}

/**
 * Writes a JSON Lines file of `count` shop events (a model line first) with three bad lines:
 * one that is not JSON, one whose amount is a string, one of an unknown type. Returns the
 * file and the findings `validate` must print, as `line:column code`.
 */
export function writeShopRecording(file: string, count: number): { expected: string[] } {
  const modelPath = path.relative(path.dirname(file), path.join(ROOT, 'examples/shop/shop.events.yaml')).split(path.sep).join('/');
  const bad = new Map<number, string>([
    [Math.floor(count * 0.12) + 1, '{"type": "PaymentReceived", "data": {"orderId": "x", "amount": 1'],
    [Math.floor(count * 0.5) + 4, '{"type": "PaymentReceived", "at": "2024-01-01T00:00:00Z", "data": {"orderId": "00000000-0000-4000-8000-000000000001", "amount": "25"}}'],
    [count - 2, '{"type": "PaymentRefunded", "data": {"orderId": "00000000-0000-4000-8000-000000000001"}}'],
  ]);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `{"model": ${JSON.stringify(modelPath)}}\n`);
    let batch: string[] = [];
    for (let i = 0; i < count; i++) {
      batch.push(bad.get(i) ?? shopLine(i));
      if (batch.length === 20000 || i === count - 1) {
        writeSync(fd, batch.join('\n') + '\n');
        batch = [];
      }
    }
  } finally {
    closeSync(fd);
  }
  // Event i is on line i + 2 (1-based): the model line comes first.
  const [notJson, wrongType, unknown] = [...bad.keys()];
  const amountColumn = bad.get(wrongType!)!.indexOf('"25"') + 1;
  return {
    expected: [
      `${notJson! + 2}:1 sample-invalid`,
      `${wrongType! + 2}:${amountColumn} payload-type-mismatch`,
      `${unknown! + 2}:10 sample-unknown-event`,
    ],
  };
}
