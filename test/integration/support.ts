// Helpers for the integration tests: the extension's API, files in the scratch workspace, and
// waiting for conditions through events (never by sleeping).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventModelApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'event-model-studio.event-model-studio';

/** The repository, for fixtures and golden files (the workspace is a scratch copy of examples/). */
export const repoRoot = process.env.EMS_REPO_ROOT ?? path.resolve(__dirname, '../..');

export async function activateExtension(): Promise<EventModelApi> {
  const ext = vscode.extensions.getExtension<EventModelApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function writeWorkspaceFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(...relative.split('/'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(repoRoot, relative), 'utf8');
}

/**
 * Resolves once `check()` holds, re-checking whenever one of `events` fires; fails after `ms`
 * with the last state described, so a failure says what was seen instead.
 */
export function waitFor<T>(
  what: string,
  check: () => T | undefined | false,
  events: Array<vscode.Event<unknown>>,
  ms = 15_000,
  describe: () => string = () => '',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    const done = (fn: () => void) => {
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      fn();
    };
    const attempt = () => {
      try {
        const value = check();
        if (value !== undefined && value !== false) done(() => resolve(value));
      } catch (e) {
        done(() => reject(e));
      }
    };
    const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${what}. ${describe()}`))), ms);
    for (const event of events) subscriptions.push(event(attempt));
    attempt();
  });
}

/** `line:col-line:col severity code` (1-based) for each diagnostic, the form golden files use. */
export function formatDiagnostics(list: readonly vscode.Diagnostic[]): string[] {
  const severity = ['error', 'warning', 'info', 'hint'];
  return [...list]
    .sort((a, b) => a.range.start.compareTo(b.range.start) || codeOf(a).localeCompare(codeOf(b)))
    .map((d) => {
      const r = d.range;
      return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${severity[d.severity]} ${codeOf(d)}`;
    });
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

/** The golden diagnostics of a fixture, without messages: `line:col-line:col severity code`. */
export function goldenDiagnostics(name: string): string[] {
  return readRepoFile(`test/golden/diagnostics/${name}.txt`)
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').slice(0, 3).join(' '));
}

/** Waits until the extension has published findings for `uri` that satisfy `check`. */
export function waitForDiagnostics(
  api: EventModelApi,
  uri: vscode.Uri,
  what: string,
  check: (list: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri);
  return waitFor(what, () => (check(current()) ? current() : undefined), [api.onDidValidate, vscode.languages.onDidChangeDiagnostics], 15_000, () =>
    `Diagnostics now: ${JSON.stringify(formatDiagnostics(current()))}`,
  );
}
