import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { globSync } from 'tinyglobby';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { parseYamlInPieces, YamlPieceCache } from '../../src/core/model/chunkedYaml.js';
import { loadYaml } from '../../src/core/model/loadYaml.js';
import { parseSimpleYaml } from '../../src/core/model/simpleYaml.js';
import { generateModel } from '../../bench/generateModel.js';
import { describeInput, MODEL_SEEDS, mutated } from './support/mutations.js';

// The options the model loader uses.
const OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, version: '1.2', logLevel: 'error' } as const;

/**
 * Everything later steps read from a tree: kinds, values, and where each node starts and ends.
 * (yaml's third offset, the end including trailing comments, is read by nothing and not kept
 * exactly by the piecewise reader.)
 */
function dump(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  const at = (n: { range?: [number, number, number] | null }) => n.range?.slice(0, 2);
  if (isPair(node)) return ['pair', dump(node.key), dump(node.value)];
  if (isAlias(node)) return ['alias', node.source, at(node)];
  if (isScalar(node)) return ['scalar', typeof node.value, String(node.value), at(node)];
  if (isMap(node)) return ['map', at(node), node.items.map(dump)];
  if (isSeq(node)) return ['seq', at(node), node.items.map(dump)];
  return ['other'];
}

function dumpDoc(doc: Document.Parsed): unknown {
  return {
    contents: dump(doc.contents),
    errors: doc.errors.map((e) => [e.code, e.pos]),
    js: JSON.stringify(doc.toJS({ maxAliasCount: 100 })),
  };
}

/** Parses in pieces and whole, requires the same tree, and says whether pieces were used. */
function compare(text: string, label: string): boolean {
  return compareEx(text, label).split;
}

function compareEx(text: string, label: string): { split: boolean; clean: boolean } {
  const cache = new YamlPieceCache();
  let pieces: Document.Parsed;
  try {
    pieces = parseYamlInPieces(text, OPTIONS, cache);
  } catch (e) {
    assert.fail(`${label}: the piecewise parse threw ${String(e)}`);
  }
  const whole = parseDocument(text, OPTIONS);
  let wholeDump: unknown;
  try {
    wholeDump = dumpDoc(whole);
  } catch {
    return { split: cache.size > 0, clean: false }; // an alias bomb: toJS refuses it either way
  }
  assert.deepEqual(dumpDoc(pieces), wholeDump, label);
  // The loader's own conversion to plain data (with its duplicate-key walk) matches yaml's.
  const loaded = loadYaml(text, 'model');
  if (!('refused' in loaded) && loaded.data !== undefined) {
    assert.deepStrictEqual(loaded.data, whole.toJS({ maxAliasCount: 100 }), `${label} (plain data)`);
  }
  return { split: cache.size > 0, clean: whole.errors.length === 0 };
}

const files = [
  ...globSync('examples/**/*.{yaml,yml}'),
  ...globSync('test/fixtures/**/*.{yaml,yml}'),
].sort();

// PIECES_SEED and PIECES_ROUNDS replay or lengthen the random tests (the defaults keep CI quick).
const seed = process.env.PIECES_SEED === undefined ? {} : { seed: Number(process.env.PIECES_SEED) };

