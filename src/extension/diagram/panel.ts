import * as vscode from 'vscode';
import {
  allElements, elementAt, nodeIdFor, renderDiagram, validateModel, type DiagramNode, type Model,
} from '../../core/index.js';
import {
  DIAGRAM_VIEW_TYPE, renderMessage, type DiagramElementChoice, type DiagramFilterState, type DiagramPanelState, type DiagramToHostMessage,
  type DiagramViewName, type HostToDiagramMessage,
} from '../../protocol/diagram.js';
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
 * One diagram preview of one model file: follows the file's edits (debounced) and its cursor,
 * and answers the webview's clicks by revealing the element in the editor.
 */
export class DiagramPanel implements vscode.Disposable {
  private static readonly byDocument = new Map<string, DiagramPanel>();

  private view: DiagramViewName;
  private filter: DiagramFilterState;
  private nodes: DiagramNode[] = [];
  private model: Model | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<RenderReport>();
  private readonly svgRequests = new Map<number, (svg: string | undefined) => void>();
  private nextRequest = 1;
  /** The last text sent to the webview, for tests and exports. */
  lastText: string | undefined;
  /** The node last highlighted for the editor's cursor (undefined: none). */
  lastHighlight: string | undefined;
  private readonly highlighted = new vscode.EventEmitter<string | undefined>();
  /** Fires when the cursor moves the highlight to another node (or to none). */
  readonly onDidHighlight = this.highlighted.event;
  /** Fires each time the webview finished drawing. */
  readonly onDidRender = this.rendered.event;

  /** The open panel of a model file, if any. */
  static for(uri: vscode.Uri): DiagramPanel | undefined {
    return DiagramPanel.byDocument.get(uri.toString());
  }

  /** Opens (or reveals) the preview of a model file. */
  static show(uri: vscode.Uri, bundleRoot: vscode.Uri, log: vscode.LogOutputChannel, column: vscode.ViewColumn, preserveFocus: boolean): DiagramPanel {
    const existing = DiagramPanel.for(uri);
    if (existing) {
      existing.panel.reveal(column, preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, titleOf(uri), { viewColumn: column, preserveFocus }, { retainContextWhenHidden: false });
    return new DiagramPanel(panel, uri, bundleRoot, log, { documentUri: uri.toString(), view: 'flow', filter: {} });
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly documentUri: vscode.Uri,
    bundleRoot: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    state: DiagramPanelState,
  ) {
    this.view = state.view === 'timeline' ? 'timeline' : 'flow';
    this.filter = state.filter ?? {};
    DiagramPanel.byDocument.set(documentUri.toString(), this);
    panel.title = titleOf(documentUri);
    panel.iconPath = vscode.Uri.joinPath(bundleRoot, '..', '..', 'media', 'event-model.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: [bundleRoot] };
    panel.webview.html = diagramHtml(panel.webview, bundleRoot);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: DiagramToHostMessage) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === documentUri.toString() && e.contentChanges.length > 0) this.scheduleUpdate();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() === documentUri.toString()) this.highlightAt(e.selections[0]?.active);
      }),
      this.rendered,
      this.highlighted,
    );
  }

  /** Handles one message from the webview; public so tests can play the webview's part. */
  async receive(message: DiagramToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
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
        this.log.debug(`diagram of ${vscode.workspace.asRelativePath(this.documentUri)}: ${message.nodeCount} nodes drawn in ${message.durationMs} ms`);
        this.rendered.fire({ nodeCount: message.nodeCount, durationMs: message.durationMs });
        break;
      case 'renderError':
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

  private scheduleUpdate(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), validationSettings(this.documentUri).debounceMs);
  }

  /** Parses the model and sends the diagram; a model that cannot be read keeps the last diagram. */
  async update(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.documentUri);
    const parsed = parsedModel(doc.uri, doc.getText());
    if (parsed.syntaxErrors || !parsed.lines) {
      const first = parsed.diagnostics.find((d) => d.severity === 'error');
      const where = first ? ` (line ${first.range.start.line + 1}: ${first.message})` : '';
      await this.post({ type: 'modelError', message: `The model cannot be read${where}.` });
      return;
    }
    const diagnostics = validateModel(parsed, validationSettings(this.documentUri).options);
    const result = renderDiagram(parsed.model, { view: this.view, filter: this.filter });
    this.model = parsed.model;
    this.nodes = result.nodes;
    this.lastText = result.text;
    const elements: DiagramElementChoice[] = [...allElements(parsed.model)]
      .filter((e): e is Exclude<typeof e, { kind: 'type' }> => e.kind !== 'type')
      .map((e) => ({ kind: e.kind, name: e.name }));
    await this.post(
      renderMessage(result, this.view, {
        documentUri: this.documentUri.toString(),
        filter: this.filter,
        title: vscode.workspace.asRelativePath(this.documentUri),
        aggregates: [...parsed.model.aggregates.keys()],
        projections: [...parsed.model.projections.keys()],
        elements,
        problems: {
          errors: diagnostics.filter((d) => d.severity === 'error').length,
          warnings: diagnostics.filter((d) => d.severity === 'warning').length,
        },
      }),
    );
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.documentUri.toString());
    if (editor) this.highlightAt(editor.selection.active);
  }

  private highlightAt(position: vscode.Position | undefined): void {
    if (!this.model || !position) return;
    const hit = elementAt(this.model, { line: position.line, character: position.character });
    const id = hit && nodeIdFor(hit.kind, hit.name);
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
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.documentUri.toString());
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
    clearTimeout(this.timer);
    if (DiagramPanel.byDocument.get(this.documentUri.toString()) === this) DiagramPanel.byDocument.delete(this.documentUri.toString());
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const resolve of this.svgRequests.values()) resolve(undefined);
    this.svgRequests.clear();
    this.panel.dispose();
  }
}

function titleOf(uri: vscode.Uri): string {
  const file = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.events\.ya?ml$/, '');
  return `Diagram: ${file}`;
}
