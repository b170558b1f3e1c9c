import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isJsonLines, parseSamples } from '../../src/core/index.js';
import { countJsonEvents, countJsonLines, countYamlEvents, linesOf, type SampleCount } from '../../src/extension/replay/sampleCount.js';
import { ROOT } from './support/golden.js';
import { timed } from './support/timing.js';

/** The Replay CodeLens's count of a sample file's events, read from its lines, against the parse. */

function parsed(text: string, name: string): SampleCount {
  const { events } = parseSamples(text, name);
  return { events: events.length, line: events[0]?.range.start.line ?? 0 };
}

function scanned(text: string, name: string): SampleCount | undefined {
  const lines = linesOf(text);
  if (isJsonLines(name)) return countJsonLines(lines);
  return /\.json$/i.test(name) ? countJsonEvents(lines) : countYamlEvents(lines);
}

function sampleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sampleFiles(file);
    return /\.samples\.(ya?ml|json|jsonl)$/.test(name) ? [file] : [];
  });
}

describe('sample files: the events counted without parsing', () => {
  it('counts as the parse does in every YAML and JSON example and fixture', () => {
    // JSON Lines files count their lines, broken ones included (below).
    const files = [...sampleFiles(path.join(ROOT, 'examples')), ...sampleFiles(path.join(ROOT, 'test/fixtures'))].filter((f) => !isJsonLines(f));
    assert.ok(files.length > 20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = path.relative(ROOT, file);
      assert.deepEqual(scanned(text, name), parsed(text, name), name);
    }
  });

  const cases: Array<[string, string]> = [
    ['short and long forms', 'model: x.events.yaml\nevents:\n  - A: { a: 1 }\n  - type: B\n    data: { b: 2 }\n'],
    ['a list at the key\'s indentation', 'events:\n- A: {}\n- type: B\nmodel: x.events.yaml\n'],
    ['a bare list', '# comment\n- A: {}\n-   B:\n      x: 1\n'],
    ['an entry whose mapping starts on the next line', 'events:\n  -\n    type: A\n  - B: {}\n'],
    ['comments and blank lines between entries', 'events:\n\n  # first\n  - A: {}\n\n  # second\n  - B: {}\n'],
    ['entries that are no event', 'events:\n  - just a string\n  - 42\n  - { A: {}, B: {} }\n  - { type: C, data: {} }\n  - "D": {}\n'],
    ['a block scalar in an entry', 'events:\n  - type: A\n    data:\n      note: |\n        - not an entry\n        - nor this\n  - B: {}\n'],
    ['no events', 'model: x.events.yaml\n'],
    ['an empty list key', 'events:\nmodel: x.events.yaml\n'],
  ];
  for (const [what, text] of cases) {
    it(`YAML: ${what}`, () => assert.deepEqual(countYamlEvents(linesOf(text)), parsed(text, 'x.samples.yaml')));
  }

  it('leaves layouts it does not read to the parse', () => {
    for (const text of ['events: [{ A: {} }, { B: {} }]\n', '---\nevents:\n  - A: {}\n', 'events:\n  - &a A: {}\n  - *a\n', 'events: &list\n  - A: {}\n', '{ events: [] }\n']) {
      assert.equal(countYamlEvents(linesOf(text)), undefined, text);
    }
  });

  it('JSON: the objects of the events list, or of a bare list', () => {
    const texts = [
      '{\n  "model": "./x.events.yaml",\n  "events": [\n    { "type": "A", "data": { "s": "a } \\" [" } },\n    { "B": { "list": [1, {"c": 2}] } }\n  ]\n}\n',
      '[\n  {"A": {}},\n  {"B": {}}, "no event"\n]\n',
      '{"events": []}',
    ];
    for (const text of texts) assert.deepEqual(countJsonEvents(linesOf(text)), parsed(text, 'x.samples.json'), text);
    assert.equal(countJsonEvents(linesOf('events:\n  - A: {}\n')), undefined, 'YAML in a .json file is parsed');
  });

  it('JSON Lines: each line but the model line', () => {
    const text = '{"model": "x.events.yaml"}\n{"type": "A", "data": {}}\n\nnot JSON\r\n';
    assert.deepEqual(countJsonLines(linesOf(text)), { events: 2, line: 1 });
  });

  it('reads a file of 20,000 events in a few milliseconds', () => {
    const text = `events:\n${Array.from({ length: 20000 }, (_, i) => `  - type: E${i}\n    at: 2024-09-01T10:00:00Z\n    data: { id: ${i}, note: "x" }\n`).join('')}`;
    const lines = linesOf(text);
    const { result, ms } = timed(() => countYamlEvents(lines), 50);
    assert.deepEqual(result, { events: 20000, line: 1 });
    assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
  });
});