describe('piecewise YAML parse and plain data', () => {
  it('gives the same tree as a whole-document parse for every example and fixture', () => {
    let split = 0;
    for (const file of files) if (compare(readFileSync(file, 'utf8'), file)) split++;
    // Every example is laid out so that it can be split, and written in the plain subset.
    for (const file of globSync('examples/**/*.events.yaml')) {
      const text = readFileSync(file, 'utf8');
      assert.ok(compare(text, file), `${file} was parsed whole`);
      const cache = new YamlPieceCache();
      parseYamlInPieces(text, OPTIONS, cache);
      assert.equal(cache.stats.yaml, 0, `the subset reader left ${cache.stats.yaml} pieces of ${file} to yaml`);
    }
    assert.ok(split > files.length / 2, `only ${split} of ${files.length} files were split`);
  });

  it('gives the same tree for generated models of every shape, all read by the subset reader', () => {
    for (const shape of ['lean', 'rich', 'shop'] as const) {
      const cache = new YamlPieceCache();
      const text = generateModel(300, shape);
      assert.ok(compare(text, shape), `the ${shape} model was parsed whole`);
      parseYamlInPieces(text, OPTIONS, cache);
      assert.equal(cache.stats.yaml, 0, `the subset reader left ${cache.stats.yaml} pieces of the ${shape} model to yaml`);
    }
  });

  it('keeps anchors and aliases in their pieces, resolved over the joined tree', () => {
    const lines = generateModel(300, 'rich').split('\n');
    const first = lines.indexOf('    fields: { accountId: uuid, amount: number, count: integer }');
    const later = lines.lastIndexOf('    fields: { accountId: uuid, amount: number, count: integer }');
    lines[first] = '    fields: &fields { accountId: uuid, amount: number, count: integer }';
    lines[later] = '    fields: *fields';
    // An anchor in one section and its alias in another, and aliases that cannot be followed.
    lines[lines.indexOf('    rules: [Amounts are positive.]')] = '    rules: &r [Amounts are positive., *r]';
    lines.push('extra: [*fields, *nowhere]');
    const text = lines.join('\n');
    const cache = new YamlPieceCache();
    parseYamlInPieces(text, OPTIONS, cache);
    assert.ok(cache.size > 10 && cache.stats.yaml <= 4, `pieces: ${JSON.stringify(cache.stats)}`);
    const clean = text.replace('&r [Amounts are positive., *r]', '[Amounts are positive.]').replace(', *nowhere]', ']');
    assert.ok(compare(clean, 'aliases in pieces'));
    assert.deepEqual(dump(parseYamlInPieces(text, OPTIONS).contents), dump(parseDocument(text, OPTIONS).contents));
  });

  it('reads the plain subset itself, as yaml would, and leaves the rest to yaml', () => {
    // Section keys the line-based split must leave to yaml: too long, or no key at all.
    assert.equal(parseYamlInPieces(`${'k'.repeat(1025)}:\n  a: 1\n`, OPTIONS).errors[0]?.code, 'KEY_OVER_1024_CHARS');
    assert.ok(compare('a: 1\nb:#\n  c: 1\n', 'b:# is a plain scalar') === false);
    const same = (text: string) => {
      const node = parseSimpleYaml(text);
      assert.ok(node, `the subset reader gave up on ${JSON.stringify(text)}`);
      assert.deepEqual(dump(node), dump(parseDocument(text, OPTIONS).contents), text);
    };
    same('a: 1\nb: -2.5\nc: true\nd: null\ne: ~\nf: 0x1F\ng: 2024-09-01T10:00:00Z\nh: x y  # c\n');
    same('  A:\n    b: { c: [1, "two", \'th\'\'ree\'], d: { e: $event.x } }  # c\n    f:\n    - g\n    - h: 1\n      i: [ ]\n  B: {}\n');
    same('- name: x\n  when:\n    A: { b: 1 }\n- [a, b]\n');
    same('key: a:b, [c] {d}\n');
    same('a:   # the value is below\n  b: 1\nc:  \n  - d\n');
    same('# a header\n\na:\n  # before b\n  b: 1\n# before c\nc:\n  - x\n  # between items\n  - y\nd: 2\n# at the end\n');
    const deepBlock = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    for (const text of [
      `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, `a: ${'{b: '.repeat(5000)}1${'}'.repeat(5000)}\n`, deepBlock,
      'a: |\n  text\n', 'a: >\n  text\n', 'a: "x\\ny"\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', '? a\n: 1\n', '-\n- a\n',
      'a: b: c\n', 'a: { b: 1,\n  c: 2 }\n', 'a: multi\n  line\n', 'a:\n  b: 1\n    # deeper than the next line\nc: 2\n', 'a:\n  b: 1\n  # deeper than the end\n', 'a:\tb\n', '1: a\n', '"a": 1\n',
      `${'k'.repeat(1100)}: 1\n`, 'a: [b: c]\n', 'a: { b: 1, }\n', 'a: "unclosed\n', '---\na: 1\n', 'a: 1\r\nb: 2\r\n', 'a:  # nothing below\nb: 1\n', 'a:  \nb: 1\n', 'a: @x\n', 'a: `x`\n',
    ]) {
      assert.equal(parseSimpleYaml(text), undefined, `the subset reader took ${JSON.stringify(text)}`);
    }
  });

  it('never takes a text yaml would read otherwise (random lines from the subset and around it)', function () {
    this.timeout(process.env.PIECES_ROUNDS ? 0 : 60_000);
    const tokens = [
      'a', 'b', 'Key', '$e.x', '1', '-1', '2.5', 'true', 'null', '~', ': ', ':', ' ', '  ', '{', '}', '[', ']', ', ', ',', '"q"', "'s'",
      '" x "', "'it''s'", '#', ' # c', '-', '- ', '\n', '\n  ', '\n    ', '\n- ', '\n  - ', 'x y', '.5', '0x1', '!', '&', '*', '?', '|', '>',
      '%', '@', '=', '/', 'é', '\\', '\t', '\r\n', '\r',
    ];
    const starts = ['a: ', 'k:\n  ', '- ', '  a: ', 'a:\n- ', 'a: {', 'a: ['];
    const texts = fc
      .tuple(fc.constantFrom(...starts), fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 9 }))
      .map(([start, parts, n]) => start + parts.join('') + (n < 7 ? '\n' : ''));
    let taken = 0;
    const runs = Number(process.env.PIECES_ROUNDS ?? 30_000);
    fc.assert(
      fc.property(texts, (text) => {
        const node = parseSimpleYaml(text);
        if (!node) return;
        taken++;
        const doc = parseDocument(text, OPTIONS);
        assert.deepEqual([doc.errors.map((e) => e.code), doc.warnings.map((w) => w.code)], [[], []], `yaml objects to ${JSON.stringify(text)}`);
        assert.deepEqual(dump(node), dump(doc.contents), JSON.stringify(text));
      }),
      { numRuns: runs, ...seed },
    );
    assert.ok(taken > runs / 30, `the subset reader took only ${taken} of ${runs} texts`);
  });

  it('gives the same tree (or parses whole) under random edits of real models', function () {
    this.timeout(process.env.PIECES_ROUNDS ? 0 : 60_000);
    // The examples and fixtures (with comments, which yaml reads) and generated models (which
    // the subset reader takes), edited as in fuzz.test.ts: YAML pieces, deletions, line endings.
    const seeds = [...MODEL_SEEDS, { name: 'rich', text: generateModel(60, 'rich') }, { name: 'lean', text: generateModel(60, 'lean') }];
    let split = 0;
    let clean = 0;
    fc.assert(
      fc.property(mutated(seeds, 3), (input) => {
        const r = compareEx(input.text, describeInput(input));
        if (r.split) split++;
        if (r.clean) clean++;
      }),
      { numRuns: Number(process.env.PIECES_ROUNDS ?? 300), ...seed },
    );
    // Most edits break the YAML (then the whole parse reports it); the rest must mostly split.
    assert.ok(split > clean / 2, `only ${split} of the ${clean} mutated models that parse were split`);
  });

  it('reuses the pieces an edit did not touch, moved to their new place', () => {
    const cache = new YamlPieceCache();
    const text = generateModel(200, 'rich');
    parseYamlInPieces(text, OPTIONS, cache);
    const before = cache.size;
    // An edit near the top moves every later piece; each must land at its new offsets.
    const edited = text.replace('Aggregate number 0.', 'The first aggregate, renamed.');
    let parsedAgain = 0;
    const counting = new Proxy(cache, {
      get(target, prop, receiver) {
        if (prop === 'put') return (...args: Parameters<YamlPieceCache['put']>) => (parsedAgain++, target.put(...args));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const doc = parseYamlInPieces(edited, OPTIONS, counting);
    assert.equal(parsedAgain, 1, 'only the edited piece is parsed again');
    assert.equal(cache.size, before);
    assert.deepEqual(dumpDoc(doc), dumpDoc(parseDocument(edited, OPTIONS)));
    // And back: the cache follows the text, not its history.
    assert.deepEqual(dumpDoc(parseYamlInPieces(text, OPTIONS, cache)), dumpDoc(parseDocument(text, OPTIONS)));
  });
});
