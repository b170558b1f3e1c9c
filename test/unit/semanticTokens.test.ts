import * as assert from 'node:assert/strict';
import { modelSemanticTokens, parseModel, parseSamples, sampleSemanticTokens } from '../../src/core/index.js';
import { readFixture } from './support/golden.js';

describe('semantic tokens', () => {
  const text = readFixture('samples/orders.events.yaml');
  const lines = text.split('\n');
  const tokens = modelSemanticTokens(parseModel(text).model).map((t) => ({
    text: lines[t.range.start.line]!.slice(t.range.start.character, t.range.end.character),
    type: t.type,
    declaration: t.declaration,
  }));

  it('marks section keys, declarations, references and operators with their kind', () => {
    const find = (text: string, declaration: boolean) => tokens.find((t) => t.text === text && t.declaration === declaration)?.type;
    assert.equal(find('aggregates', false), 'keyword');
    assert.equal(find('events', false), 'keyword');
    assert.equal(find('Order', true), 'class');
    assert.equal(find('PlaceOrder', true), 'function');
    assert.equal(find('OrderPlaced', true), 'event');
    assert.equal(find('OrderPlaced', false), 'event', 'in emits and evolve');
    assert.equal(find('Order', false), 'class', 'aggregate: Order');
    assert.equal(find('set', false), 'operator');
  });

  it('never overlaps and stays on one line', () => {
    const raw = modelSemanticTokens(parseModel(text).model);
    for (let i = 1; i < raw.length; i++) {
      const a = raw[i - 1]!.range;
      const b = raw[i]!.range;
      assert.ok(a.start.line < b.start.line || a.end.character <= b.start.character, `overlap at line ${b.start.line + 1}`);
    }
    assert.ok(raw.every((t) => t.range.start.line === t.range.end.line));
  });

  it('marks event names in sample files', () => {
    const s = parseSamples('events:\n  - OrderPlaced: {}\n  - type: OrderShipped\n', 'x.samples.yaml');
    assert.deepEqual(sampleSemanticTokens(s).map((t) => [t.range.start.line, t.type]), [[1, 'event'], [2, 'event']]);
  });
});
