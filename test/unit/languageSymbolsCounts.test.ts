import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { generateModel } from '../../bench/generateModel.js';
import { allElements } from '../../src/core/model/model.js';
import { MemoryFileIndex } from '../../src/core/language/fileIndex.js';
import { elementOccurrences, indexedOccurrences, modelOccurrences, symbolKey } from '../../src/core/language/occurrences.js';
import { walkModel, walkSamples } from '../../src/core/language/occurrenceWalk.js';
import { codeLenses } from '../../src/core/language/symbols.js';
import type { CodeLens, FileIndex, Location } from '../../src/core/language/types.js';
import { compareRanges } from '../../src/core/source.js';
import { isModelFile, isSampleFile } from '../../src/core/samples/files.js';
import { ROOT } from './support/golden.js';
import { MODEL_SEEDS, mutated, type Mutated } from './support/mutations.js';

/**
 * The reference counts read a walk of the elements alone (no fields): its occurrences must be
 * those of the whole walk, kind for kind and in the same order, and every lens must hold what a
 * naive count over the whole index finds for its element, one element at a time.
 */

const uriOf = (relative: string) => `file:///ws/${relative.split(path.sep).join('/')}`;

/** A model of the repository with the sample files beside it, by URI. */
function withSiblings(relative: string, text?: string): Record<string, string> {
  const dir = path.dirname(path.join(ROOT, relative));
  const out: Record<string, string> = {};
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)) {
      if (isModelFile(f) || isSampleFile(f)) out[uriOf(path.relative(ROOT, path.join(dir, f)))] = readFileSync(path.join(dir, f), 'utf8');
    }
  }
  if (text !== undefined) out[uriOf(relative)] = text;
  return out;
}

/** The lenses worked out the slow way: for each element, every reference to it in the whole index. */
function naiveLenses(index: FileIndex, uri: string): CodeLens[] {
  const file = index.get(uri);
  if (file?.kind !== 'model') return [];
  const all = modelOccurrences(index, uri);
  const out: CodeLens[] = [];
  for (const el of allElements(file.parsed.model)) {
    const mine = all.filter((o) => o.kind === el.kind && o.name === el.name);
    const definition = mine.find((o) => o.role === 'definition' && o.uri === uri);
    const places = new Map<string, Location>();
    for (const o of mine) {
      if (o.role !== 'reference') continue;
      places.set(`${o.uri} ${o.range.start.line}:${o.range.start.character}-${o.range.end.line}:${o.range.end.character}`, { uri: o.uri, range: o.range });
    }
    const modelFirst = (u: string) => (isModelFile(u) ? 0 : 1);
    const locations = [...places.values()].sort((a, b) => modelFirst(a.uri) - modelFirst(b.uri) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || compareRanges(a.range, b.range));
    out.push({ range: definition?.range ?? el.nameRange, title: `${locations.length} reference${locations.length === 1 ? '' : 's'}`, locations });
  }
  return out.sort((a, b) => compareRanges(a.range, b.range));
}

/** The element occurrences equal the whole index's for every symbol that is not a field, list for list. */
function checkElements(index: FileIndex, uri: string): void {
  const whole = indexedOccurrences(index, uri);
  const elements = elementOccurrences(index, uri);
  if (!whole || !elements) {
    assert.equal(elements, undefined, 'no element occurrences without a model');
    return;
  }
  const fromWhole = [...whole.bySymbol].filter(([, list]) => list[0]!.kind !== 'field');
  const fromElements = [...elements.byName.values()].flatMap((byName) => [...byName.values()]);
  assert.equal(fromElements.length, fromWhole.length, 'as many element symbols');
  for (const [key, list] of fromWhole) {
    const o = list[0]!;
    assert.deepEqual(elements.byName.get(o.kind)?.get(o.name), list, `the occurrences of ${key.replace('\u0000', ' ')}`);
  }
  for (const list of fromElements) assert.ok(whole.bySymbol.has(symbolKey(list[0]!)));
}

function check(files: Record<string, string>): void {
  const index = new MemoryFileIndex(files);
  for (const uri of Object.keys(files)) {
    checkElements(index, uri);
    if (isModelFile(uri)) assert.deepEqual(codeLenses(index, uri), naiveLenses(index, uri), `the lenses of ${uri}`);
  }
}

describe('language features: reference counts from the element occurrences', function () {
  this.timeout(120_000);

  it('every example and fixture model, with its sample files: the lenses equal a naive count per element', () => {
    assert.ok(MODEL_SEEDS.length > 10);
    for (const seed of MODEL_SEEDS) check(withSiblings(seed.name));
  });

  it('generated models of each shape', () => {
    for (const shape of ['rich', 'lean', 'shop'] as const) {
      const uri = `file:///ws/gen/${shape}.events.yaml`;
      const text = generateModel(300, shape);
      check({ [uri]: text, [`file:///ws/gen/${shape}.samples.yaml`]: 'events:\n  - MoneyDeposited3: { accountId: a, amount: 1 }\n  - OrderPlaced2: {}\n' });
      const lenses = codeLenses(new MemoryFileIndex({ [uri]: text }), uri);
      assert.ok(lenses.length >= 250, `${shape}: a lens for each element (${lenses.length})`);
      assert.ok(lenses.some((l) => l.locations.length > 1), `${shape}: elements referenced more than once`);
    }
  });

  it('the walk without fields records exactly the whole walk\'s other occurrences, in order', () => {
    for (const seed of MODEL_SEEDS) {
      const files = withSiblings(seed.name);
      const index = new MemoryFileIndex(files);
      const model = index.get(uriOf(seed.name));
      if (model?.kind !== 'model') continue;
      assert.deepEqual(walkModel(model, { fields: false }).occurrences, walkModel(model).occurrences.filter((o) => o.kind !== 'field'), seed.name);
      assert.deepEqual(walkModel(model, { fields: false }).links, []);
      for (const s of index.samplesOf(model.uri)) {
        assert.deepEqual(walkSamples(s, undefined, { fields: false }), walkSamples(s, model.parsed.model).filter((o) => o.kind !== 'field'), s.uri);
      }
    }
  });

  it('an edited model: new counts, and the same texts walked again give the same positions', () => {
    const uri = 'file:///ws/gen/edit.events.yaml';
    const text = generateModel(50, 'rich');
    const index = new MemoryFileIndex({ [uri]: text });
    const before = codeLenses(index, uri);
    // A line break more near the top: every lens below moves down one line.
    index.set(uri, text.replace('\naggregates:\n', '\n\naggregates:\n'));
    const moved = codeLenses(index, uri);
    assert.deepEqual(moved.map((l) => l.range.start.line), before.map((l) => l.range.start.line + 1));
    assert.deepEqual(moved, naiveLenses(index, uri));
    index.set(uri, text);
    assert.deepEqual(codeLenses(index, uri), before);
  });

  it('models under random edits (fast-check)', () => {
    fc.assert(
      fc.property(mutated(MODEL_SEEDS), (input: Mutated) => check(withSiblings(input.seed.name, input.text))),
      { numRuns: 60 },
    );
  });
});
