import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LayeredTable } from '../../src/core/replay/layeredTable.js';

// A table over a checkpoint's map must behave exactly like a copy of that map being written.

describe('LayeredTable', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '__proto__');
  const op = fc.oneof(
    fc.tuple(fc.constant('set' as const), key, fc.nat(9)),
    fc.tuple(fc.constant('delete' as const), key, fc.constant(0)),
  );

  it('reads, counts and iterates in the order of a copied Map, after any writes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.nat(9))), fc.array(op, { maxLength: 40 }), (baseEntries, ops) => {
        const base = new Map(baseEntries);
        const copy = new Map(base);
        const table = new LayeredTable(base);
        for (const [kind, k, v] of ops) {
          if (kind === 'set') {
            copy.set(k, v);
            table.set(k, v);
          } else {
            assert.equal(table.delete(k), copy.delete(k));
          }
          assert.equal(table.size, copy.size);
          assert.equal(table.get(k), copy.get(k));
        }
        assert.deepEqual([...table], [...copy]);
        assert.deepEqual([...table.keys()], [...copy.keys()]);
        assert.deepEqual([...table.values()], [...copy.values()]);
        for (const k of ['a', 'b', 'c', 'd', 'e', 'f', '__proto__'] as const) assert.equal(table.has(k), copy.has(k));
      }),
    );
  });

  it('never changes its base', () => {
    const base = new Map([['a', 1], ['b', 2]]);
    const table = new LayeredTable(base);
    table.set('a', 3);
    table.delete('b');
    table.set('c', 4);
    assert.deepEqual([...base], [['a', 1], ['b', 2]]);
  });
});
