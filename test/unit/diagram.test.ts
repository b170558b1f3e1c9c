import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseModel, renderDiagram, validateModelText, type DiagramFilter, type DiagramView, type Model } from '../../src/core/index.js';
import { expectGolden, FIXTURES, ROOT } from './support/golden.js';

/** Every example, every view, every aggregate filter, and the diagram fixtures: golden files. */
export function goldenCases(): Array<{ file: string; model: Model; view: DiagramView; filter: DiagramFilter }> {
  const cases: Array<{ file: string; model: Model; view: DiagramView; filter: DiagramFilter }> = [];
  const examples = readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of examples) {
    const model = parseModel(readFileSync(path.join(ROOT, 'examples', name, `${name}.events.yaml`), 'utf8')).model;
    for (const view of ['flow', 'timeline'] as const) cases.push({ file: `${name}.${view}.mmd`, model, view, filter: {} });
    for (const aggregate of model.aggregates.keys()) cases.push({ file: `${name}.aggregate-${aggregate}.mmd`, model, view: 'flow', filter: { aggregate } });
    for (const projection of model.projections.keys()) cases.push({ file: `${name}.projection-${projection}.mmd`, model, view: 'flow', filter: { projection } });
  }
  const shop = parseModel(readFileSync(path.join(ROOT, 'examples/shop/shop.events.yaml'), 'utf8')).model;
  cases.push({ file: 'shop.focus-OrderPlaced.mmd', model: shop, view: 'flow', filter: { focus: 'OrderPlaced', depth: 3 } });
  cases.push({ file: 'shop.focus-ApproveShipment.timeline.mmd', model: shop, view: 'timeline', filter: { focus: 'ApproveShipment' } });
  cases.push({ file: 'shop.aggregate-Inventory.timeline.mmd', model: shop, view: 'timeline', filter: { aggregate: 'Inventory' } });
  for (const fixture of readdirSync(path.join(FIXTURES, 'diagrams')).filter((f) => f.endsWith('.events.yaml')).sort()) {
    const model = parseModel(readFileSync(path.join(FIXTURES, 'diagrams', fixture), 'utf8')).model;
    const name = fixture.replace(/\.events\.yaml$/, '');
    for (const view of ['flow', 'timeline'] as const) cases.push({ file: `${name}.${view}.mmd`, model, view, filter: {} });
  }
  return cases;
}

describe('diagram golden files', () => {
  const cases = goldenCases();

  for (const c of cases) {
    it(`${c.file}`, () => {
      const result = renderDiagram(c.model, { view: c.view, filter: c.filter });
      assert.deepEqual(result.warnings.filter((w) => !/cut after/.test(w)), []);
      expectGolden(`diagrams/${c.file}`, result.text);
    });
  }

  it('every golden file belongs to a case (no stale files)', () => {
    if (process.env.UPDATE_GOLDEN === '1') return;
    const expected = new Set(cases.map((c) => c.file));
    const stale = readdirSync(path.join(ROOT, 'test/golden/diagrams')).filter((f) => !expected.has(f));
    assert.deepEqual(stale, []);
  });

  it('a scenario whose `then` is a list of events draws like one with `then.events`', () => {
    const short = readFileSync(path.join(FIXTURES, 'diagrams/hotel.events.yaml'), 'utf8');
    const at = short.indexOf('\nscenarios:\n');
    const long = short.slice(0, at) + short.slice(at)
      .replace(/^( +)then:\n((?:\1  - .*\n)+)/gm, (_, indent: string, items: string) => `${indent}then:\n${indent}  events:\n${items.replace(/^(?=.)/gm, '  ')}`)
      .replace(/^( +)then: (\[.*\])$/gm, '$1then: { events: $2 }');
    assert.doesNotMatch(long.slice(at), /then: \[|then:\n +- /, 'every list under a scenario `then` is rewritten');
    for (const text of [short, long]) assert.deepEqual(validateModelText(text).diagnostics, []);
    const [a, b] = [parseModel(short).model, parseModel(long).model];
    const outcomes = (m: Model) => m.scenarios.map((s) => (s.then?.kind === 'events' ? s.then.events.map((e) => e.name) : s.then?.kind));
    assert.deepEqual(outcomes(a), [['RoomBooked'], ['GuestCheckedOut'], []]);
    assert.deepEqual(outcomes(b), outcomes(a));
    for (const view of ['flow', 'timeline'] as const) assert.equal(renderDiagram(a, { view }).text, renderDiagram(b, { view }).text, view);
  });

  it('the same model and options give the same text, parsed twice', () => {
    const text = readFileSync(path.join(ROOT, 'examples/shop/shop.events.yaml'), 'utf8');
    for (const view of ['flow', 'timeline'] as const) {
      assert.equal(renderDiagram(parseModel(text).model, { view }).text, renderDiagram(parseModel(text).model, { view }).text);
    }
  });
});
