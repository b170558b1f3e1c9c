// Smoke tests: the suite really runs inside the expected VS Code, with this extension loaded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'event-model-studio.event-model-studio';

suite('smoke', () => {
  test('runs inside VS Code 1.139', () => {
    assert.match(vscode.version, /^1\.139\./);
  });

  test('opens a workspace folder', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });

  test('the extension under development is present and activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });
});
