// Extension-host side of screenshot.mjs, loaded by the workbench as `extensionTestsPath` (plain
// CommonJS so it needs no build). It opens the requested files and runs the requested commands
// through the VS Code API, then reports through a status file that the page is ready.
// run() never settles on success: when it settles the workbench stops the extension host, which
// would close this extension's views before the picture is taken. screenshot.mjs ends the session.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

/** @typedef {{ open: string[], commands: string[], statusFile: string }} ScreenshotPlan */

function resolveInWorkspace(file) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (path.isAbsolute(file) || !folder) return vscode.Uri.file(file);
  return vscode.Uri.joinPath(folder.uri, ...file.split(/[\\/]/));
}

exports.run = async function run() {
  /** @type {ScreenshotPlan} */
  const plan = JSON.parse(process.env.EMS_SCREENSHOT_PLAN ?? '{}');
  const report = (status) => fs.writeFileSync(plan.statusFile, JSON.stringify(status));
  try {
    for (const file of plan.open ?? []) {
      const document = await vscode.workspace.openTextDocument(resolveInWorkspace(file));
      await vscode.window.showTextDocument(document, { preview: false });
    }
    for (const command of plan.commands ?? []) {
      await vscode.commands.executeCommand(command);
    }
    report({ state: 'ready' });
  } catch (err) {
    report({ state: 'error', message: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  return new Promise(() => {});
};
