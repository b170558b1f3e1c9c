import * as vscode from 'vscode';
import type { EventSource } from '../../core/replay/timeline.js';
import {
  REPLAY_VIEW_TYPE, type HostToReplayMessage, type PositionedReplayProblem, type ReplayTimelineInfo, type ReplayToHostMessage,
} from '../../protocol/replay.js';
import { validationSettings } from '../settings.js';
import type { TimelineAnswers } from './answers.js';
import { cursorLine, followInEditor, revealRange, selectionKey } from './editorLinks.js';
import { watchOnDisk } from './fileWatch.js';
import { replayHtml } from './html.js';
import { buildReplay, deliveryFindings, throttle } from './replayBuild.js';
import type { LoadReason, ReplaySubject } from './subjects.js';

/** How many of its own editor selections a panel waits to hear back about. */
const ECHOES_KEPT = 16;

/** What a panel reports after each build (for tests and the log). */
export interface BuildReport {
  length: number;
  problemCount: number;
  durationMs: number;
  error?: string;
}

/**
 * One Replay panel: builds the timeline of its subject (a sample file and its model, or an event
 * store) and answers its webview's requests; follows edits of the files (debounced, keeping the
 * selected position) and the editor's cursor, and links events, rules and problems back to them.
 */
export class ReplayPanel implements vscode.Disposable {
  private static readonly bySubject = new Map<string, ReplayPanel>();

  /** The selected position (0: before the first event). */
  position: number;
  /** The built timeline's answers; undefined before the first build and after a failed one. */
  answers: TimelineAnswers | undefined;
  /** The last timeline sent (or to send) to the webview. */
  info: ReplayTimelineInfo | undefined;
  /** Why the last build failed, when it did. */
  error: string | undefined;
  private source: EventSource | undefined;
  private modelUri: vscode.Uri | undefined;
  private building: AbortController | undefined;
  private progress: { done: number; total: number } | undefined;
  private ready = false;
  private initSent = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Selections this panel set in the sample file's editor, whose change events have not come
   * back yet: a late echo of an earlier step must not pull the panel back to it.
   */
  private readonly echoes: string[] = [];
  private modelWatchers: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly built = new vscode.EventEmitter<BuildReport>();
  private readonly posted = new vscode.EventEmitter<HostToReplayMessage>();
  private readonly received = new vscode.EventEmitter<ReplayToHostMessage>();
  /** Fires after each build, failed or not. */
  readonly onDidBuild = this.built.event;
  /** Fires for every message sent to the webview (tests read the states sent). */
  readonly onDidPost = this.posted.event;
  /** Fires for every message from the webview, once handled. */
  readonly onDidReceive = this.received.event;

  /** Whether the webview has said it is listening (its script ran). */
  get webviewReady(): boolean {
    return this.ready;
  }

  /** The open panel of a sample file (or an event-store replay's URI), if any. */
  static for(uri: vscode.Uri): ReplayPanel | undefined {
    return ReplayPanel.bySubject.get(uri.toString());
  }

