// Live validation inside VS Code: language ids, diagnostics at exact ranges with their codes,
// edits that fix errors, models re-checking their samples, and deletion clearing findings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension, codeOf, formatDiagnostics, goldenDiagnostics, readRepoFile, waitForDiagnostics, workspaceUri, writeWorkspaceFile,
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
    assert.match(String(first.code.target), /docs\/diagnostics\.md#unknown-aggregate$/);
    assert.equal(first.source, 'event-model');
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

