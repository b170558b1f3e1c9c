import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { MemoryFileIndex } from '../../src/core/language/fileIndex.js';
import { definition, references } from '../../src/core/language/navigation.js';
import { modelOccurrences } from '../../src/core/language/occurrences.js';
import { prepareRename, rename } from '../../src/core/language/rename.js';
import { codeLenses, documentSymbols, workspaceSymbols } from '../../src/core/language/symbols.js';
import type { DocumentSymbol, Position, Range } from '../../src/core/language/types.js';
import { isModelFile, isSampleFile } from '../../src/core/samples/files.js';
import { ROOT } from './support/golden.js';
import { editorLines, MODEL_SEEDS, mutated, outsideDocument, SAMPLE_SEEDS, type Mutated } from './support/mutations.js';

/**
 * Random edits of every example and fixture, with the navigation features asked at random
 * places: nothing throws, every range lies inside its document, every occurrence's range holds
 * exactly its name (so a rename's edit replaces the name and nothing else), and every edit of a
 * rename replaces the old name.
 *
 * NAV_FUZZ_RUNS sets how many models (sample files get half as many), NAV_FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.NAV_FUZZ_RUNS ?? 150);
const SEED = process.env.NAV_FUZZ_SEED === undefined ? undefined : Number(process.env.NAV_FUZZ_SEED);
const params = (runs: number) => ({ numRuns: runs, ...(SEED === undefined ? {} : { seed: SEED }) });

/** The files next to a seed that pair with it: its sample files (for a model), its model (for a sample file). */
function siblings(seedName: string): Record<string, string> {
  const dir = path.dirname(path.join(ROOT, seedName));
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    if (isModelFile(f) || isSampleFile(f)) out[uriOf(path.relative(ROOT, path.join(dir, f)))] = readFileSync(path.join(dir, f), 'utf8');
  }
  return out;
}

const uriOf = (relative: string) => `file:///ws/${relative.split(path.sep).join('/')}`;

/** A place in the text, spread over it by a fraction. */
function positionAt(text: string, fraction: number): Position {
  const lines = editorLines(text);
  const line = Math.min(lines.length - 1, Math.floor(fraction * lines.length));
  const rest = fraction * lines.length - line;
  return { line, character: Math.floor(rest * (lines[line]!.length + 1)) };
}

function textAt(lines: readonly string[], r: Range): string {
  assert.equal(r.start.line, r.end.line, 'a name stands on one line');
  return lines[r.start.line]!.slice(r.start.character, r.end.character);
}

function inside(what: string, r: Range, lines: readonly string[]): void {
  const why = outsideDocument(r, lines);
  if (why) assert.fail(`${what} lies outside the document (${why})`);
}

function symbolsInside(list: readonly DocumentSymbol[], lines: readonly string[]): void {
  for (const s of list) {
    inside(`symbol ${s.name}`, s.range, lines);
    inside(`symbol ${s.name} selection`, s.selectionRange, lines);
    symbolsInside(s.children, lines);
  }
}

/** Every feature, asked at the given places of `uri`, with all the checks. */
function exercise(files: Record<string, string>, uri: string, places: number[], newNames: string[]): void {
  const index = new MemoryFileIndex(files);
  const lines = new Map(Object.entries(files).map(([u, t]) => [u, editorLines(t)]));
  const model = index.modelOf(uri);
  for (const o of model ? modelOccurrences(index, model.uri) : []) {
    inside(`${o.kind} ${o.name}`, o.range, lines.get(o.uri)!);
    assert.equal(textAt(lines.get(o.uri)!, o.range), o.name, `the range of ${o.kind} '${o.name}' holds its name`);
  }
  for (const [i, fraction] of places.entries()) {
    const at = positionAt(files[uri]!, fraction);
    for (const l of [...definition(index, uri, at), ...references(index, uri, at, true)]) inside('a location', l.range, lines.get(l.uri)!);
    const prepared = prepareRename(index, uri, at);
    const edit = rename(index, uri, at, newNames[i % newNames.length]!);
    if (prepared && 'placeholder' in prepared && !('refused' in edit)) {
      for (const [u, edits] of Object.entries(edit.changes)) {
        for (const e of edits) assert.equal(textAt(lines.get(u)!, e.range), prepared.placeholder, 'an edit replaces the old name');
      }
    }
  }
  symbolsInside(documentSymbols(index, uri), lines.get(uri)!);
  for (const lens of codeLenses(index, uri)) inside('a lens', lens.range, lines.get(uri)!);
  for (const s of workspaceSymbols(index, 'e')) inside('a workspace symbol', s.location.range, lines.get(s.location.uri)!);
}

const places = fc.array(fc.noBias(fc.nat({ max: 999_999 })).map((n) => n / 1_000_000), { minLength: 1, maxLength: 8 });
const newNames = fc.array(fc.constantFrom('RenamedThing', 'renamedField', '2bad', 'class', '__proto__', 'OrderPlaced', 'x'), { minLength: 1, maxLength: 3 });

describe('language features: navigation over random edits (fast-check)', function () {
  this.timeout(300_000);

  it('models', () => {
    fc.assert(
      fc.property(mutated(MODEL_SEEDS), places, newNames, (input: Mutated, at, names) => {
        const uri = uriOf(input.seed.name);
        exercise({ ...siblings(input.seed.name), [uri]: input.text }, uri, at, names);
      }),
      params(RUNS),
    );
  });

  it('sample files, with the model they pair with', () => {
    fc.assert(
      fc.property(mutated(SAMPLE_SEEDS), places, newNames, (input: Mutated, at, names) => {
        const uri = uriOf(input.seed.name);
        exercise({ ...siblings(input.seed.name), [uri]: input.text }, uri, at, names);
      }),
      params(Math.max(1, Math.floor(RUNS / 2))),
    );
  });

  it('names that reach prototypes stay data', () => {
    const text = 'version: 1\ncontext: X\nevents:\n  __proto__:\n    fields: { constructor: string, toString: number }\n  A1Happened:\n    fields: { __proto__: string }\nprojections:\n  P:\n    on:\n      __proto__: { set: { __proto__: $event.__proto__ } }\n';
    const uri = 'file:///ws/x/x.events.yaml';
    exercise({ [uri]: text, 'file:///ws/x/x.samples.yaml': 'events:\n  - __proto__: { constructor: a }\n' }, uri, [0.1, 0.3, 0.5, 0.7, 0.9], ['hasOwnProperty', 'Fine']);
    assert.equal(({} as Record<string, unknown>).constructor, Object);
  });
});
