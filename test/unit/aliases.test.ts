import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { isAlias, isCollection, parseDocument, visit, type Alias, type Node } from 'yaml';
import { resolveAliases } from '../../src/core/model/aliases.js';
import { loadYaml } from '../../src/core/model/loadYaml.js';

const OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, version: '1.2', logLevel: 'error' } as const;

/** Flow YAML made of anchors, aliases, lists and mappings: every way aliases can nest. */
const names = fc.constantFrom('a', 'b', 'c');
const { value } = fc.letrec<{ value: string; scalar: string; list: string; map: string }>((tie) => ({
  scalar: fc.constantFrom('1', 'x', 'null', '"q"'),
  // Weighted so that many texts hold anchors with aliases inside and after them.
  value: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    { arbitrary: tie('scalar'), weight: 1 },
    { arbitrary: names.map((n) => `*${n}`), weight: 2 },
    { arbitrary: fc.tuple(names, fc.oneof(tie('list'), tie('map'), tie('scalar'))).map(([n, v]) => `&${n} ${v}`), weight: 3 },
    { arbitrary: tie('list'), weight: 2 },
    { arbitrary: tie('map'), weight: 1 },
  ),
  list: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
  map: fc.array(fc.tuple(fc.constantFrom('k', 'l', 'm', '<<'), tie('value')), { maxLength: 3 }).map((pairs) => `{ ${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
}));

function throwsAliasCount(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch (e) {
    return e instanceof ReferenceError && /alias count/.test(e.message);
  }
}

/** The collections that hold a node, by a walk from the root. */
function ancestorsOf(doc: ReturnType<typeof parseDocument>, target: Node): Set<unknown> {
  const found = new Set<unknown>();
  visit(doc, {
    Node: (_key, node, path) => {
      if (node === target) for (const p of path) if (isCollection(p)) found.add(p);
    },
  });
  return found;
}

describe('aliases resolved in one walk', () => {
  it('name what yaml resolves them to, and are cut exactly when inside their own anchor or of no anchor', () => {
    fc.assert(
      fc.property(value, (text) => {
        const doc = parseDocument(`root: ${text}\n`, OPTIONS);
        fc.pre(doc.errors.length === 0);
        const table = resolveAliases(doc);
        const aliases: Alias[] = [];
        visit(doc, { Alias: (_k, a) => void aliases.push(a) });
        if (aliases.length === 0) return assert.equal(table, undefined);
        assert.ok(table);
        if (table.bomb) return;
        const cut = new Map(table.cut.map((c) => [c.alias, c]));
        for (const alias of aliases) {
          const named = alias.resolve(doc);
          const c = cut.get(alias);
          if (!named) {
            assert.equal(c?.reason, 'unresolved', text);
          } else if (ancestorsOf(doc, alias).has(named)) {
            assert.equal(c?.reason, 'circular', text);
            assert.equal(c.target, named);
          } else {
            assert.equal(c, undefined, text);
            assert.equal(table.targets.get(alias), named, text);
          }
        }
        // Without cut aliases, the loader's data is yaml's own conversion.
        if (table.cut.length === 0) {
          let expected: unknown;
          try {
            expected = doc.toJS({ maxAliasCount: 100 });
          } catch {
            return; // yaml's alias budget, which the loader counts the same way
          }
          const loaded = loadYaml(`root: ${text}\n`, 'model');
          assert.ok(!('refused' in loaded));
          if (loaded.data !== undefined) assert.deepStrictEqual(loaded.data, expected, text);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });

  it('stops an alias bomb where yaml stops it', () => {
    // Nine aliases of a value make it count ten times (itself, and nine); ten of those are 100.
    const nine = (name: string) => Array(9).fill(`*${name}`).join(', ');
    const cases: Array<[string, boolean]> = [
      [`a: &a [1, 1]\nb: [${nine('a')}]\n`, false],
      [`a: &a [1, 1]\nb: [${nine('a')}, ${nine('a')}, ${nine('a')}, ${nine('a')}, ${nine('a')}, ${nine('a')}, ${nine('a')}, ${nine('a')}, ${nine('a')}, ${nine('a')}, ${nine('a')}, *a]\n`, true],
      [`a: &a [1]\nb: &b [${nine('a')}]\nc: &c [${nine('b')}]\n`, false],
      [`a: &a [1]\nb: &b [${nine('a')}]\nc: &c [${nine('b')}]\nd: [*c]\n`, true],
      [`a: &a [1]\nb: &b [${nine('a')}]\nc: &c [${nine('b')}, *b]\n`, true],
    ];
    for (const [text, bomb] of cases) {
      assert.equal(resolveAliases(parseDocument(text, OPTIONS))?.bomb === 'per-anchor', bomb, text);
      assert.equal(throwsAliasCount(() => parseDocument(text, OPTIONS).toJS({ maxAliasCount: 100 })), bomb, text);
    }
  });
});
