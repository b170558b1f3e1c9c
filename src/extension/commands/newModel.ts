import * as vscode from 'vscode';
import { starterModel } from '../../core/index.js';
import type { Feature } from '../feature.js';

export const NEW_MODEL = 'eventModel.newModel';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * "Event Model: New Event Model": asks for a name, writes `<name>.events.yaml` from the documented
 * starter template into the workspace folder, and opens it. Never overwrites an existing file.
 * Callers (and tests) may pass the target file to skip the questions.
 */
export function newModelCommand(): Feature {
  return ({ log }) => [
    vscode.commands.registerCommand(NEW_MODEL, async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
      const uri = target ?? (await askForTarget());
      if (!uri) return undefined;
      if (await exists(uri)) {
        void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} already exists; choose another name.`);
        return undefined;
      }
      const base = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.events\.ya?ml$/, '');
      const context = base.replace(/(^|[-_])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(starterModel(context)));
      log.info(`created ${vscode.workspace.asRelativePath(uri)}`);
      await vscode.window.showTextDocument(uri);
      return uri;
    }),
  ];
}

async function askForTarget(): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder();
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: the new model is created in the workspace.');
    return undefined;
  }
  const name = await vscode.window.showInputBox({
    title: 'New Event Model',
    prompt: 'The model file name, also its bounded context (for example "orders" creates orders.events.yaml)',
    placeHolder: 'orders',
    validateInput: (v) => (FILE_NAME.test(v) ? undefined : 'Use letters, digits, - and _; start with a letter or digit.'),
  });
  return name ? vscode.Uri.joinPath(folder, `${name}.events.yaml`) : undefined;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = active && vscode.workspace.getWorkspaceFolder(active);
  if (folder) return vscode.Uri.joinPath(active, '..');
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the model go?' }))?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
