import * as vscode from 'vscode';
import type { DiagramNode } from '../../core/index.js';
import {
  DIAGRAM_VIEW_TYPE, renderMessage, type DiagramFilterState, type DiagramPanelState, type DiagramToHostMessage,
  type DiagramViewName, type HostToDiagramMessage,
} from '../../protocol/diagram.js';
import { diagramOfModel, placeAt, type ElementPlace } from '../../server/diagramRequest.js';
import { diagramFromServer } from '../languageClient.js';
import { parsedModel } from '../modelDocuments.js';
import { validationSettings } from '../settings.js';
import { toRange } from '../validation/toVscode.js';
import { diagramHtml } from './html.js';

/** What a panel reports after the webview drew a diagram (for tests and logs). */
export interface RenderReport {
  nodeCount: number;
  durationMs: number;
}

/**
 * One diagram preview. As the Markdown preview does, an unlocked preview follows the active
 * model editor, and "Open Diagram" reuses it; a locked one stays on its model. Either follows
 * its file's edits (debounced) and cursor, and answers the webview's clicks by revealing the
 * element in the editor.
 */
export class DiagramPanel implements vscode.Disposable {
  private static readonly open = new Set<DiagramPanel>();
  private static readonly lockChanged = new vscode.EventEmitter<DiagramPanel>();
  /** Fires when a panel is locked or unlocked (the feature remembers locked panels across reloads). */
  static readonly onDidChangeLock = DiagramPanel.lockChanged.event;

