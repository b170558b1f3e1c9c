// The extension's commands, run through VS Code's command service.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkspaceSummary } from '../../src/extension/commands/validateWorkspace';
import { activateExtension, codeOf, readRepoFile, waitForDiagnostics, workspaceUri, writeWorkspaceFile } from './support';

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
    assert.deepEqual(
      [...new Set(vscode.languages.getDiagnostics(model).map(codeOf))].sort(),
      ['command-emits-nothing', 'event-not-consumed', 'event-not-produced', 'foreign-event', 'missing-id-field', 'missing-key-field'],
    );
    assert.deepEqual(vscode.languages.getDiagnostics(samples).map(codeOf).sort(), ['payload-missing-field', 'sample-unknown-event']);
    for (const example of ['shop/shop.events.yaml', 'shop/shop.samples.yaml', 'ship-tracking/ship-tracking.voyage.samples.jsonl']) {
      assert.deepEqual(vscode.languages.getDiagnostics(workspaceUri(...example.split('/'))), [], example);
    }
  });

  test('New Event Model creates a documented starter model that validates clean', async () => {
    const api = await activateExtension();
    const uri = workspaceUri('orders.events.yaml');
    const checked = waitForDiagnostics(api, uri, 'the new model to be checked', () => true);
    const created = await vscode.commands.executeCommand<vscode.Uri>('eventModel.newModel', uri);
    assert.equal(created?.toString(), uri.toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
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
});
