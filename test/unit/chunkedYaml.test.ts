import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { parseYamlInPieces, YamlPieceCache } from '../../src/core/model/chunkedYaml.js';
import { loadYaml } from '../../src/core/model/loadYaml.js';
import { parseSimpleYaml } from '../../src/core/model/simpleYaml.js';
import { generateModel } from '../../bench/generateModel.js';

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
    this.timeout(60_000);
    const tokens = [
      'a', 'b', 'Key', '$e.x', '1', '-1', '2.5', 'true', 'null', '~', ': ', ':', ' ', '  ', '{', '}', '[', ']', ', ', ',', '"q"', "'s'",
      '" x "', "'it''s'", '#', ' # c', '-', '- ', '\n', '\n  ', '\n    ', '\n- ', '\n  - ', 'x y', '.5', '0x1', '!', '&', '*', '?', '|', '>',
      '%', '@', '=', '/', 'é', '\\', '\t',
    ];
    const starts = ['a: ', 'k:\n  ', '- ', '  a: ', 'a:\n- ', 'a: {', 'a: ['];
    // mulberry32: a small seeded generator, so a failure can be replayed.
    let state = Number(process.env.PIECES_SEED ?? 7);
    const random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    let taken = 0;
    for (let i = 0; i < Number(process.env.PIECES_ROUNDS ?? 30_000); i++) {
      let text = pick(starts);
      for (let n = 1 + Math.floor(random() * 10); n > 0; n--) text += pick(tokens);
      if (random() < 0.7) text += '\n';
      const node = parseSimpleYaml(text);
      if (!node) continue;
      taken++;
      const doc = parseDocument(text, OPTIONS);
      assert.deepEqual([doc.errors.map((e) => e.code), doc.warnings.map((w) => w.code)], [[], []], `yaml objects to ${JSON.stringify(text)}`);
      assert.deepEqual(dump(node), dump(doc.contents), JSON.stringify(text));
    }
    assert.ok(taken > 1000, `the subset reader took only ${taken} texts`);
  });

  it('gives the same tree (or parses whole) under random edits of real models', function () {
    this.timeout(60_000);
    // The examples (with comments, which yaml reads) and generated models (which the subset reader takes).
    const bases = [
      ...globSync('examples/**/*.events.yaml').sort().map((f) => readFileSync(f, 'utf8')),
      generateModel(60, 'rich'),
      generateModel(60, 'lean'),
    ];
    const inserts = ['{', '}', '[', ']', ':', '- ', '-', '\n', '\n\n', '  ', ' ', '*a', '&a ', '"', "'", '|', '>', '?', '# ', '\t', '!!str ', '<<: *a', '---\n', '...\n', 'x: ', '\nx:\n', '\n  - y\n', '\r\n', 'null:', '\ufeff'];
    let seed = Number(process.env.PIECES_SEED ?? 7);
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let split = 0;
    let clean = 0;
    for (let i = 0; i < Number(process.env.PIECES_ROUNDS ?? 300); i++) {
      let text = bases[i % bases.length]!;
      for (let j = 0; j < 1 + (i % 3); j++) {
        const lines = text.split('\n');
        const n = Math.floor(random() * lines.length);
        const op = Math.floor(random() * 6);
        // Line edits keep the YAML valid more often; inserts reach odd corners.
        if (op === 0) lines.splice(n, 1);
        else if (op === 1) lines.splice(n, 0, lines[n]!);
        else if (op === 2) lines[n] = `  ${lines[n]!}`;
        else if (op === 3) lines[n] = lines[n]!.replace(/^  /, '');
        else if (op === 4) lines.splice(n, 0, random() < 0.5 ? '# note' : ' '.repeat(Math.floor(random() * 6)) + '# note');
        else {
          const line = lines[n]!;
          const at = random() < 0.6 ? 0 : Math.floor(random() * (line.length + 1));
          lines[n] = line.slice(0, at) + inserts[Math.floor(random() * inserts.length)] + line.slice(at + Math.floor(random() * 3));
        }
        text = lines.join('\n');
      }
      const r = compareEx(text, `mutation ${i}:\n${text}`);
      if (r.split) split++;
      if (r.clean) clean++;
    }
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
