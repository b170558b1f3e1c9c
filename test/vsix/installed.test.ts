// Runs inside VS Code with the extension installed from its .vsix (scripts/vscode/test-vsix.mjs):
// the installed copy is the one loaded, and it works without anything the package leaves out.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, formatDiagnostics, readRepoFile, repoRoot, waitFor, workspaceUri, writeWorkspaceFile } from '../integration/support';

/** The private extensions folder the .vsix was installed into (set by test-vsix.mjs). */
const extensionsDir = process.env.EMS_VSIX_EXTENSIONS_DIR ?? '';

function installedExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext;
}

suite('extension installed from the .vsix', () => {
  test('the loaded copy is the installed one, not the repository', async () => {
    assert.ok(extensionsDir, 'EMS_VSIX_EXTENSIONS_DIR is set');
    const ext = installedExtension();
    assert.ok(
      ext.extensionPath.startsWith(extensionsDir + path.sep),
      `expected the copy installed under ${extensionsDir}, got the one at ${ext.extensionPath}`,
    );
    assert.notEqual(path.resolve(ext.extensionPath), path.resolve(repoRoot));
    assert.equal(ext.packageJSON.version, JSON.parse(readRepoFile('package.json')).version);
    // What the package leaves out is really absent where the extension runs from.
    for (const absent of ['src', 'node_modules', 'test', 'dist/extension.js.map']) {
      assert.ok(!existsSync(path.join(ext.extensionPath, absent)), `${absent} is not installed`);
    }
    await ext.activate();
    assert.ok(ext.isActive);
  });

  test('a model file gets the event-model language', async () => {
    await installedExtension().activate();
    const model = await vscode.workspace.openTextDocument(workspaceUri('shop', 'shop.events.yaml'));
    assert.equal(model.languageId, 'event-model');
  });

  test('an invalid model shows its diagnostic, its code linked to the reference', async () => {
    const ext = installedExtension();
    await ext.activate();
    // A typo in an aggregate reference: exactly one unknown-aggregate finding.
    const text = readRepoFile('examples/bank/bank.events.yaml').replace('aggregate: Account\n', 'aggregate: Acount\n');
    const uri = await writeWorkspaceFile('typo.events.yaml', text);
    await vscode.window.showTextDocument(uri);
    const found = await waitFor(
      'an unknown-aggregate diagnostic',
      () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'unknown-aggregate'),
      [vscode.languages.onDidChangeDiagnostics],
      15_000,
      () => `Diagnostics now: ${JSON.stringify(formatDiagnostics(vscode.languages.getDiagnostics(uri)))}`,
    );
    assert.equal(found.source, 'event-model');
    assert.ok(typeof found.code === 'object', 'the code links to its documentation');
    // The link goes to the extension's URI handler, which opens the installed reference at the code's section.
    const link = vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: ext.id, path: '/diagnostics', fragment: 'unknown-aggregate' });
    assert.equal(found.code.target.toString(), link.toString());
    const docs = vscode.Uri.joinPath(ext.extensionUri, 'docs', 'diagnostics.md');
    assert.ok(existsSync(docs.fsPath), 'docs/diagnostics.md is installed');
  });
});
