// Live validation inside VS Code: language ids, diagnostics at exact ranges with their codes,
// edits that fix errors, models re-checking their samples, and deletion clearing findings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension, codeOf, formatDiagnostics, goldenDiagnostics, readRepoFile, waitFor, waitForDiagnostics, workspaceUri, writeWorkspaceFile,
} from './support';
import { generateModel } from '../../bench/generateModel';

suite('live validation', () => {
  test('model and sample files get their language ids', async () => {
    await activateExtension();
    const model = await vscode.workspace.openTextDocument(workspaceUri('shop', 'shop.events.yaml'));
    assert.equal(model.languageId, 'event-model');
    const samples = await vscode.workspace.openTextDocument(workspaceUri('shop', 'shop.samples.yaml'));
    assert.equal(samples.languageId, 'event-model-samples');
  });

  test('an example opens with no findings', async () => {
    const api = await activateExtension();
    const uri = workspaceUri('bank', 'bank.events.yaml');
    const opened = waitForDiagnostics(api, uri, 'bank.events.yaml to be checked', () => true);
    await vscode.window.showTextDocument(uri);
    await opened;
    assert.deepEqual(formatDiagnostics(vscode.languages.getDiagnostics(uri)), []);
  });

  test('an invalid model shows the golden codes at the golden ranges, codes linked to the docs', async () => {
    const api = await activateExtension();
    const uri = await writeWorkspaceFile('unknown-references.events.yaml', readRepoFile('test/fixtures/models/unknown-references.events.yaml'));
    await vscode.window.showTextDocument(uri);
    const expected = goldenDiagnostics('unknown-references');
    const found = await waitForDiagnostics(api, uri, 'the golden diagnostics', (list) => list.length === expected.length);
    assert.deepEqual(formatDiagnostics(found), expected);
    const first = found.find((d) => codeOf(d) === 'unknown-aggregate');
    assert.ok(first && typeof first.code === 'object');
    assert.equal(first.code.target.toString(), `${vscode.env.uriScheme}://event-model-studio.event-model-studio/diagnostics#unknown-aggregate`);
    assert.equal(first.source, 'event-model');
  });

  test("a finding's code link opens the diagnostics reference rendered, at the code's section", async () => {
    const api = await activateExtension();
    const uri = await writeWorkspaceFile('code-link.events.yaml', readRepoFile('examples/cart/cart.events.yaml').replace('emits: [CartCleared]', 'emits: [CartClearred]'));
    await vscode.window.showTextDocument(uri);
    const [finding] = await waitForDiagnostics(api, uri, 'unknown-event', (list) => list.some((d) => codeOf(d) === 'unknown-event'));
    assert.ok(finding && typeof finding.code === 'object');
    assert.equal(finding.code.target.fragment, 'unknown-event');
    // What the Problems panel, the finding's hover and F8's peek do with the link: VS Code's opener.
    await vscode.commands.executeCommand('vscode.open', finding.code.target);
    const isPreview = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('markdown.preview') && t.label.includes('diagnostics.md');
    const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const preview = await waitFor('the Markdown preview of diagnostics.md', () => allTabs().find(isPreview), [vscode.window.tabGroups.onDidChangeTabs], 15_000, () =>
      `Tabs: ${JSON.stringify(allTabs().map((t) => t.label))}`,
    );
    assert.ok(preview.isActive, 'the preview is shown');
    assert.ok(!allTabs().some((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('/docs/diagnostics.md')), 'not the raw text');
    // The hover of the finding links to the same section, through a command the hover trusts.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, finding.range.start);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\(command:eventModel\.explainDiagnostic\?%5B%22unknown-event%22%5D\)/, text);
    assert.doesNotMatch(text, /diagnostics\.md#/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an edit that fixes the error clears its diagnostic', async () => {
    const api = await activateExtension();
    const text = readRepoFile('examples/bank/bank.events.yaml').replace('aggregate: Account\n', 'aggregate: Acount\n');
    const uri = await writeWorkspaceFile('typo.events.yaml', text);
    const editor = await vscode.window.showTextDocument(uri);
    const [broken] = await waitForDiagnostics(api, uri, 'unknown-aggregate', (list) => list.some((d) => codeOf(d) === 'unknown-aggregate'));
    assert.match(broken!.message, /Did you mean 'Account'\?/);
    assert.equal(editor.document.getText(broken!.range), 'Acount');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, broken!.range, 'Account');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(api, uri, 'the error to clear', (list) => list.length === 0);
  });

  test('a change to a model re-checks its sample files', async () => {
    const api = await activateExtension();
    const model = workspaceUri('cart', 'cart.events.yaml');
    const samples = workspaceUri('cart', 'cart.samples.yaml');
    await vscode.workspace.openTextDocument(samples);
    await waitForDiagnostics(api, samples, 'the samples to be clean', (list) => list.length === 0);
    const doc = await vscode.workspace.openTextDocument(model);
    // The event's declaration: indented by two spaces under `events:`.
    const at = doc.getText().indexOf('\n  ItemAdded:\n');
    assert.ok(at > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(model, new vscode.Range(doc.positionAt(at + 3), doc.positionAt(at + 12)), 'ItemPut');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const found = await waitForDiagnostics(api, samples, 'sample-unknown-event in the samples', (list) => list.some((d) => codeOf(d) === 'sample-unknown-event'));
    assert.ok(found.every((d) => d.message.includes('ItemAdded')));
    await vscode.commands.executeCommand('workbench.action.files.revert', model);
  });

  test('deleting a file clears its findings', async () => {
    const api = await activateExtension();
    const uri = await writeWorkspaceFile('doomed.events.yaml', 'version: 1\ncontext: Doomed\nevents: []\n');
    await vscode.window.showTextDocument(uri);
    await waitForDiagnostics(api, uri, 'a finding', (list) => list.length > 0);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(uri);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(api, uri, 'the findings to clear', (list) => list.length === 0);
  });

  test('a 5,000-element model: edits far apart land at their exact places', async function () {
    this.timeout(120_000);
    const api = await activateExtension();
    const uri = await writeWorkspaceFile('large.events.yaml', generateModel(5000, 'rich'));
    const editor = await vscode.window.showTextDocument(uri);
    await waitForDiagnostics(api, uri, 'the large model to be checked clean', () => true);
    assert.deepEqual(formatDiagnostics(vscode.languages.getDiagnostics(uri)), []);
    // A typo near the end: found in the piece that was parsed again, at the typo.
    const doc = editor.document;
    const at = doc.getText().lastIndexOf('aggregate: Account990\n');
    const typo = new vscode.WorkspaceEdit();
    typo.replace(uri, new vscode.Range(doc.positionAt(at + 11), doc.positionAt(at + 21)), 'Acount990');
    let started = Date.now();
    assert.ok(await vscode.workspace.applyEdit(typo));
    const [found] = await waitForDiagnostics(api, uri, 'unknown-aggregate near the end', (list) => list.some((d) => codeOf(d) === 'unknown-aggregate'));
    console.log(`      (a 5,000-element model, ${doc.lineCount} lines: the typo was reported ${Date.now() - started} ms after the edit, debounce included)`);
    assert.equal(doc.getText(found!.range), 'Acount990');
    // A line added at the top moves every piece after it: the finding follows its text.
    const line = found!.range.start.line;
    const insert = new vscode.WorkspaceEdit();
    insert.insert(uri, new vscode.Position(2, 0), '# a comment added at the top\n');
    started = Date.now();
    assert.ok(await vscode.workspace.applyEdit(insert));
    const [moved] = await waitForDiagnostics(api, uri, 'the finding one line lower', (list) => list.some((d) => d.range.start.line === line + 1));
    assert.equal(doc.getText(moved!.range), 'Acount990');
    const fix = new vscode.WorkspaceEdit();
    fix.replace(uri, moved!.range, 'Account990');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await waitForDiagnostics(api, uri, 'the large model to be clean again', (list) => list.length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

