import * as vscode from 'vscode';
import { isModelFile, type Diagnostic } from '../../core/index.js';
import type { Feature } from '../feature.js';
import { forgetModel } from '../modelDocuments.js';
import { validationSettings } from '../settings.js';
import type { DiagnosticDocs } from './diagnosticDocs.js';
import { fromVscodeDiagnostic, toVscodeDiagnostic } from './toVscode.js';
import { readText, validateFile } from './validateFile.js';

/**
 * Findings about a model that need more than its text (its handler files on disk, say), added to
 * the model's own findings each time they are published. `found` are the model's own findings.
 */
export type ModelFindings = (uri: vscode.Uri, text: string, found: readonly Diagnostic[]) => Promise<vscode.Diagnostic[]>;

/** Files the extension checks, for file watchers. */
export const VALIDATED_GLOB = '**/*.{events.yaml,events.yml,samples.yaml,samples.yml,samples.json,samples.jsonl}';

/**
 * The one diagnostic collection of the extension. A file's own findings come from the language
 * server as it is edited (or from the host, for Validate Workspace Models); the host adds its own
 * findings about a model (from the features that contribute them) before they are shown.
 */
export class ModelDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('event-model');
  /** Each file's own findings last published, to add the host's findings to again. */
  private readonly own = new Map<string, vscode.Diagnostic[]>();
  /** Files whose findings came from the language server (cleared when it restarts). */
  private readonly fromServer = new Set<string>();
  /**
   * Files checked on the host (by Validate Workspace Models) and not open since, with the model
   * files their findings were made against: checked again when they or those models change.
   */
  private readonly fromHost = new Map<string, string[]>();
  private readonly rechecks = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly versions = new Map<string, number>();
  private readonly validated = new vscode.EventEmitter<vscode.Uri>();
  private readonly contributors = new Set<ModelFindings>();
  /** Whether the language server checks a file now (the host then leaves it to the server). */
  serverCovers: (uri: vscode.Uri) => boolean = () => false;
  /** Fires after a file's findings were published (tests and other features wait on it). */
  readonly onDidValidate = this.validated.event;

  constructor(
    readonly docs: DiagnosticDocs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Shows the findings the language server published for a file, with the host's own added. */
  async publishServerFindings(uri: vscode.Uri, found: vscode.Diagnostic[]): Promise<void> {
    const key = uri.toString();
    // Nothing for a file no editor shows: it closed or went away, and its findings with it.
    if (found.length === 0 && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) {
      this.fromServer.delete(key);
      this.clear(uri);
      this.validated.fire(uri);
      return;
    }
    this.fromServer.add(key);
    this.fromHost.delete(key);
    await this.publish(uri, found.map((d) => this.docs.relink(d)));
  }

  /** Forgets the language server's findings: it is restarting, and publishes them again. */
  forgetServerFindings(): void {
    for (const key of this.fromServer) this.clear(vscode.Uri.parse(key));
    this.fromServer.clear();
  }

  /**
   * Checks a file on the host with the core and publishes its findings (Validate Workspace
   * Models). A file the language server checks is left to it.
   */
  async validate(uri: vscode.Uri, text?: string): Promise<void> {
    if (this.serverCovers(uri)) return;
    const key = uri.toString();
    const settings = validationSettings(uri);
    if (!settings.enabled) {
      this.fromHost.delete(key);
      this.collection.delete(uri);
      return;
    }
    const source = text ?? (await readText(uri));
    if (source === undefined) return;
    const { found, models } = await validateFile(uri, source, settings.options);
    // Opened meanwhile: the language server's findings are the current ones.
    if (this.fromServer.has(key) && this.serverCovers(uri)) return;
    this.fromHost.set(key, models.map((m) => m.toString()));
    await this.publish(uri, found.map((d) => toVscodeDiagnostic(d, uri, (code) => this.docs.link(code))), source);
  }

  /** The files whose findings were made on the host and are kept current by `changed`. */
  hostChecked(): vscode.Uri[] {
    return [...this.fromHost.keys()].map((k) => vscode.Uri.parse(k));
  }

  /**
   * A file changed (edited, saved, written or deleted outside the editor): the host's findings
   * made from it are checked again after the quiet time, its own if it has some and those of the
   * sample files checked against it. Files the language server checks are left to it.
   */
  changed(uri: vscode.Uri): void {
    const key = uri.toString();
    for (const [file, models] of this.fromHost) {
      if (file === key || models.includes(key)) this.recheck(vscode.Uri.parse(file));
    }
  }

  private recheck(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.rechecks.get(key));
    this.rechecks.set(
      key,
      setTimeout(() => {
        this.rechecks.delete(key);
        if (!this.fromHost.has(key)) return;
        void readText(uri).then((text) => {
          // Gone: no findings. Else checked again, unless an editor shows it now (the server's then).
          if (text === undefined) this.clear(uri);
          else if (!this.serverCovers(uri)) return this.validate(uri, text);
          return undefined;
        }).catch((e: unknown) => this.log.warn(`checking ${vscode.workspace.asRelativePath(uri)} again: ${e instanceof Error ? e.message : String(e)}`));
      }, validationSettings(uri).debounceMs),
    );
  }

  /**
   * Adds the host's findings to a model's last findings again after the configured quiet time
   * (a file they read changed); each new call restarts the wait.
   */
  schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const own = this.own.get(key);
        if (own) void this.publish(doc.uri, own, doc.getText());
      }, validationSettings(doc.uri).debounceMs),
    );
  }

  /** Forgets a file: no findings, no pending check, no kept parse. */
  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    forgetModel(uri);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    clearTimeout(this.rechecks.get(key));
    this.rechecks.delete(key);
    this.fromHost.delete(key);
    this.versions.delete(key);
    this.own.delete(key);
    this.collection.delete(uri);
  }

  /** Adds findings to every publication of a model's findings from now on. */
  contribute(findings: ModelFindings): vscode.Disposable {
    this.contributors.add(findings);
    return new vscode.Disposable(() => this.contributors.delete(findings));
  }

  /** The link of a code's explanation in docs/diagnostics.md, for findings made outside the core. */
  docsLink(code: string): vscode.Uri {
    return this.docs.link(code);
  }

  /** Publishes a file's own findings with the host's added; a newer publication of the same file wins. */
  private async publish(uri: vscode.Uri, own: vscode.Diagnostic[], text?: string): Promise<void> {
    const key = uri.toString();
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    this.own.set(key, own);
    const added = isModelFile(uri.path) && this.contributors.size > 0 ? await this.contributed(uri, text ?? (await readText(uri)), own) : [];
    if (this.versions.get(key) !== version) return;
    this.collection.set(uri, added.length > 0 ? [...own, ...added] : own);
    this.validated.fire(uri);
  }

  private async contributed(uri: vscode.Uri, text: string | undefined, own: readonly vscode.Diagnostic[]): Promise<vscode.Diagnostic[]> {
    if (text === undefined) return [];
    const found = own.map(fromVscodeDiagnostic);
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

  dispose(): void {
    for (const t of [...this.timers.values(), ...this.rechecks.values()]) clearTimeout(t);
    this.timers.clear();
    this.rechecks.clear();
    this.collection.dispose();
    this.validated.dispose();
  }
}

/**
 * Keeps the host's findings current. The language server clears what it published; the findings
 * of the workspace check are checked again when their file or its model changes (an edit in an
 * editor, a save, a change from outside such as git checkout or a terminal) and cleared when
 * their file is deleted.
 */
export function hostFindingsKeptCurrent(diagnostics: ModelDiagnostics): Feature {
  return () => {
    const watcher = vscode.workspace.createFileSystemWatcher(VALIDATED_GLOB);
    const gone = (uri: vscode.Uri) => {
      diagnostics.clear(uri);
      diagnostics.changed(uri);
    };
    return [
      diagnostics,
      watcher,
      watcher.onDidChange((uri) => diagnostics.changed(uri)),
      watcher.onDidCreate((uri) => diagnostics.changed(uri)),
      watcher.onDidDelete(gone),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach(gone)),
      // Unsaved edits of a model count: the host reads a file as its editor has it.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && isModelFile(e.document.uri.path)) diagnostics.changed(e.document.uri);
      }),
      // A model closed with its edits undone is read from disk again.
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (isModelFile(doc.uri.path)) diagnostics.changed(doc.uri);
      }),
    ];
  };
}
