// Mermaid's own parser accepts every diagram we write. Rendering needs a browser (the Chromium
// test does that); parsing runs in Node, in a child process so the small DOM stand-in that
// Mermaid's sanitiser needs at load time never leaks into this one.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { parseModel, renderDiagram } from '../../src/core/index.js';
import { goldenCases } from './diagram.test.js';
import { readFixture, ROOT } from './support/golden.js';

/** The validator's fixtures: models with every kind of error, drawn as far as they could be read. */
function brokenModels() {
  return readdirSync(`${ROOT}/test/fixtures/models`).filter((f) => f.endsWith('.events.yaml')).sort().map((f) => ({ name: f, model: parseModel(readFixture(`models/${f}`)).model }));
}

const PARSE_ALL = `
globalThis.window = { document: { nodeType: 9, implementation: {}, createElement: () => ({}) }, Element: function Element() {} };
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ securityLevel: 'strict', maxTextSize: 10000000, maxEdges: 100000 });
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const out = [];
for (const { name, text } of JSON.parse(Buffer.concat(chunks).toString('utf8'))) {
  try {
    const r = await mermaid.parse(text);
    out.push({ name, type: r.diagramType, config: r.config });
  } catch (e) {
    out.push({ name, error: String(e && e.message || e).slice(0, 500) });
  }
}
process.stdout.write(JSON.stringify(out));
`;

type Parsed = { name: string; type?: string; config?: unknown; error?: string };

function mermaidParse(diagrams: Array<{ name: string; text: string }>): Parsed[] {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PARSE_ALL], { cwd: ROOT, input: JSON.stringify(diagrams), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Parsed[];
}

describe('diagrams in Mermaid’s parser (Node)', function () {
  this.timeout(120_000);

  it('every golden diagram, the hostile fixture and a full 999-frame timeline parse, with no directive taking effect', () => {
    const diagrams = goldenCases().map((c) => ({ name: c.file, text: renderDiagram(c.model, { view: c.view, filter: c.filter }).text }));
    const big = ['version: 1', 'context: Big', 'events:'];
    for (let i = 0; i < 1200; i++) big.push(`  E${i}: { fields: { n: integer } }`);
    diagrams.push({ name: 'big.timeline', text: renderDiagram(parseModel(big.join('\n')).model, { view: 'timeline' }).text });
    const hostile = parseModel(readFixture('diagrams/hostile.events.yaml')).model;
    diagrams.push({ name: 'hostile.focus', text: renderDiagram(hostile, { filter: { focus: [...hostile.events.keys()][0]! } }).text });
    diagrams.push({ name: 'empty.flow', text: renderDiagram(hostile, { filter: { aggregate: 'none' } }).text });
    for (const { name, model } of brokenModels()) {
      for (const view of ['flow', 'timeline'] as const) diagrams.push({ name: `${name}.${view === 'flow' ? 'flow' : 'timeline'}`, text: renderDiagram(model, { view }).text });
    }
    diagrams.push({ name: 'empty.timeline', text: renderDiagram(hostile, { view: 'timeline', filter: { aggregate: 'none' } }).text });

    const results = mermaidParse(diagrams);
    assert.equal(results.length, diagrams.length);
    for (const r of results) {
      assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
      assert.equal(r.type, r.name.includes('timeline') ? 'eventmodeling' : 'flowchart-v2', r.name);
      assert.deepEqual(r.config, {}, `${r.name}: no %%{init}%% directive was read`);
    }
  });

  it('the check can fail: a broken label and a bad frame are refused', () => {
    const results = mermaidParse([
      { name: 'flow', text: 'flowchart LR\n  a["x"y"]\n' },
      { name: 'timeline', text: 'eventmodeling\n  tf 1000 cmd data\n' },
    ]);
    for (const r of results) assert.ok(r.error, r.name);
  });
});
