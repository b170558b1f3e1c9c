// The diagram preview inside VS Code: the panel opens and draws with Mermaid in its webview,
// follows edits, reveals the source of a clicked node, and exports.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { nodeIdFor, parseModel } from '../../src/core/index';
import type { DiagramPanel, RenderReport } from '../../src/extension/diagram/panel';
import { activateExtension, waitFor, waitForDiagnostics, workspaceUri } from './support';

suite('diagram preview', () => {
  // The preview follows the active model: left open, it would draw every model the next suites open.
  suiteTeardown(async () => {
    await vscode.window.tabGroups.close(diagramTabs());
    await diagramTabCount(0);
  });

  test('opens beside the model, draws it, and follows an edit', async function () {
    // The session's first Mermaid webview loads its bundle before it draws: slow on a busy machine.
    this.timeout(60_000);
    const api = await activateExtension();
    const uri = workspaceUri('bank', 'bank.events.yaml');
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('eventModel.openDiagramToSide', uri);
    const panel = api.diagramPanelFor(uri);
    assert.ok(panel, 'a panel for the model');
    assert.equal(panel.panel.viewType, 'eventModel.diagramPreview');
    const first = await nextRender(panel.onDidRender);
    assert.ok(first.nodeCount > 5, `drew ${first.nodeCount} nodes`);
    assert.match(panel.lastText ?? '', /^flowchart LR/);

    const doc = await vscode.workspace.openTextDocument(uri);
    const original = doc.getText();
    const eventsLine = doc.getText().split('\n').indexOf('events:');
    assert.ok(eventsLine > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(eventsLine + 1, 0), '  AuditNoted:\n    fields: { note: string }\n');
    try {
      const rendered = nextRender(panel.onDidRender);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await rendered;
      await waitFor('the new element in the diagram', () => panel.lastText?.includes('AuditNoted'), [panel.onDidRender as vscode.Event<unknown>]);
      // The language server runs by now: it drew the edited model from its own parse, the host parsed nothing.
      assert.equal(panel.lastSource, 'server');
    } finally {
      // Leave the model as it was found, pass or fail: the next suites must not see the added event's finding.
      // Its text is put back before the revert: the command reverts whichever editor is active, and
      // now and then marks the file saved while leaving the edited text in the editor.
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
      await vscode.commands.executeCommand('workbench.action.files.revert', uri);
    }
    await waitForDiagnostics(api, uri, 'the reverted model checked clean again', (list) => list.length === 0);
  });

  test('a reveal-source message from the panel selects the element in the editor', async () => {
    const api = await activateExtension();
    const uri = workspaceUri('shop', 'shop.events.yaml');
    // The model's editor is made the active one first: the preview follows the active model, and
    // an active-editor change left over from the test before would otherwise turn it away.
    const doc = (await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One })).document;
    await vscode.commands.executeCommand('eventModel.openDiagramToSide', uri);
    const panel = api.diagramPanelFor(uri)!;
    assert.ok(await panel.whenDrawn(), 'the preview drew the shop model');
    assert.equal(panel.documentUri.toString(), uri.toString());
    const event = parseModel(doc.getText()).model.events.get('OrderPlaced')!;
    await panel.receive({ type: 'revealSource', nodeId: nodeIdFor('event', 'OrderPlaced') });
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri.toString());
    const { start, end } = event.nameRange;
    assert.deepEqual(
      [editor!.selection.start.line, editor!.selection.start.character, editor!.selection.end.line, editor!.selection.end.character],
      [start.line, start.character, end.line, end.character],
    );
    assert.equal(editor!.document.getText(editor!.selection), 'OrderPlaced');
  });

  test('moving the cursor in the YAML highlights the matching node', async () => {
    const api = await activateExtension();
    const uri = workspaceUri('shop', 'shop.events.yaml');
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('eventModel.openDiagramToSide', uri);
    const panel = api.diagramPanelFor(uri)!;
    if (!panel.lastText) await nextRender(panel.onDidRender);
    const model = parseModel(editor.document.getText()).model;
    for (const [kind, name] of [['command', 'PlaceOrder'], ['projection', 'OrderSummary']] as const) {
      const table = kind === 'command' ? model.commands : model.projections;
      const at = table.get(name)!.nameRange.start;
      const expected = nodeIdFor(kind, name);
      const highlighted = waitFor(`${expected} highlighted`, () => panel.lastHighlight === expected, [panel.onDidHighlight as vscode.Event<unknown>]);
      editor.selection = new vscode.Selection(at.line, at.character + 2, at.line, at.character + 2);
      await highlighted;
    }
  });

  test('exports Markdown with a mermaid block and the SVG that Mermaid drew', async () => {
    const api = await activateExtension();
    const uri = workspaceUri('cart', 'cart.events.yaml');
    const md = workspaceUri('cart', 'cart.diagram.md');
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('eventModel.exportDiagram', uri, md))?.toString(), md.toString());
    const markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(md));
    assert.match(markdown, /^```mermaid\nflowchart LR\n[\s\S]*```\n$/m);
    const svgUri = workspaceUri('cart', 'cart.diagram.svg');
    await vscode.commands.executeCommand('eventModel.exportDiagram', uri, svgUri);
    const svg = new TextDecoder().decode(await vscode.workspace.fs.readFile(svgUri));
    assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
    assert.ok(api.diagramPanelFor(uri), 'SVG export draws in the preview');
  });

  test('one preview follows the active model, the open commands reuse it, and a locked one stays on its model', async function () {
    this.timeout(60_000);
    const api = await activateExtension();
    const shop = workspaceUri('shop', 'shop.events.yaml');
    const cart = workspaceUri('cart', 'cart.events.yaml');
    const bank = workspaceUri('bank', 'bank.events.yaml');
    await vscode.window.showTextDocument(shop, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('eventModel.openDiagramToSide', shop);
    const preview = api.diagramPanelFor(shop)!;
    assert.ok(preview, 'a preview of the shop');
    assert.equal(preview.locked, false);
    assert.ok(await preview.whenDrawn(), 'the shop drawn');
    await diagramTabCount(1);

    // Another model in the editor: the preview turns to it, titled with its name, and draws it.
    await vscode.window.showTextDocument(cart, { viewColumn: vscode.ViewColumn.One });
    await waitFor('the preview on the cart', () => preview.documentUri.toString() === cart.toString(), [preview.onDidRender as vscode.Event<unknown>]);
    assert.equal(preview.panel.title, 'Diagram: cart');
    assert.ok(await preview.whenDrawn(), 'the cart drawn');
    assert.match(preview.lastText ?? '', /AddItem|ItemAdded/);
    assert.equal(preview.lastSource, 'server');
    assert.equal(api.diagramPanelFor(cart), preview);
    assert.equal(api.diagramPanelFor(shop), undefined, 'no panel shows the shop any more');
    // The CodeLens's command reuses the preview instead of opening another.
    assert.equal(await vscode.commands.executeCommand('eventModel.openDiagramToSide', cart), preview);
    await diagramTabCount(1);

    // Locked, it stays on the cart while another model is shown; opening that model's diagram opens a second panel.
    assert.equal(await vscode.commands.executeCommand('eventModel.toggleDiagramPreviewLock', preview), true);
    assert.equal(preview.panel.title, '[Locked] Diagram: cart');
    await vscode.window.showTextDocument(bank, { viewColumn: vscode.ViewColumn.One });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), bank.toString());
    assert.equal(preview.documentUri.toString(), cart.toString(), 'the locked preview stays on its model');
    const second = await vscode.commands.executeCommand<DiagramPanel>('eventModel.openDiagramToSide', bank);
    assert.ok(second && second !== preview, 'a second panel for the other model');
    assert.equal(second.panel.title, 'Diagram: bank');
    await diagramTabCount(2);
    assert.ok(await second.whenDrawn(), 'the bank drawn');
    assert.equal(preview.documentUri.toString(), cart.toString());
    // Opening the locked model's diagram shows the locked panel.
    assert.equal(await vscode.commands.executeCommand('eventModel.openDiagramToSide', cart), preview);

    // Unlocked again, it is the one preview: the other closes, and it turns to the active model.
    await vscode.window.showTextDocument(bank, { viewColumn: vscode.ViewColumn.One });
    assert.equal(await vscode.commands.executeCommand('eventModel.toggleDiagramPreviewLock', preview), false);
    await diagramTabCount(1);
    assert.equal(preview.documentUri.toString(), bank.toString());
    assert.equal(preview.panel.title, 'Diagram: bank');
    assert.ok(await preview.whenDrawn(), 'the bank drawn in the preview');
  });
});

/** Waits until the editor groups hold `count` diagram panels' tabs (the tab model follows the panels a moment later). */
function diagramTabCount(count: number): Promise<true> {
  return waitFor(`${count} diagram tab(s)`, () => diagramTabs().length === count, [vscode.window.tabGroups.onDidChangeTabs as vscode.Event<unknown>], 15_000, () =>
    `Tabs now: ${diagramTabs().map((t) => t.label).join(', ')}`,
  );
}

/** The diagram panels' tabs, in every editor group. */
function diagramTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('eventModel.diagramPreview'));
}

function nextRender(event: vscode.Event<RenderReport>): Promise<RenderReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the webview to draw')), 30_000);
    const sub = event((r) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}
