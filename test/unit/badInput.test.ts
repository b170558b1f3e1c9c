import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { LIMITS, parseSamples, validateModelText, validateSamples } from '../../src/core/index.js';
import { withoutVersionSuffix } from '../../src/core/validate/naming.js';
import { generateModel } from '../../bench/generateModel.js';
import { readFixture, ROOT } from './support/golden.js';
import { timed } from './support/timing.js';

const codes = (text: string) => validateModelText(text).diagnostics.map((d) => d.code);

/** Line and column (1-based) of the first `needle` at or after `from`, as diagnostics report them. */
function lineColOf(text: string, needle: string, from = 0): string {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `no ${needle}`);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

const where = (d: { range: { start: { line: number; character: number } } }) => `${d.range.start.line + 1}:${d.range.start.character + 1}`;

describe('bad input never crashes and is answered with a diagnostic', () => {
  it('a 10 MB file is refused with file-too-large at the start, before parsing', () => {
    const line = 'x'.repeat(99) + '\n';
    const text = 'version: 1\ncontext: Huge\n# ' + line.repeat((10 * 1024 * 1024) / line.length);
    const { parsed, diagnostics } = validateModelText(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['file-too-large', 0, 0]]);
    assert.equal(parsed.lines, undefined, 'the text was never indexed or parsed');
    assert.ok(text.length > LIMITS.maxFileChars);
  });

  it('an alias bomb is stopped by the alias budget', () => {
    const { diagnostics } = validateModelText(readFixture('models/alias-bomb.events.yaml'));
    assert.deepEqual(diagnostics.map((d) => d.code), ['alias-limit']);
  });

  it('a few ordinary aliases are fine', () => {
    const text = 'version: 1\ncontext: Aliases\ntypes:\n  Money:\n    fields: &money { amount: number, currency: string }\n  Price:\n    fields: *money\n';
    assert.deepEqual(codes(text), []);
  });

  it('__proto__ keys reach no prototype', () => {
    validateModelText(readFixture('models/proto-keys.events.yaml'));
    validateModelText('version: 1\ncontext: P\n__proto__: { polluted: true }\nevents:\n  __proto__: { fields: { a: string } }\n');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  const odd: Array<[string, string]> = [
    ['an empty text', ''],
    ['a scalar root', 'just words'],
    ['a list root', '- a\n- b\n'],
    ['a null root', '~\n'],
    ['binary-looking text', '\u0000\u0001\u0002\uFFFD'],
    ['a lone tab', '\t'],
    ['unclosed quotes', 'version: "1\ncontext: x'],
    ['deep nesting', 'a: '.repeat(2000) + '1'],
    ['a deep flow list', '['.repeat(5000) + ']'.repeat(5000)],
    ['a deep flow value in a model', 'version: 1\ncontext: x\ndescription: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n'],
    ['a deep flow mapping in a section', 'version: 1\ncontext: x\nevents:\n  E: ' + '{a: '.repeat(5000) + '1' + '}'.repeat(5000) + '\n'],
    ['many documents', 'version: 1\n---\nversion: 1\n'],
    ['wrong types everywhere', 'version: x\ncontext: 1\ntypes: 1\naggregates: []\ncommands: "c"\nevents: null\nprojections: true\npolicies: 3\nscenarios: {}\n'],
    ['elements that are not mappings', 'version: 1\ncontext: x\ncommands:\n  A: 1\n  B: [1]\nevents:\n  C: "x"\naggregates:\n  D: null\n'],
    ['rules of every wrong shape', 'version: 1\ncontext: x\naggregates:\n  A:\n    id: 1\n    state: []\n    initial: 1\n    evolve: { E: [1], F: 2, G: { set: 1, inc: [1], unset: x, delete: no } }\n'],
    ['scenarios of every wrong shape', 'version: 1\ncontext: x\nscenarios:\n  - 1\n  - { name: 1, given: x, when: [], then: 1 }\n  - { name: a, given: [1, [], {}], when: { A: 1 }, then: { events: 1, rows: x } }\n'],
  ];
  for (const [name, text] of odd) {
    it(`${name}`, () => {
      const { diagnostics } = validateModelText(text);
      assert.ok(diagnostics.length > 0, 'something is reported');
      for (const d of diagnostics) assert.ok(d.range.start.line >= 0 && d.message.length > 0);
    });
  }

  describe('names that made a backtracking pattern freeze', () => {
    const model = (name: string) => `version: 1\ncontext: Redos\nevents:\n  ${name}:\n    fields: { id: string }\n`;
    for (const digits of [28, 1000]) {
      it(`an event name with ${digits} digits before its last letter validates at once`, () => {
        const text = model(`OrderPlaced${'1'.repeat(digits)}x`);
        const { result, ms } = timed(() => validateModelText(text), 250);
        assert.deepEqual(result.diagnostics.map((d) => d.code).sort(), ['event-not-consumed', 'event-tense']);
        assert.ok(ms < 250, `took ${ms.toFixed(0)} ms`);
      });
    }

    it('the version suffix is cut as the old pattern (_?[Vv]?\\d+)+$ cut it, on short names', () => {
      // The old pattern, on names short enough that its backtracking does not matter.
      const old = (name: string) => name.replace(new RegExp('(_?[Vv]?\\d+)+$'), '');
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('a', 'd', 'O', 'P', '_', 'v', 'V', '0', '7'), maxLength: 14 }), (name) => {
          assert.equal(withoutVersionSuffix(name), old(name));
        }),
        { numRuns: 5000 },
      );
      for (const [name, cut] of [['OrderPlacedV2', 'OrderPlaced'], ['MoneyDeposited3', 'MoneyDeposited'], ['Placed_v2_3', 'Placed'], ['V2', ''], ['Placed', 'Placed']]) {
        assert.equal(withoutVersionSuffix(name!), cut);
      }
    });
  });

  describe('aliases that would repeat without end', () => {
    const shop = readFileSync(path.join(ROOT, 'examples/shop/shop.events.yaml'), 'utf8');
    const payload = '        customerId: C-10482\n';
    const circular: Array<[string, string, string]> = [
      // [what, value, the alias reported]
      ['a list holding itself', '&b [*b]', '*b'],
      ['a list inside a list holding the outer one', '&a [ &b [*a] ]', '*a]'],
      ['a mapping holding itself', '&m { x: *m }', '*m'],
      ['a mapping merging itself', '&m { <<: *m, y: 1 }', '*m'],
      ['a block list holding itself', '&l\n          - 1\n          - *l', '*l'],
      ['an alias of no anchor', '*nowhere', '*nowhere'],
    ];
    for (const [what, value, alias] of circular) {
      it(`${what} is reported at the alias, read as empty, and the rest is checked`, () => {
        const text = shop.replace(payload, `${payload}        extra: ${value}\n`);
        const { result, ms } = timed(() => validateModelText(text), 500);
        const found = result.diagnostics;
        const aliasFindings = found.filter((d) => d.code === 'alias-limit');
        assert.deepEqual(aliasFindings.map(where), [lineColOf(text, alias, text.indexOf('extra: '))]);
        assert.match(aliasFindings[0]!.message, alias === '*nowhere' ? /names no anchor/ : /inside the value of its own anchor/);
        // Everything else is what the same model says with an empty value there.
        const empty = validateModelText(shop.replace(payload, `${payload}        extra: ~\n`)).diagnostics;
        assert.deepEqual(found.filter((d) => d.code !== 'alias-limit').map((d) => d.code), empty.map((d) => d.code));
        assert.ok(empty.some((d) => d.code === 'payload-unknown-field'), 'the model is still checked');
        assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
      });
    }

    it('a self-referencing alias at the top, and the root itself', () => {
      assert.deepEqual(codes('version: 1\ncontext: A\ndescription: &d [*d]\n'), ['invalid-value', 'alias-limit']);
      assert.deepEqual(codes('&r { version: 1, context: A, x: *r }\n'), ['unknown-key', 'alias-limit']);
    });

    it('aliases that expand a file past twice its size are stopped as a bomb', () => {
      const keys = Array.from({ length: 200 }, (_, i) => `k${i}: 1`).join(', ');
      const text = `version: 1\ncontext: Big\nx: &a { ${keys} }\ny: [${Array(99).fill('*a').join(', ')}]\n`;
      const found = validateModelText(text).diagnostics;
      assert.deepEqual(found.map((d) => [d.code, where(d)]), [['alias-limit', lineColOf(text, '*a')]]);
      assert.match(found[0]!.message, /twice its size/);
    });

    it('a thousand anchors with an alias each cost about what the same model written out costs', () => {
      let plain = 'version: 1\ncontext: Many\ntypes:\n';
      let aliased = plain;
      for (let i = 0; i < 1000; i++) {
        plain += `  T${i}:\n    fields: { a: string, b: number }\n  U${i}:\n    fields: { a: string, b: number }\n`;
        aliased += `  T${i}:\n    fields: &f${i} { a: string, b: number }\n  U${i}:\n    fields: *f${i}\n`;
      }
      assert.deepEqual(codes(aliased), []);
      const without = timed(() => validateModelText(plain)).ms;
      const withAliases = timed(() => validateModelText(aliased), 3 * without + 200).ms;
      // Each alias used to be resolved by a walk over the whole document: 16 s here.
      assert.ok(withAliases < 3 * without + 200, `${withAliases.toFixed(0)} ms with aliases, ${without.toFixed(0)} ms without`);
    });

    it('a self-referencing alias in the 5,000-element model is found at the alias, in at most twice the time', function () {
      this.timeout(120_000);
      const text = generateModel(5000, 'rich');
      const lines = text.split('\n');
      const rules = lines.flatMap((l, i) => (l === '    rules: [Amounts are positive.]' ? [i] : []));
      const at = rules[Math.floor(rules.length / 2)]!;
      lines[at] = '    rules: &r [Amounts are positive., *r]';
      const withAlias = lines.join('\n');
      // Each is timed twice (and the faster run counts), the runs of the two taking turns.
      const without = timed(() => validateModelText(text));
      const withIt = timed(() => validateModelText(withAlias));
      const ms = Math.min(withIt.ms, timed(() => validateModelText(withAlias)).ms);
      const msWithout = Math.min(without.ms, timed(() => validateModelText(text)).ms);
      assert.deepEqual(without.result.diagnostics, []);
      assert.deepEqual(withIt.result.diagnostics.map((d) => [d.code, where(d)]), [
        ['alias-limit', `${at + 1}:${lines[at]!.indexOf('*r') + 1}`],
        ['invalid-value', `${at + 1}:${lines[at]!.indexOf('*r') + 1}`],
      ]);
      assert.ok(ms <= 2 * msWithout, `${ms.toFixed(0)} ms with the alias, ${msWithout.toFixed(0)} ms without`);
    });
  });

  // Random edits of every example and fixture: fuzz.test.ts.

  it('malformed sample files never throw', () => {
    const { parsed } = validateModelText(readFixture('samples/orders.events.yaml'));
    for (const [name, text] of [
      ['a.samples.yaml', 'events: 1'],
      ['a.samples.yaml', '- 1\n- [x]\n- { type: 1 }\n- { type: OrderPlaced, data: 1, at: 5 }'],
      ['a.samples.json', '{"events": [{"type": "OrderPlaced", "data": null}]}'],
      ['a.samples.jsonl', '1\n"x"\nnull\n{"type": 1}\n{"model": "x"}\n{"type": "OrderPlaced", "data": {"__proto__": 1}}\n\u0000'],
      ['a.samples.yaml', 'model: [x]\nextra: 1'],
    ] as const) {
      const samples = parseSamples(text, name);
      assert.doesNotThrow(() => validateSamples(samples, parsed.model));
    }
  });
});
