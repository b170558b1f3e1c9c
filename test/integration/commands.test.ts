// The extension's commands, run through VS Code's command service.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkspaceSummary } from '../../src/extension/commands/validateWorkspace';
import { activateExtension, codeOf, readRepoFile, waitFor, waitForDiagnostics, workspaceUri, writeWorkspaceFile } from './support';

/** Runs a command that asks with a dialog (in code-server, VS Code's own, in the quick input) and accepts what it suggests. */
async function acceptingTheDialog<T>(run: Thenable<T>): Promise<T> {
  let done = false;
  const result = Promise.resolve(run).finally(() => (done = true));
  // The dialog opens when the command gets to it: accept until the command has its answer.
  const timer = setInterval(() => {
    if (!done) void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }, 200);
  try {
    return await result;
  } finally {
    clearInterval(timer);
  }
}

const activeTab = () => vscode.window.tabGroups.activeTabGroup.activeTab;

suite('commands', () => {
  test('every command is contributed with the "Event Model" category', async () => {
    await activateExtension();
    const ext = vscode.extensions.getExtension('event-model-studio.event-model-studio')!;
    const contributed = ext.packageJSON.contributes.commands as Array<{ command: string; category: string }>;
    assert.ok(contributed.length >= 2);
    for (const c of contributed) assert.equal(c.category, 'Event Model', c.command);
    const registered = await vscode.commands.getCommands(true);
    for (const c of contributed) assert.ok(registered.includes(c.command), `${c.command} is registered`);
  });

  test('Validate Workspace Models fills the Problems panel for files that are not open', async () => {
    await activateExtension();
    const model = await writeWorkspaceFile('closed/flow.events.yaml', readRepoFile('test/fixtures/models/flow.events.yaml'));
    const samples = await writeWorkspaceFile('closed/broken.samples.yaml', 'model: ./flow.events.yaml\nevents:\n  - OrderPlaced: { orderId: o-1 }\n  - Nope: {}\n');
    assert.equal(vscode.languages.getDiagnostics(model).length, 0, 'not checked before the command');
    const summary = await vscode.commands.executeCommand<WorkspaceSummary>('eventModel.validateWorkspace');
    assert.ok(summary.files >= 13, `checked ${summary.files} files`);
    assert.ok(summary.errors >= 3);
    // The notification's words, counted from the Problems panel of the files checked.
    assert.equal(summary.cancelled, false);
    assert.equal(summary.files, summary.found);
    assert.ok(summary.filesWithProblems >= 2 && summary.filesWithProblems < summary.files);
    const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
    const counts = [plural(summary.errors, 'error'), summary.warnings > 0 ? plural(summary.warnings, 'warning') : '', summary.infos > 0 ? plural(summary.infos, 'info') : ''].filter(Boolean);
    assert.equal(summary.message, `Checked ${summary.files} files: ${counts.join(', ')} in ${plural(summary.filesWithProblems, 'file')}.`);
    assert.deepEqual(
      [...new Set(vscode.languages.getDiagnostics(model).map(codeOf))].sort(),
      ['command-emits-nothing', 'event-not-consumed', 'event-not-produced', 'foreign-event', 'missing-id-field', 'missing-key-field'],
    );
    assert.deepEqual(vscode.languages.getDiagnostics(samples).map(codeOf).sort(), ['payload-missing-field', 'sample-unknown-event']);
    for (const example of ['shop/shop.events.yaml', 'shop/shop.samples.yaml', 'ship-tracking/ship-tracking.voyage.samples.jsonl']) {
      assert.deepEqual(vscode.languages.getDiagnostics(workspaceUri(...example.split('/'))), [], example);
    }
  });

  test("Validate Workspace Models: a closed sample file's findings follow its model and its own changes", async () => {
    const api = await activateExtension();
    const flow = readRepoFile('test/fixtures/models/flow.events.yaml');
    const model = await writeWorkspaceFile('stale/flow.events.yaml', flow);
    const samples = await writeWorkspaceFile('stale/flow.samples.yaml', 'events:\n  - OrderPlaced: { orderId: o-1, customerId: c-1 }\n  - OrderShipped: { orderId: o-1 }\n');
    await vscode.commands.executeCommand<WorkspaceSummary>('eventModel.validateWorkspace');
    assert.deepEqual(vscode.languages.getDiagnostics(samples).map(codeOf), ['sample-unknown-event']);
    // The model changed on disk (a save, git checkout, a terminal) declares the event: the closed sample file is checked again.
    await writeWorkspaceFile('stale/flow.events.yaml', flow.replace('\nevents:\n', '\nevents:\n  OrderShipped:\n    fields: { orderId: string }\n'));
    await waitForDiagnostics(api, samples, 'the sample file clean against the changed model', (list) => list.length === 0);
    // The sample file itself changed on disk.
    await writeWorkspaceFile('stale/flow.samples.yaml', 'events:\n  - OrderPlaced: { orderId: o-1 }\n');
    await waitForDiagnostics(api, samples, 'the finding of the rewritten file', (list) => list.map(codeOf).join() === 'payload-missing-field');
    // The model edited in an editor, not saved: the sample file is checked against the editor's text; and again when the edit is undone.
    const editor = await vscode.window.showTextDocument(model);
    const doc = editor.document;
    const at = doc.getText().indexOf('\n  OrderPlaced:\n    aggregate');
    assert.ok(at > 0);
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at + 3), doc.positionAt(at + 3 + 'OrderPlaced'.length)), 'OrderTaken')));
    await waitForDiagnostics(api, samples, 'OrderPlaced unknown to the edited model', (list) => list.map(codeOf).join() === 'sample-unknown-event');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitForDiagnostics(api, samples, 'the finding against the model as saved', (list) => list.map(codeOf).join() === 'payload-missing-field');
  });

  test('New Event Model creates a documented starter model that validates clean', async () => {
    const api = await activateExtension();
    const uri = workspaceUri('orders.events.yaml');
    const checked = waitForDiagnostics(api, uri, 'the new model to be checked', () => true);
    const created = await vscode.commands.executeCommand<vscode.Uri>('eventModel.newModel', uri);
    assert.equal(created?.toString(), uri.toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.equal(activeTab()?.isPreview, false, 'a normal tab, which the next file opened does not replace');
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.languageId, 'event-model');
    assert.match(doc.getText(), /^context: Orders$/m);
    assert.match(doc.getText(), /^# /, 'documented with comments');
    await checked;
    assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
    // Never overwrites: a second run on the same file leaves it alone.
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# mine\n'));
    assert.equal(await vscode.commands.executeCommand('eventModel.newModel', uri), undefined);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), '# mine\n');
  });

  test('New Event Model asks where, starting in the folder clicked in the Explorer, and opens the file in a normal tab', async () => {
    await activateExtension();
    const folder = workspaceUri('new-models');
    await vscode.workspace.fs.createDirectory(folder);
    await writeWorkspaceFile('new-models/model.events.yaml', '# taken\n');
    // The Explorer's context menu passes the folder: the save dialog starts there, on a free name.
    const created = await acceptingTheDialog(vscode.commands.executeCommand<vscode.Uri>('eventModel.newModel', folder));
    const expected = vscode.Uri.joinPath(folder, 'model-2.events.yaml');
    assert.equal(created?.toString(), expected.toString());
    const tab = await waitFor('the new model in the active tab', () => {
      const t = activeTab();
      return t?.input instanceof vscode.TabInputText && t.input.uri.toString() === expected.toString() && t;
    }, [vscode.window.tabGroups.onDidChangeTabs]);
    assert.equal(tab.isPreview, false);
    assert.match(vscode.window.activeTextEditor!.document.getText(), /^context: Model2$/m);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'model.events.yaml'))), '# taken\n');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
