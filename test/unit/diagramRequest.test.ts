import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { elementAt, nodeIdFor, parseModel, renderDiagram, validateModel } from '../../src/core/index.js';
import { DIAGRAM_REQUEST, diagramOfModel, placeAt, type DiagramOfModel, type DiagramRequestParams } from '../../src/server/diagramRequest.js';
import { ROOT } from './support/golden.js';
import { stdioWorkspace } from './support/stdioWorkspace.js';

/**
 * `eventModel/diagram`: the preview's diagram worked out by the language server, so that the
 * editor's host need not parse a model on each edit. Its answer is what the host would draw.
 */

const SHOP = readFileSync(path.join(ROOT, 'examples/shop/shop.events.yaml'), 'utf8');

describe('diagram request', () => {
  it('answers the text, nodes, pickers and problem counts the host works out from the same model', () => {
    const parsed = parseModel(SHOP);
    for (const view of ['flow', 'timeline'] as const) {
      for (const filter of [{}, { aggregate: 'Payment' }]) {
        const answer = diagramOfModel(parsed, view, filter);
        assert.equal(answer.kind, 'diagram');
        if (answer.kind !== 'diagram') return;
        const expected = renderDiagram(parsed.model, { view, filter });
        assert.equal(answer.text, expected.text);
        assert.deepEqual(answer.nodes, expected.nodes);
        assert.deepEqual(answer.frames, expected.frames);
        assert.deepEqual(answer.aggregates, [...parsed.model.aggregates.keys()]);
        assert.deepEqual(answer.projections, [...parsed.model.projections.keys()]);
      }
    }
    const broken = parseModel(SHOP.replace('emits: [OrderPlaced]', 'emits: [OrderPlace]'));
    const answer = diagramOfModel(broken, 'flow', {});
    const errors = validateModel(broken).filter((d) => d.severity === 'error').length;
    assert.ok(errors > 0);
    assert.equal(answer.kind === 'diagram' && answer.problems.errors, errors);
  });

  it('finds the node under every position of the model as the core elementAt does', () => {
    const parsed = parseModel(SHOP);
    const answer = diagramOfModel(parsed, 'flow', {});
    assert.equal(answer.kind, 'diagram');
    if (answer.kind !== 'diagram') return;
    const lines = SHOP.split('\n');
    let found = 0;
    lines.forEach((text, line) => {
      for (let character = 0; character <= text.length; character++) {
        const hit = elementAt(parsed.model, { line, character });
        const expected = hit && nodeIdFor(hit.kind, hit.name);
        assert.equal(placeAt(answer.places, { line, character }), expected, `at ${line + 1}:${character + 1}`);
        if (expected) found++;
      }
    });
    assert.ok(found > 1000, `${found} positions in elements`);
  });

  it('refuses a model that cannot be read, naming the first error', () => {
    const answer = diagramOfModel(parseModel('context: Shop\nevents: [\n'), 'flow', {});
    assert.equal(answer.kind, 'modelError');
    assert.match(answer.kind === 'modelError' ? answer.message : '', /^The model cannot be read \(line \d+: /);
  });

  describe('over stdio', function () {
    this.timeout(60000);
    const workspace = stdioWorkspace('examples/shop', 'diagram');

    it('answers for the editor newest text of an open model, with its version, and null for a file it does not know', async () => {
      const { editor } = await workspace.start();
      const dir = workspace.dir;
      const uri = pathToFileURL(path.join(dir, 'shop.events.yaml')).href;
      await editor.open(uri, SHOP, 1);
      const edited = SHOP.replace(/^events:\n/m, 'events:\n  AuditNoted:\n    fields: { note: string }\n');
      assert.notEqual(edited, SHOP);
      await editor.change(uri, 2, [{ text: edited }]);
      const request = (params: DiagramRequestParams) => editor!.connection.sendRequest<DiagramOfModel | null>(DIAGRAM_REQUEST, params);
      const answer = await request({ uri, view: 'flow', filter: {} });
      assert.equal(answer?.kind, 'diagram');
      assert.equal(answer?.version, 2);
      assert.equal(answer?.kind === 'diagram' && answer.text, renderDiagram(parseModel(edited).model, { view: 'flow' }).text);
      assert.match(answer?.kind === 'diagram' ? answer.text : '', /AuditNoted/);
      const timeline = await request({ uri, view: 'timeline', filter: { aggregate: 'Payment' } });
      assert.equal(timeline?.kind === 'diagram' && timeline.text, renderDiagram(parseModel(edited).model, { view: 'timeline', filter: { aggregate: 'Payment' } }).text);
      assert.equal(await request({ uri: pathToFileURL(path.join(dir, 'missing.events.yaml')).href, view: 'flow', filter: {} }), null);
      assert.deepEqual(editor.errors, []);
      assert.equal(await editor.stop(), 0);
    });
  });
});
