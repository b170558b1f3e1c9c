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
  // With `--reload` the plan runs once; after the reload, what shows is VS Code's own restore
  // (editors, and panels through their serializers).
  if (plan.reload && fs.existsSync(plan.statusFile)) {
    fs.writeFileSync(`${plan.statusFile}.reloaded`, JSON.stringify({ state: 'ready' }));
    return new Promise(() => {});
  }
  try {
    for (const file of plan.open ?? []) {
      const document = await vscode.workspace.openTextDocument(resolveInWorkspace(file));
      await vscode.window.showTextDocument(document, { preview: false });
    }
    for (const command of plan.commands ?? []) {
      await vscode.commands.executeCommand(command);
    }
    report({ state: 'ready' });
    // screenshot.mjs says when the page has settled (panels drawn and their state saved).
    if (plan.reload) {
      const signal = `${plan.statusFile}.reload-now`;
      const watcher = fs.watch(path.dirname(signal), () => {
        if (!fs.existsSync(signal)) return;
        watcher.close();
        void vscode.commands.executeCommand('workbench.action.reloadWindow');
      });
    }
  } catch (err) {
    report({ state: 'error', message: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  return new Promise(() => {});
};
