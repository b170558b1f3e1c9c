import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { MemoryFileIndex } from '../../src/core/language/fileIndex.js';
import { indexedOccurrences, symbolKey } from '../../src/core/language/occurrences.js';
import { rename } from '../../src/core/language/rename.js';
import type { TextEdit } from '../../src/core/language/types.js';
import { parseModel } from '../../src/core/model/parse.js';
import { isModelFile, isSampleFile } from '../../src/core/samples/files.js';
import { parseSamples } from '../../src/core/samples/parseSamples.js';
import { validateSamples } from '../../src/core/samples/validateSamples.js';
import { validateModel } from '../../src/core/validate/validate.js';
import { ROOT } from './support/golden.js';

/**
 * Renaming any event of each example, from any place it is named (the model or a sample
 * file), to a fresh name and back gives the original texts; and the renamed files validate
 * with exactly the findings of the originals. The same holds for every field of every example,
 * with the fields tied to it by name (an aggregate's id, a projection's key, a by-name policy
 * step), the sample data of older versions and the upcast steps.
 */

interface Example {
  name: string;
  modelUri: string;
  files: Record<string, string>;
}

function examples(): Example[] {
  const dir = path.join(ROOT, 'examples');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const files: Record<string, string> = {};
      let modelUri = '';
      for (const f of readdirSync(path.join(dir, d.name))) {
        if (!isModelFile(f) && !isSampleFile(f)) continue;
        const uri = `file:///ws/${d.name}/${f}`;
        files[uri] = readFileSync(path.join(dir, d.name, f), 'utf8');
        if (isModelFile(f)) modelUri = uri;
      }
      return { name: d.name, modelUri, files };
    })
    .filter((e) => e.modelUri !== '');
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line]! + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

/** Every finding of the model and its sample files, with `newName` read as `oldName`: file, code, line, message. */
function findings(ex: Example, files: Record<string, string>, newName?: string, oldName?: string): string[] {
  const unname = (s: string) => (newName && oldName ? s.split(newName).join(oldName) : s);
  const parsed = parseModel(files[ex.modelUri]!);
  const out = validateModel(parsed).map((d) => `model ${d.code} ${d.range.start.line} ${unname(d.message)}`);
  for (const [uri, text] of Object.entries(files)) {
    if (uri === ex.modelUri) continue;
    for (const d of validateSamples(parseSamples(text, uri), parsed.model)) out.push(`${uri} ${d.code} ${d.range.start.line} ${unname(d.message)}`);
  }
  return out.sort();
}

/** Renames the event `from` to `to`, starting at its `pick`th occurrence; the files afterwards. */
function renameEvent(ex: Example, files: Record<string, string>, from: string, to: string, pick: number): Record<string, string> {
  const index = new MemoryFileIndex(files);
  const occ = indexedOccurrences(index, ex.modelUri)!.bySymbol.get(symbolKey({ kind: 'event', name: from })) ?? [];
  assert.ok(occ.length > 0, `${ex.name}: no occurrence of ${from}`);
  const start = occ[pick % occ.length]!;
  const edit = rename(index, start.uri, start.range.start, to);
  assert.ok(!('refused' in edit), 'refused' in edit ? edit.refused : '');
  assert.ok(Object.values(edit.changes).flat().every((e) => e.newText === to));
  const out: Record<string, string> = {};
  for (const [uri, text] of Object.entries(files)) out[uri] = applyEdits(text, edit.changes[uri] ?? []);
  return out;
}

describe('language features: renaming the events and fields of the examples (property)', () => {
  for (const ex of examples()) {
    const events = [...parseModel(ex.files[ex.modelUri]!).model.events.keys()];
    const before = findings(ex, ex.files);

    it(`${ex.name}: every event, to a fresh name and back`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...events), fc.stringMatching(/^[A-Z][a-z]{1,6}$/), fc.nat(), fc.nat(), (event, prefix, pickThere, pickBack) => {
          const fresh = `${prefix}${event}`;
          fc.pre(!events.includes(fresh) && !ex.files[ex.modelUri]!.includes(fresh));
          const renamed = renameEvent(ex, ex.files, event, fresh, pickThere);
          assert.notDeepEqual(renamed, ex.files);
          assert.deepEqual(findings(ex, renamed, fresh, event), before, `${event} → ${fresh}: the findings change`);
          const back = renameEvent(ex, renamed, fresh, event, pickBack);
          assert.deepEqual(back, ex.files, `${event} → ${fresh} → ${event}: the texts differ`);
        }),
        { numRuns: Math.max(events.length * 3, Number(process.env.RENAME_RUNS ?? 0)) },
      );
    });

    it(`${ex.name}: every event renamed, each once, from its declaration`, () => {
      for (const event of events) {
        const renamed = renameEvent(ex, ex.files, event, `Zq${event}`, 0);
        assert.deepEqual(findings(ex, renamed, `Zq${event}`, event), before, event);
        // Nothing is left of the old name but other names that contain it.
        const index = new MemoryFileIndex(renamed);
        assert.equal(indexedOccurrences(index, ex.modelUri)!.bySymbol.get(symbolKey({ kind: 'event', name: event })), undefined, event);
      }
    });

    it(`${ex.name}: every field, to a fresh name and back`, () => {
      const index = new MemoryFileIndex(ex.files);
      const fields = indexedOccurrences(index, ex.modelUri)!.all.filter((o) => o.kind === 'field' && o.role === 'definition');
      assert.ok(fields.length > 20);
      for (const field of fields) {
        const fresh = `${field.name}Zq`;
        const edit = rename(index, field.uri, field.range.start, fresh);
        assert.ok(!('refused' in edit), 'refused' in edit ? edit.refused : '');
        const renamed: Record<string, string> = {};
        for (const [uri, text] of Object.entries(ex.files)) renamed[uri] = applyEdits(text, edit.changes[uri] ?? []);
        const what = `${field.owner?.kind} ${field.owner?.name}.${field.name}`;
        assert.deepEqual(findings(ex, renamed, fresh, field.name), before, what);
        const again = new MemoryFileIndex(renamed);
        const moved = indexedOccurrences(again, ex.modelUri)!.bySymbol.get(symbolKey({ ...field, name: fresh }))![0]!;
        const backEdit = rename(again, moved.uri, moved.range.start, field.name);
        assert.ok(!('refused' in backEdit));
        const back: Record<string, string> = {};
        for (const [uri, text] of Object.entries(renamed)) back[uri] = applyEdits(text, backEdit.changes[uri] ?? []);
        assert.deepEqual(back, ex.files, what);
      }
    });
  }
});