  /** Opens (or reveals) the panel of a subject. */
  static show(subject: ReplaySubject, bundleRoot: vscode.Uri, log: vscode.LogOutputChannel, column: vscode.ViewColumn): ReplayPanel {
    const existing = ReplayPanel.for(subject.uri);
    if (existing) {
      existing.panel.reveal(column);
      return existing;
    }
    // No retainContextWhenHidden: the webview keeps its view with setState and asks for its rows again.
    const panel = vscode.window.createWebviewPanel(REPLAY_VIEW_TYPE, subject.title, { viewColumn: column, preserveFocus: false }, { enableScripts: true, localResourceRoots: [bundleRoot] });
    return new ReplayPanel(panel, subject, bundleRoot, log, { cursorLine: cursorLine(subject.file) });
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly subject: ReplaySubject,
    bundleRoot: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    start: { position?: number; cursorLine?: number | undefined } = {},
  ) {
    this.position = start.position ?? 0;
    ReplayPanel.bySubject.get(subject.uri.toString())?.dispose();
    ReplayPanel.bySubject.set(subject.uri.toString(), this);
    panel.title = subject.title;
    panel.iconPath = vscode.Uri.joinPath(bundleRoot, '..', '..', 'media', 'event-model.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: [bundleRoot] };
    panel.webview.html = replayHtml(panel.webview, bundleRoot);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ReplayToHostMessage) => {
        if (typeof m === 'object' && m !== null && typeof m.type === 'string') void this.receive(m);
      }),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.follows(e.document.uri)) this.scheduleBuild();
      }),
      // Unsaved edits dropped with their editor: the file on disk is what counts again.
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.follows(d.uri)) this.scheduleBuild();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('eventModel.replay', subject.file ?? this.modelUri)) this.scheduleBuild();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (subject.file && e.textEditor.document.uri.toString() === subject.file.toString()) this.followCursor(e);
      }),
      this.built,
      this.posted,
      this.received,
    );
    if (subject.file) this.disposables.push(...watchOnDisk(subject.file, () => this.scheduleBuild()));
    void this.build('full', start.cursorLine);
  }

  /** Handles one message from the webview; public so tests can play the webview's part. */
  async receive(message: ReplayToHostMessage): Promise<void> {
    try {
      await this.handle(message);
    } catch (e) {
      // A request that fails must not take the panel down: say so, keep the rest working.
      this.log.error(`replay of ${this.subject.label}: ${message.type} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void this.post({ type: 'notice', message: `That did not work: ${e instanceof Error ? e.message : String(e)}` });
    }
    this.received.fire(message);
  }

  private async handle(message: ReplayToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.initSent = false;
        this.sendPhase();
        break;
      case 'requestEntries': {
        const answer = this.answers?.entries(message.filterId, message.from, message.to);
        if (answer) await this.post(answer);
        break;
      }
      case 'setFilter': {
        if (!this.answers) break;
        const { filterId, selected, types, streams, text, problemsOnly } = message;
        await this.post(this.answers.setFilter(filterId, { types, streams, text, problemsOnly }, selected));
        break;
      }
      case 'select':
        await this.select(message.position, true);
        break;
      case 'revealEvent':
        await this.revealEvent(message.position);
        break;
      case 'revealRule':
        if (this.modelUri) await revealRange(this.modelUri, message.range, { preserveFocus: false, panelColumn: this.panel.viewColumn });
        break;
      case 'revealProblem':
        await this.revealProblem(message.problem);
        break;
      case 'jumpToProblem': {
        const timeline = this.answers?.timeline;
        if (!timeline) break;
        const next = message.direction === 'next' ? timeline.nextProblem(message.from) : timeline.previousProblem(message.from);
        if (next === undefined) await this.post({ type: 'notice', message: message.direction === 'next' ? 'No later problem.' : 'No earlier problem.' });
        else await this.select(next, true);
        break;
      }
      case 'setPlaying':
        this.log.debug(`replay of ${this.subject.label}: ${message.playing ? `playing at ${message.eventsPerSecond} events/s` : 'stopped'}`);
        break;
      case 'rebuild':
        await this.build('full');
        break;
    }
  }

  /** Selects a position (clamped) and sends the state there; the sample file's visible editor follows. */
  async select(position: number, followEditor: boolean): Promise<void> {
    if (!this.answers) return;
    const state = this.answers.state(position);
    this.position = state.position;
    await this.post(state);
    const file = this.subject.file;
    if (!followEditor || !file || !state.step) return;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === file.toString());
    // Leave a cursor that is already inside the event where it is.
    if (!editor || this.answers.timeline.positionOfLine(editor.selection.active.line) === state.position) return;
    const set = followInEditor(file, state.step.eventRange);
    if (set) {
      this.echoes.push(selectionKey(set));
      if (this.echoes.length > ECHOES_KEPT) this.echoes.shift();
    }
  }

  /** Shows the event at a position in its file, beside the panel if the file is not in view. */
  async revealEvent(position: number): Promise<vscode.TextEditor | undefined> {
    const range = this.source?.read(position - 1, position)[0]?.range;
    if (!range) return undefined;
    if (!this.subject.file) {
      const where = this.subject.describeEvent?.(position - 1);
      if (where) await this.post({ type: 'notice', message: `Event ${position} is ${where}.` });
      return undefined;
    }
    return revealRange(this.subject.file, range, { preserveFocus: true, firstLineOnly: true, panelColumn: this.panel.viewColumn });
  }

  /** Shows a problem's operator or rule in the model, or its event when no rule is involved. */
  async revealProblem(problem: PositionedReplayProblem): Promise<vscode.TextEditor | undefined> {
    const inModel = problem.opRange ?? problem.ruleRange;
    if (inModel && this.modelUri) return revealRange(this.modelUri, inModel, { preserveFocus: false, panelColumn: this.panel.viewColumn });
    return this.revealEvent(problem.position);
  }

  private follows(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return key === this.subject.file?.toString() || key === this.modelUri?.toString();
  }

  private followCursor(e: vscode.TextEditorSelectionChangeEvent): void {
    const at = e.selections[0];
    if (!at) return;
    const echo = this.echoes.indexOf(selectionKey(at));
    if (echo >= 0) {
      this.echoes.splice(0, echo + 1);
      if (e.kind !== vscode.TextEditorSelectionChangeKind.Keyboard && e.kind !== vscode.TextEditorSelectionChangeKind.Mouse) return;
    }
    // While an edit waits to be replayed, the timeline's lines are those of the old text.
    if (!this.answers || this.timer || this.building) return;
    const position = this.answers.timeline.positionOfLine(at.active.line);
    if (position === undefined || position === this.position) return;
    void this.select(position, false);
  }

  private scheduleBuild(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.build('edit');
    }, validationSettings(this.subject.file ?? this.modelUri).debounceMs);
  }

  /**
   * Builds the timeline (again), in slices with progress; a newer build cancels an older one.
   * The selected position is kept, clamped to the new length. An edit that leaves a file
   * unreadable keeps the last replay on screen, with a note saying why.
   */
  async build(reason: LoadReason, cursorLine?: number): Promise<void> {
    this.building?.abort();
    const controller = new AbortController();
    this.building = controller;
    const started = Date.now();
    if ((!this.answers && !this.error) || reason === 'full') {
      this.progress = { done: 0, total: 0 };
      if (this.ready) this.sendPhase();
    }
    const progress = throttle((done: number, total: number) => {
      if (!this.progress) return;
      this.progress = { done, total };
      if (this.ready) void this.post({ type: 'progress', done, total });
    });
    const built = await buildReplay(this.subject, reason, controller.signal, progress, this.log);
    if (!built || controller.signal.aborted) return;
    this.followModel(built.modelUri);
    if ('error' in built) {
      if (reason === 'edit' && this.answers) {
        if (this.building === controller) this.building = undefined;
        this.log.info(`replay of ${this.subject.label}: ${built.error}`);
        void this.post({ type: 'notice', message: `${built.error} The replay shows the last version that could be read.` });
        this.fireBuilt(started, built.error);
        return;
      }
      return this.finish(controller, { error: built.error, started });
    }
    const timeline = built.answers.timeline;
    this.answers = built.answers;
    this.source = built.source;
    const initial = cursorLine !== undefined ? timeline.positionOfLine(cursorLine) : undefined;
    this.position = Math.max(0, Math.min(timeline.length, initial ?? this.position));
    this.info = built.info;
    this.finish(controller, { started });
    if (built.checkLater) {
      // The panel shows the replay first; the checks replay the events several times over.
      setTimeout(() => {
        if (this.answers !== built.answers || !this.info) return;
        this.info = { ...this.info, findings: deliveryFindings(built.model, built.source, this.subject.label, this.log) };
        if (this.ready && this.info.findings.length > 0) this.sendPhase();
      }, 0);
    }
  }

  private finish(controller: AbortController, outcome: { error?: string; started: number }): void {
    if (this.building === controller) this.building = undefined;
    this.progress = undefined;
    this.error = outcome.error;
    if (outcome.error !== undefined) {
      this.answers = undefined;
      this.source = undefined;
      this.info = undefined;
    }
    if (this.ready) this.sendPhase();
    this.fireBuilt(outcome.started, outcome.error);
  }

  private fireBuilt(started: number, error: string | undefined): void {
    const durationMs = Date.now() - started;
    const length = this.answers?.timeline.length ?? 0;
    const problemCount = this.answers?.timeline.problemCount ?? 0;
    if (error === undefined) this.log.info(`replay of ${this.subject.label}: ${length} events, ${problemCount} problems, built in ${durationMs} ms`);
    else if (!this.answers) this.log.info(`replay of ${this.subject.label}: ${error}`);
    this.built.fire({ length, problemCount, durationMs, ...(error !== undefined ? { error } : {}) });
  }

  /** Tells a (re)loaded webview where things stand: building, failed, or the timeline. */
  private sendPhase(): void {
    if (this.progress && !this.info) {
      // After a loading screen (or an error) the webview starts again from an `init`.
      this.initSent = false;
      void this.post({ type: 'loading', title: this.subject.label });
      if (this.progress.total > 0) void this.post({ type: 'progress', ...this.progress });
    } else if (this.info) {
      void this.post({ ...this.info, position: this.position, type: this.initSent ? 'replayed' : 'init' });
      this.initSent = true;
    } else if (this.error !== undefined) {
      this.initSent = false;
      void this.post({ type: 'error', message: this.error });
    }
  }

  /** Follows the model's edits, also those made on disk while no editor has it open. */
  private followModel(uri: vscode.Uri | undefined): void {
    if (uri?.toString() === this.modelUri?.toString()) return;
    for (const d of this.modelWatchers.splice(0)) d.dispose();
    this.modelUri = uri;
    if (uri) this.modelWatchers = watchOnDisk(uri, () => this.scheduleBuild());
  }

  private post(message: HostToReplayMessage): Thenable<boolean> {
    this.posted.fire(message);
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.building?.abort();
    if (ReplayPanel.bySubject.get(this.subject.uri.toString()) === this) ReplayPanel.bySubject.delete(this.subject.uri.toString());
    for (const d of [...this.disposables.splice(0), ...this.modelWatchers.splice(0)]) d.dispose();
    this.panel.dispose();
  }
}
