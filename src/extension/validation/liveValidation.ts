import * as vscode from 'vscode';
import { isModelFile, isSampleFile, type Diagnostic } from '../../core/index.js';
import type { Feature } from '../feature.js';
import { forgetModel } from '../modelDocuments.js';
import { validationSettings } from '../settings.js';
import { toVscodeDiagnostic } from './toVscode.js';
import { isValidatedFile, readText, validateFile } from './validateFile.js';

/**
 * Findings about a model that need more than its text (its handler files on disk, say), added to
 * the model's own findings after each check. `found` are the model's own findings.
 */
export type ModelFindings = (uri: vscode.Uri, text: string, found: readonly Diagnostic[]) => Promise<vscode.Diagnostic[]>;

/** Files the extension checks, for file watchers. */
export const VALIDATED_GLOB = '**/*.{events.yaml,events.yml,samples.yaml,samples.yml,samples.json,samples.jsonl}';

/**
 * The one diagnostic collection of the extension and what keeps it current: files are checked
 * when opened, when edited (debounced), when saved; their findings are cleared when they close or
 * are deleted. A change to a model re-checks the sample files that have findings or are open.
 */
export class ModelDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('event-model');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly versions = new Map<string, number>();
  private readonly validated = new vscode.EventEmitter<vscode.Uri>();
  private readonly contributors = new Set<ModelFindings>();
  /** Fires after a file's findings were published (tests and other features wait on it). */
  readonly onDidValidate = this.validated.event;

  constructor(
    private readonly docs: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Checks a file now and publishes its findings. A model's sample files are checked again
   * after it, unless the caller checks them itself (`recheckSamples: false`).
   */
  async validate(uri: vscode.Uri, text?: string, recheckSamples = true): Promise<void> {
    const settings = validationSettings(uri);
    if (!settings.enabled) {
      this.collection.delete(uri);
      return;
    }
    const key = uri.toString();
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    const source = text ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === key)?.getText();
    if (source === undefined) return;
    const started = Date.now();
    const found = await validateFile(uri, source, settings.options);
    const added = isModelFile(uri.path) ? await this.contributed(uri, source, found) : [];
    // A newer check of the same file started while this one awaited the model: keep the newer.
    if (this.versions.get(key) !== version) return;
    this.publish(uri, found, added);
    this.log.debug(`checked ${vscode.workspace.asRelativePath(uri)}: ${found.length} finding(s) in ${Date.now() - started} ms`);
    if (recheckSamples && isModelFile(uri.path)) await this.revalidateSamplesOf(uri);
  }

  /** Checks a file after the configured quiet time; each new edit restarts the wait. */
  schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validate(doc.uri, doc.getText());
      }, validationSettings(doc.uri).debounceMs),
    );
  }

  /** Forgets a file: no findings, no pending check, no kept parse. */
  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    forgetModel(uri);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.versions.delete(key);
    this.collection.delete(uri);
  }

  /** Adds findings to every check of a model from now on. */
  contribute(findings: ModelFindings): vscode.Disposable {
    this.contributors.add(findings);
    return new vscode.Disposable(() => this.contributors.delete(findings));
  }

  /** Where docs/diagnostics.md explains a code, for findings made outside the core. */
  docsLink(code: string): vscode.Uri {
    return this.docs.with({ fragment: code });
  }

  private async contributed(uri: vscode.Uri, text: string, found: readonly Diagnostic[]): Promise<vscode.Diagnostic[]> {
    const lists = await Promise.all(
      [...this.contributors].map((c) =>
        c(uri, text, found).catch((e: unknown) => {
          this.log.warn(`checking ${vscode.workspace.asRelativePath(uri)}: ${e instanceof Error ? e.message : String(e)}`);
          return [];
        }),
      ),
    );
    return lists.flat();
  }

  private publish(uri: vscode.Uri, found: Diagnostic[], added: vscode.Diagnostic[] = []): void {
    this.collection.set(uri, [...found.map((d) => toVscodeDiagnostic(d, uri, this.docs)), ...added]);
    this.validated.fire(uri);
  }

  private async revalidateSamplesOf(model: vscode.Uri): Promise<void> {
    const dir = model.path.slice(0, model.path.lastIndexOf('/') + 1);
    const samples = new Map<string, vscode.Uri>();
    this.collection.forEach((uri) => {
      if (isSampleFile(uri.path)) samples.set(uri.toString(), uri);
    });
    for (const doc of vscode.workspace.textDocuments) if (isSampleFile(doc.uri.path)) samples.set(doc.uri.toString(), doc.uri);
    for (const uri of samples.values()) {
      // Samples beside the model, or anywhere if they name a model by path: cheap to re-check.
      if (uri.path.startsWith(dir) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) {
        const text = await readText(uri);
        if (text === undefined) continue;
        this.publish(uri, await validateFile(uri, text, validationSettings(uri).options));
      }
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.collection.dispose();
    this.validated.dispose();
  }
}

function watchDeletions(diagnostics: ModelDiagnostics): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(VALIDATED_GLOB, true, true, false);
  return vscode.Disposable.from(watcher, watcher.onDidDelete((uri) => diagnostics.clear(uri)));
}

/** The live validation feature: wires editor events to the diagnostics. */
export function liveValidation(diagnostics: ModelDiagnostics): Feature {
  return () => {
    for (const doc of vscode.workspace.textDocuments) if (isValidatedFile(doc.uri)) void diagnostics.validate(doc.uri, doc.getText());
    return [
      diagnostics,
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (isValidatedFile(doc.uri)) void diagnostics.validate(doc.uri, doc.getText());
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isValidatedFile(e.document.uri) && e.contentChanges.length > 0) diagnostics.schedule(e.document);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (isValidatedFile(doc.uri)) void diagnostics.validate(doc.uri, doc.getText());
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (isValidatedFile(doc.uri)) diagnostics.clear(doc.uri);
      }),
      vscode.workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) diagnostics.clear(uri);
      }),
      // Deletions from outside the editor (git checkout, a terminal) reach us through a watcher.
      watchDeletions(diagnostics),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('eventModel.validation')) return;
        for (const doc of vscode.workspace.textDocuments) if (isValidatedFile(doc.uri)) void diagnostics.validate(doc.uri, doc.getText());
      }),
    ];
  };
}
