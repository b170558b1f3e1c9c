import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseModel } from '../../src/core/index.js';
import { OUTLINE_REQUEST, outlineOfModel, type ModelOutline } from '../../src/server/outlineRequest.js';
import { stdioWorkspace } from './support/stdioWorkspace.js';

/** `eventModel/outline`: a model's scenarios (the Testing view) and elements (the code generation lenses), from the server's parse. */

const MODEL = `version: 1
context: Orders
aggregates:
  Order: { id: orderId, state: { total: number }, initial: { total: 0 }, evolve: { OrderPlaced: { set: { total: $event.total } } } }
commands:
  PlaceOrder: { aggregate: Order, fields: { orderId: uuid, total: number }, emits: [OrderPlaced] }
events:
  OrderPlaced: { aggregate: Order, fields: { orderId: uuid, total: number } }
projections:
  Totals: { key: orderId, fields: { orderId: uuid, total: number }, on: { OrderPlaced: { set: { total: $event.total } } } }
scenarios:
  - name: an order is placed
    when: { PlaceOrder: { orderId: o-1, total: 1 } }
    then: { events: [{ OrderPlaced: { orderId: o-1, total: 1 } }] }
  - name: totals
    projection: Totals
    given: [{ OrderPlaced: { orderId: o-1, total: 1 } }]
    then: { state: [{ orderId: o-1, total: 1 }] }
`;

describe('language server: the outline of a model', () => {
  it('names each scenario with its range and what it is about, and the model\'s context', () => {
    const found = outlineOfModel(parseModel(MODEL).model, ['scenarios']);
    assert.equal(found.context, 'Orders');
    assert.equal(found.elements, undefined);
    assert.deepEqual(found.scenarios!.map((s) => [s.name, s.description, s.range.start.line]), [
      ['an order is placed', 'when PlaceOrder', 11],
      ['totals', 'projection Totals', 14],
    ]);
    assert.deepEqual(outlineOfModel(parseModel('version: 1\n').model, ['scenarios']), { codegenOut: 'generated', codegenDeclared: false, scenarios: [] });
    assert.deepEqual(outlineOfModel(parseModel(`${MODEL}codegen: { out: src/gen }\n`).model, []), { context: 'Orders', codegenOut: 'src/gen', codegenDeclared: true });
  });

  it('lists the aggregates, projections and policies with their names\' ranges when asked', () => {
    const parsed = parseModel(MODEL);
    const elements = outlineOfModel(parsed.model, ['elements']).elements!;
    assert.deepEqual(elements.map((e) => [e.kind, e.name]), [['aggregate', 'Order'], ['projection', 'Totals']]);
    assert.deepEqual(elements[0]!.nameRange, parsed.model.aggregates.get('Order')!.nameRange);
  });

  describe('over stdio', function () {
    this.timeout(60000);
    const workspace = stdioWorkspace('test/fixtures/language-server', 'scenarios');

    it('answers with the scenarios of the editor\'s text and its version, and null for a file that is not a model', async () => {
      const { editor } = await workspace.start();
      const dir = workspace.dir;
      const uri = pathToFileURL(path.join(dir, 'orders.events.yaml')).href;
      const text = readFileSync(path.join(dir, 'orders.events.yaml'), 'utf8');
      await editor.open(uri, text.replace('name: an order is placed', 'name: an order is placed at once'), 3);
      const found = await editor.connection.sendRequest<ModelOutline | null>(OUTLINE_REQUEST, { uri, include: ['scenarios'] });
      assert.equal(found?.version, 3);
      assert.deepEqual(found?.scenarios?.map((s) => s.name), ['an order is placed at once']);
      assert.equal(found?.elements, undefined);
      const withElements = await editor.connection.sendRequest<ModelOutline | null>(OUTLINE_REQUEST, { uri, include: ['elements'] });
      assert.deepEqual(withElements?.elements?.map((e) => [e.kind, e.name]), [['aggregate', 'Order']]);
      assert.equal(await editor.connection.sendRequest(OUTLINE_REQUEST, { uri: pathToFileURL(path.join(dir, 'orders.samples.yaml')).href, include: [] }), null);
      assert.equal(await editor.connection.sendRequest(OUTLINE_REQUEST, { uri: 'file:///nowhere/x.events.yaml', include: [] }), null);
      assert.deepEqual(editor.errors, []);
      assert.equal(await editor.stop(), 0);
    });
  });
});
