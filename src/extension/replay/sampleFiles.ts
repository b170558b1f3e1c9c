// The sample files of a model: those that name it with `model:`, and those named like it beside it.
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { isJsonLines, parseSamples } from '../../core/index.js';
import { modelOfSample } from '../validation/validateFile.js';

export const SAMPLE_FILES_GLOB = '**/*.samples.{yaml,yml,json,jsonl}';
const EXCLUDE = '**/{node_modules,.git}/**';
/** A sample file over this size is not parsed for its `model:` key: the key is looked for in its start. */
const PARSE_UP_TO = 512 * 1024;
const HEAD_BYTES = 64 * 1024;

/** A sample file that pairs with a model, and how. */
export interface PairedSample {
  uri: vscode.Uri;
  how: 'names it' | 'named like it';
}

/** The `model:` key of a sample file, if it has one; only the start of a large file is read. */
export async function modelKeyOf(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const jsonLines = isJsonLines(uri.path);
  let text: string | undefined;
  let whole = true;
  try {
    if (open) text = open.getText();
    else {
      const size = (await vscode.workspace.fs.stat(uri)).size;
      whole = !jsonLines && size <= PARSE_UP_TO;
      text = whole ? new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) : await readHead(uri, HEAD_BYTES);
    }
  } catch {
    return undefined;
  }
  if (jsonLines) {
    // Only a first line `{"model": ...}` names the model of a JSON Lines file.
    const firstLine = text.slice(0, HEAD_BYTES).split('\n').find((l) => l.trim() !== '');
    return firstLine ? parseSamples(firstLine, uri.path).model?.path : undefined;
  }
  if (whole && text.length <= PARSE_UP_TO) return parseSamples(text, uri.path).model?.path;
  // Line by line, so the pattern never runs across lines (a pattern over the whole head could backtrack).
  for (const line of text.slice(0, HEAD_BYTES).split('\n')) {
    const found = /^"?model"?[ \t]*:[ \t]*"?([^"\s,}#]+)/.exec(line.trimStart())?.[1];
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first bytes of a file, as text (a character cut at the end is dropped). */
async function readHead(uri: vscode.Uri, bytes: number): Promise<string> {
  if (uri.scheme !== 'file') return new TextDecoder().decode((await vscode.workspace.fs.readFile(uri)).subarray(0, bytes));
  const file = await open(uri.fsPath, 'r');
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    return new TextDecoder().decode(buffer.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/** The workspace's sample files that pair with a model, those beside it first. */
export async function samplesOfModel(model: vscode.Uri, token?: vscode.CancellationToken): Promise<PairedSample[]> {
  const files = await vscode.workspace.findFiles(SAMPLE_FILES_GLOB, EXCLUDE, undefined, token);
  const target = model.toString();
  const paired = await Promise.all(
    files.map(async (uri): Promise<PairedSample | undefined> => {
      const key = await modelKeyOf(uri);
      const candidates = await modelOfSample(uri, key);
      if (!candidates.some((c) => c.toString() === target)) return undefined;
      return { uri, how: key !== undefined ? 'names it' : 'named like it' };
    }),
  );
  const folder = model.path.slice(0, model.path.lastIndexOf('/') + 1);
  const beside = (p: PairedSample) => (p.uri.path.startsWith(folder) && !p.uri.path.slice(folder.length).includes('/') ? 0 : 1);
  return paired
    .filter((p): p is PairedSample => p !== undefined)
    .sort((a, b) => beside(a) - beside(b) || a.uri.path.localeCompare(b.uri.path));
}

/** Asks which sample file of a model to replay; the only one is taken without asking. */
export async function pickSampleOf(model: vscode.Uri): Promise<vscode.Uri | undefined> {
  const samples = await samplesOfModel(model);
  const name = vscode.workspace.asRelativePath(model);
  if (samples.length === 0) {
    void vscode.window.showInformationMessage(
      `No sample file replays ${name}: name one after it (${baseName(model)}.samples.yaml beside it) or give one \`model: ./${fileName(model)}\`.`,
    );
    return undefined;
  }
  if (samples.length === 1) return samples[0]!.uri;
  const picked = await vscode.window.showQuickPick(
    samples.map((s) => ({ label: fileName(s.uri), description: vscode.workspace.asRelativePath(s.uri), detail: s.how === 'names it' ? 'names the model' : 'named after the model', uri: s.uri })),
    { title: `Open Replay for ${name}`, placeHolder: 'Sample file to replay', matchOnDescription: true },
  );
  return picked?.uri;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function baseName(uri: vscode.Uri): string {
  return fileName(uri).replace(/\.events\.ya?ml$/i, '');
}