  private model_: vscode.Uri;
  private locked_: boolean;
  private view: DiagramViewName;
  private filter: DiagramFilterState;
  private nodes: DiagramNode[] = [];
  /** Where each element of the model drawn is, for the cursor's node (undefined before the first diagram). */
  private places: ElementPlace[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<RenderReport>();
  private readonly svgRequests = new Map<number, (svg: string | undefined) => void>();
  private nextRequest = 1;
  /** Counts updates, so that an update overtaken by a newer one (or by a switch of model) posts nothing. */
  private generation = 0;
  /** Render messages posted since the webview (re)loaded, and how many of them it has drawn or failed to draw. */
  private posted = 0;
  private drawn = 0;
  /** Whether the page is (re)loading: not yet loaded, or hidden (which discards it) and not sent a diagram since. */
  private loading = true;
  private disposed = false;
  private readonly progressed = new vscode.EventEmitter<void>();
  /** Who worked out the last diagram sent: the language server, or the host (no server running). */
  lastSource: 'server' | 'host' | undefined;
  /** The last text sent to the webview, for tests and exports. */
  lastText: string | undefined;
  /** The node last highlighted for the editor's cursor (undefined: none). */
  lastHighlight: string | undefined;
  private readonly highlighted = new vscode.EventEmitter<string | undefined>();
  /** Fires when the cursor moves the highlight to another node (or to none). */
  readonly onDidHighlight = this.highlighted.event;
  /** Fires each time the webview finished drawing. */
  readonly onDidRender = this.rendered.event;

  /** The open panels, oldest first. */
  static all(): DiagramPanel[] {
    return [...DiagramPanel.open];
  }

  /**
   * The panel that shows a model file, if any: the active one, else the unlocked preview, else
   * the first locked one.
   */
  static for(uri: vscode.Uri): DiagramPanel | undefined {
    const showing = DiagramPanel.all().filter((p) => sameUri(p.documentUri, uri));
    return showing.find((p) => p.panel.active) ?? showing.find((p) => !p.locked) ?? showing[0];
  }

  /** The preview that follows the active model editor (the unlocked panel), if one is open. */
  static preview(): DiagramPanel | undefined {
    return DiagramPanel.all().find((p) => !p.locked);
  }

  /**
   * Shows a model file's diagram: in the locked panel that shows it already, else in the unlocked
   * preview (which turns to this model), else in a new panel.
   */
  static show(uri: vscode.Uri, bundleRoot: vscode.Uri, log: vscode.LogOutputChannel, column: vscode.ViewColumn, preserveFocus: boolean, toSide = preserveFocus): DiagramPanel {
    const existing = DiagramPanel.all().find((p) => p.locked && sameUri(p.documentUri, uri)) ?? DiagramPanel.preview();
    if (existing) {
      existing.showModel(uri);
      // "To the side" keeps the panel where it is; "Open Diagram" brings it to the editor's group.
      existing.panel.reveal(toSide ? existing.panel.viewColumn : column, preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, titleOf(uri, false), { viewColumn: column, preserveFocus }, { retainContextWhenHidden: false });
    return new DiagramPanel(panel, uri, bundleRoot, log, { documentUri: uri.toString(), view: 'flow', filter: {} });
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    documentUri: vscode.Uri,
    bundleRoot: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    state: DiagramPanelState,
    locked = false,
  ) {
    this.model_ = documentUri;
    this.locked_ = locked;
    this.view = state.view === 'timeline' ? 'timeline' : 'flow';
    this.filter = state.filter ?? {};
    DiagramPanel.open.add(this);
    panel.title = titleOf(documentUri, locked);
    panel.iconPath = vscode.Uri.joinPath(bundleRoot, '..', '..', 'media', 'event-model.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: [bundleRoot] };
    panel.webview.html = diagramHtml(panel.webview, bundleRoot, vscode.workspace.asRelativePath(documentUri));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: DiagramToHostMessage) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.loading = true;
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (sameUri(e.document.uri, this.documentUri) && e.contentChanges.length > 0) this.scheduleUpdate();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (sameUri(e.textEditor.document.uri, this.documentUri)) this.highlightAt(e.selections[0]?.active);
      }),
      this.rendered,
      this.highlighted,
      this.progressed,
    );
  }

  /** The model file shown. */
  get documentUri(): vscode.Uri {
    return this.model_;
  }

  /** Whether the panel stays on its model instead of following the active editor. */
  get locked(): boolean {
    return this.locked_;
  }

  /**
   * Turns the panel to another model file (the pickers start again from the whole model); the
   * webview keeps the last diagram on screen until the new one is drawn.
   */
  showModel(uri: vscode.Uri): void {
    if (sameUri(uri, this.model_)) return;
    clearTimeout(this.timer);
    this.generation++;
    this.model_ = uri;
    this.places = undefined;
    this.nodes = [];
    this.lastText = undefined;
    this.filter = {};
    if (this.lastHighlight !== undefined) {
      this.lastHighlight = undefined;
      this.highlighted.fire(undefined);
    }
    this.panel.title = titleOf(uri, this.locked_);
    // A hidden panel's page is gone; it asks for the diagram when it is shown again.
    if (this.panel.visible) void this.update();
  }

  /** Locks the panel on its model, or unlocks it so that it follows the active model editor. */
  setLocked(locked: boolean): void {
    if (locked === this.locked_) return;
    this.locked_ = locked;
    this.panel.title = titleOf(this.model_, locked);
    DiagramPanel.lockChanged.fire(this);
  }

  /** Handles one message from the webview; public so tests can play the webview's part. */
  async receive(message: DiagramToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A new page (first load, or shown again after being hidden): what was posted before is gone.
        this.posted = 0;
        this.drawn = 0;
        this.lastHighlight = undefined; // the new page highlights nothing yet
        await this.update();
        break;
      case 'revealSource':
        await this.reveal(message.nodeId);
        break;
      case 'changeView':
        this.view = message.view;
        await this.update();
        break;
      case 'changeFilter':
        this.filter = message.filter;
        await this.update();
        break;
      case 'rendered':
        this.drawn++;
        this.progressed.fire();
        this.log.debug(`diagram of ${vscode.workspace.asRelativePath(this.documentUri)}: ${message.nodeCount} nodes drawn in ${message.durationMs} ms`);
        this.rendered.fire({ nodeCount: message.nodeCount, durationMs: message.durationMs });
        break;
      case 'renderError':
        this.drawn++;
        this.progressed.fire();
        this.log.warn(`diagram of ${vscode.workspace.asRelativePath(this.documentUri)}: ${message.message}`);
        break;
      case 'svg':
        this.svgRequests.get(message.requestId)?.(message.svg);
        this.svgRequests.delete(message.requestId);
        break;
    }
  }

  /** The SVG the webview drew, rendered by the real Mermaid (undefined before the first drawing). */
  requestSvg(): Promise<string | undefined> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      this.svgRequests.set(requestId, resolve);
      void this.post({ type: 'exportSvg', requestId });
    });
  }

  /**
   * Resolves true once the webview has drawn (or failed to draw) the last diagram sent to it, for
   * the model shown; false if that takes longer than `ms` or the panel closes.
   */
  async whenDrawn(ms = 30_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.loading || !this.lastText || this.drawn < this.posted) {
      if (this.disposed || Date.now() >= deadline) return false;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        };
        const timer = setTimeout(done, deadline - Date.now());
        const sub = this.progressed.event(done);
      });
    }
    return true;
  }

  private scheduleUpdate(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.panel.visible) void this.update();
    }, validationSettings(this.documentUri).debounceMs);
  }

  /**
   * Sends the diagram of the model's newest text: the language server's, drawn from its own
   * parse (the host parses nothing on an edit), or, when no server runs, worked out here. A
   * model that cannot be read keeps the last diagram.
   */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const uri = this.documentUri;
    const view = this.view;
    const filter = this.filter;
    const doc = await vscode.workspace.openTextDocument(uri);
    if (generation !== this.generation) return;
    const version = doc.version;
    const options = validationSettings(uri).options;
    let answer = await diagramFromServer({ uri: uri.toString(), view, filter, options });
    if (generation !== this.generation) return;
    // An answer for an older text (the server not told of the last edit yet) is not drawn.
    if (answer?.version !== undefined && answer.version >= version) {
      this.lastSource = 'server';
    } else {
      answer = diagramOfModel(parsedModel(doc.uri, doc.getText()), view, filter, options);
      this.lastSource = 'host';
    }
    if (answer.kind === 'modelError') {
      await this.post({ type: 'modelError', message: answer.message });
      return;
    }
    this.places = answer.places;
    this.nodes = answer.nodes;
    this.lastText = answer.text;
    // The cursor's node goes first: a diagram too large for the panel opens at it.
    const editor = vscode.window.visibleTextEditors.find((e) => sameUri(e.document.uri, uri));
    if (editor) this.highlightAt(editor.selection.active);
    this.posted++;
    this.loading = false;
    await this.post(
      renderMessage(answer, view, {
        documentUri: uri.toString(),
        filter,
        title: vscode.workspace.asRelativePath(uri),
        aggregates: answer.aggregates,
        projections: answer.projections,
        elements: answer.elements,
        problems: answer.problems,
      }),
    );
  }

  private highlightAt(position: vscode.Position | undefined): void {
    if (!this.places || !position) return;
    const id = placeAt(this.places, { line: position.line, character: position.character });
    const nodeId = id && this.nodes.some((n) => n.id === id) ? id : undefined;
    if (nodeId === this.lastHighlight) return;
    this.lastHighlight = nodeId;
    this.highlighted.fire(nodeId);
    void this.post({ type: 'highlight', nodeId });
  }

  /** Shows the element behind a node in the editor, selecting its name. */
  async reveal(nodeId: string): Promise<vscode.TextEditor | undefined> {
    const node = this.nodes.find((n) => n.id === nodeId);
    if (!node) return undefined;
    const open = vscode.window.visibleTextEditors.find((e) => sameUri(e.document.uri, this.documentUri));
    const range = toRange(node.range);
    const editor = await vscode.window.showTextDocument(this.documentUri, {
      viewColumn: open?.viewColumn ?? vscode.ViewColumn.One,
      selection: range,
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  private post(message: HostToDiagramMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.progressed.fire();
    clearTimeout(this.timer);
    DiagramPanel.open.delete(this);
    if (this.locked_) DiagramPanel.lockChanged.fire(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const resolve of this.svgRequests.values()) resolve(undefined);
    this.svgRequests.clear();
    this.panel.dispose();
  }
}

/** "Diagram: shop", or "[Locked] Diagram: shop" for a panel that stays on its model. */
export function titleOf(uri: vscode.Uri, locked: boolean): string {
  const file = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.events\.ya?ml$/, '');
  return `${locked ? '[Locked] ' : ''}Diagram: ${file}`;
}

function sameUri(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.toString() === b.toString();
}
