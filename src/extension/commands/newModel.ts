import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { starterModel } from '../../core/index.js';
import type { Feature } from '../feature.js';
import { contextOfModelFile, freeModelFileName, modelFileName } from './modelFile.js';

export const NEW_MODEL = 'eventModel.newModel';

/**
 * "Event Model: New Event Model": asks where with a save dialog (in the folder clicked in the
 * Explorer, else beside the active model, else in the workspace folder, under a free name),
 * writes `<name>.events.yaml` from the documented starter template, never over an existing
 * file, and opens it in a normal tab (not a preview tab the next file would replace).
 *
 * `target`: a folder (the Explorer's context menu) is where the dialog starts; a model file
 * (callers, tests) is created without a question. Resolves to the new file, or undefined.
 */
export function newModelCommand(): Feature {
  return ({ log }) => [
    vscode.commands.registerCommand(NEW_MODEL, async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
      const chosen = target && (await isFile(target, true)) ? target : await askForTarget(target);
      if (!chosen) return undefined;
      const parent = vscode.Uri.joinPath(chosen, '..');
      const name = modelFileName(chosen.path.slice(chosen.path.lastIndexOf('/') + 1));
      if (name === undefined) {
        void vscode.window.showErrorMessage(`'${chosen.path.slice(chosen.path.lastIndexOf('/') + 1)}' cannot name a model: use letters, digits, '-', '_' and '.'.`);
        return undefined;
      }
      const uri = vscode.Uri.joinPath(parent, name);
      const where = vscode.workspace.asRelativePath(uri);
      if (!(await createNew(uri, new TextEncoder().encode(starterModel(contextOfModelFile(name)))))) {
        void vscode.window.showErrorMessage(`${where} already exists: New Event Model never overwrites a file. Choose another name.`);
        return undefined;
      }
      log.info(`created ${where}`);
      await vscode.window.showTextDocument(uri, { preview: false });
      vscode.window.setStatusBarMessage(`$(new-file) Created ${where}`, 5000);
      return uri;
    }),
  ];
}

/** The save dialog, starting in `folder` (or beside the active model, or in the workspace) on a free name. */
async function askForTarget(folder: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const start = folder ?? defaultFolder();
  let defaultUri: vscode.Uri | undefined;
  if (start) {
    const taken = new Set(await namesIn(start));
    defaultUri = vscode.Uri.joinPath(start, freeModelFileName((name) => taken.has(name)));
  }
  return vscode.window.showSaveDialog({
    title: 'New Event Model: where to create it (its name is its bounded context)',
    saveLabel: 'Create Model',
    defaultUri,
  });
}

function defaultFolder(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && vscode.workspace.getWorkspaceFolder(active)) return vscode.Uri.joinPath(active, '..');
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

async function namesIn(folder: vscode.Uri): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
  } catch {
    return [];
  }
}

/** Whether `uri` is a file, or (`orMissing`) names nothing yet: a target to create rather than a folder to start in. */
async function isFile(uri: vscode.Uri, orMissing: boolean): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) === 0;
  } catch {
    return orMissing;
  }
}

/**
 * Writes a new file, failing (false) if one is there: atomically on disk (an exclusive create,
 * so a file that appears meanwhile is not overwritten either); elsewhere through VS Code's
 * file system, which refuses to create over an existing file.
 */
async function createNew(uri: vscode.Uri, content: Uint8Array): Promise<boolean> {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  if (uri.scheme === 'file') {
    try {
      await writeFile(uri.fsPath, content, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: content });
  return vscode.workspace.applyEdit(edit);
}
