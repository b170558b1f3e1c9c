import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { DIAGRAM_REQUEST, type DiagramOfModel, type DiagramRequestParams } from '../server/diagramRequest.js';
import { OUTLINE_REQUEST, type ModelOutline, type OutlineRequestParams } from '../server/outlineRequest.js';
import type { Feature } from './feature.js';
import type { Log } from './log.js';
import { hoverLinkedToSections } from './validation/diagnosticDocs.js';
import type { ModelDiagnostics } from './validation/liveValidation.js';
import { isValidatedFile } from './validation/validateFile.js';

export const RESTART_LANGUAGE_SERVER = 'eventModel.restartLanguageServer';
/** The command of the server's reference-count lenses: (file URI, position, LSP locations). */
const SHOW_REFERENCES = 'eventModel.showReferences';

/** What the language server handles: models, sample files in YAML, and sample files in JSON (which keep the `json` language). */
const LANGUAGE_SERVER_SELECTOR = [
  { language: 'event-model' },
  { language: 'event-model-samples' },
  { pattern: '**/*.samples.json' },
  { pattern: '**/*.samples.jsonl' },
];

/** A list the language server answered for the editor itself (a file's outline or lenses), as the host hands it on. */
export interface ServerAnswer {
  request: 'documentSymbol' | 'codeLens';
  uri: vscode.Uri;
  /** The document's version when the answer was handed on. */
  version: number;
  /** The answer's items: the outline's top-level symbols, or the lenses. */
  items: number;
  /** Whether it is the answer kept from an earlier request of the same text, not asked for again. */
  kept: boolean;
  /** When the client had taken the answer in (`performance.now()` on the host), before handing it on. */
  receivedAt: number;
}

/**
 * The language server (dist/server.js, over IPC) and the extension's client of it. The server
 * checks models and sample files, completes, navigates, renames and fixes them; its findings go
 * through `diagnostics`, which adds the host's own (the handler files' drift) before showing them.
 *
 * It starts with the first model or sample file opened, not when the extension activates: a
 * workspace that holds models but shows none costs no process.
 */
export class ModelLanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private output: vscode.OutputChannel | undefined;
  private readonly answered = new vscode.EventEmitter<ServerAnswer>();
  /** The last answer handed on (or to be): the next goes in a task after it. */
  private handingOn: Promise<unknown> = Promise.resolve();
  /**
   * The last outline asked of the server, for the text it was asked for. The editor asks for a
   * text's outline twice at once (the breadcrumbs, sticky scroll): a large model's outline is
   * worked out, sent and taken in once per version, not each time.
   */
  private lastOutline: { uri: string; version: number; symbols: Promise<{ answer: vscode.DocumentSymbol[] | vscode.SymbolInformation[] | null | undefined; receivedAt: number }> } | undefined;
  /** Fires as the outline or the lenses the server answered for the editor are handed on to it. */
  readonly onDidAnswer = this.answered.event;

  constructor(
    private readonly serverModule: string,
    private readonly diagnosticsDocs: vscode.Uri,
    private readonly diagnostics: ModelDiagnostics,
    private readonly log: Log,
  ) {}

  /**
   * A model's diagram as the server draws it from its own parse (`eventModel/diagram`); undefined
   * when the server is not running, does not know the file, or fails.
   */
  diagramOf(params: DiagramRequestParams): Promise<DiagramOfModel | undefined> {
    return this.ask<DiagramOfModel>(DIAGRAM_REQUEST, params);
  }

  /** A model's outline from the server's parse (`eventModel/outline`); undefined when the server is not running, does not know the file, or fails. */
  outlineOf(params: OutlineRequestParams): Promise<ModelOutline | undefined> {
    return this.ask<ModelOutline>(OUTLINE_REQUEST, params);
  }

  /** One of the server's own requests; undefined when it is not running, answers null, or fails (logged). */
  private async ask<T>(method: string, params: object): Promise<T | undefined> {
    const client = this.client;
    if (client?.isRunning() !== true) return undefined;
    try {
      return (await client.sendRequest<T | null>(method, params)) ?? undefined;
    } catch (e) {
      this.log.debug(`${method}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Whether the server checks this file now: it runs and the file is open in the editor. */
  covers(uri: vscode.Uri): boolean {
    return this.client?.isRunning() === true && vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  }

  /** Starts the server once; later calls wait for the same start. */
  start(): Promise<void> {
    this.starting ??= this.launch();
    return this.starting;
  }

  /** Stops the server and starts a new one (the Restart Language Server command), even after a failed start. */
  async restart(): Promise<void> {
    await this.stop();
    this.client = undefined;
    this.starting = undefined;
    this.diagnostics.forgetServerFindings();
    await this.start();
  }

  /** Stops the server and waits for it to exit (on deactivation). */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const client = this.client;
    if (!client) return;
    try {
      if (client.needsStop()) await client.stop();
    } finally {
      await client.dispose().catch(() => undefined);
    }
  }

  private async launch(): Promise<void> {
    const started = performance.now();
    // Loaded with the first model or sample file, not at activation: the client library is
    // most of the extension's bundle, and evaluating it is most of its loading time.
    const { LanguageClient, TransportKind } = await import('vscode-languageclient/node.js');
    this.output ??= vscode.window.createOutputChannel('Event Model Language Server');
    const serverOptions: ServerOptions = {
      run: { module: this.serverModule, transport: TransportKind.ipc },
      debug: { module: this.serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: LANGUAGE_SERVER_SELECTOR,
      // No `synchronize`: the server registers its own watchers of model and sample files, and
      // for changes of the `eventModel` settings, as it does with any editor that lets it; both
      // here too would tell it of every change twice.
      outputChannel: this.output,
      // Each finding's code links to its section of the reference shipped with the extension.
      initializationOptions: { diagnosticsDocs: this.diagnosticsDocs.toString() },
      middleware: {
        workspace: {
          // The server reads its settings (validation, the outline's and the lenses' caps) through workspace/configuration, and is told when they change.
          configuration: (params) => params.items.map((item) => serverSettings(item.section, item.scopeUri === undefined ? undefined : vscode.Uri.parse(item.scopeUri))),
          didChangeConfiguration: (sections, next) => next(sections?.flatMap((s) => (s === 'eventModel' ? SERVER_SECTIONS.map((name) => `eventModel.${name}`) : [s]))),
        },
        // Shown with the host's own findings added: the diagnostics publish them, not the client.
        handleDiagnostics: (uri, found) => void this.diagnostics.publishServerFindings(uri, found),
        // A code's "What it means" link opens its section rendered, not the file's text at line 1.
        provideHover: async (doc, position, token, next) => hoverLinkedToSections(await next(doc, position, token), this.diagnosticsDocs),
        // Asked again by the editor after each edit (the breadcrumbs, the outline, sticky scroll, the lenses).
        provideDocumentSymbols: async (doc, token, next) => {
          const uri = doc.uri.toString();
          const version = doc.version;
          const last = this.lastOutline;
          // The same text's outline, answered or on its way (unless that request came to nothing: cancelled, say).
          const kept = last?.uri === uri && last.version === version ? await last.symbols.catch(() => undefined) : undefined;
          if (kept?.answer) return this.handOn('documentSymbol', doc, kept.answer, kept.receivedAt, true);
          const symbols = Promise.resolve(next(doc, token)).then((answer) => ({ answer, receivedAt: performance.now() }));
          this.lastOutline = { uri, version, symbols };
          const { answer, receivedAt } = await symbols;
          return this.handOn('documentSymbol', doc, answer, receivedAt);
        },
        provideCodeLenses: async (doc, token, next) => {
          const answer = await next(doc, token);
          return this.handOn('codeLens', doc, answer, performance.now());
        },
      },
    };
    const client = new LanguageClient('eventModel', 'Event Model Language Server', serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
      this.log.info(`Language server started in ${Math.round(performance.now() - started)} ms`);
    } catch (e) {
      this.log.error(`The language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }

  /**
   * An answer handed on to the editor in a task of the event loop of its own, after the client
   * took it in and after the answer handed on before it. Taking in a large model's outline or
   * lenses (the message's JSON, the client's conversion) and handing them on (VS Code's
   * conversion and its message to the editor) are then stretches of the host's work with timers
   * and messages served in between, instead of one as long as all of them: the same outline
   * asked for twice (`kept`) is handed on twice. A timer, not `setImmediate`: immediates run
   * before the loop's next timers and messages, so they would free nothing.
   */
  private handOn<T extends readonly unknown[] | null | undefined>(request: ServerAnswer['request'], doc: vscode.TextDocument, answer: T, receivedAt: number, kept = false): Promise<T> {
    const handed = this.handingOn.then(() => new Promise((resolve) => setTimeout(resolve, 0))).then(() => {
      this.answered.fire({ request, uri: doc.uri, version: doc.version, items: answer?.length ?? 0, kept, receivedAt });
      return answer;
    });
    this.handingOn = handed;
    return handed;
  }

  /** The server's reference-count lens, clicked: VS Code's references peek at the lens. */
  showReferences(uri: unknown, position: unknown, locations: unknown): Thenable<unknown> | undefined {
    const convert = this.client?.protocol2CodeConverter;
    if (!convert || typeof uri !== 'string' || !Array.isArray(locations)) return undefined;
    const at = convert.asPosition(position as Parameters<typeof convert.asPosition>[0]);
    const places = locations.map((l) => convert.asLocation(l as Parameters<typeof convert.asLocation>[0]));
    return vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), at, places);
  }

  dispose(): void {
    void this.stop().finally(() => {
      this.output?.dispose();
      this.answered.dispose();
    });
  }
}

/**
 * The sections of `eventModel` the server may read: the validation settings, and the outline's
 * and the lenses' caps. The rest stays on the host: the event store's connection string may hold
 * a password.
 */
const SERVER_SECTIONS = ['validation', 'outline', 'codeLens'] as const;

/** The settings the server may read, for one file: all of `SERVER_SECTIONS` (`eventModel`), or one of them. */
function serverSettings(section: string | undefined, scope: vscode.Uri | undefined): unknown {
  const config = vscode.workspace.getConfiguration('eventModel', scope);
  const read = (name: (typeof SERVER_SECTIONS)[number]) =>
    name === 'validation'
      ? { enabled: config.get('validation.enabled'), debounceMs: config.get('validation.debounceMs'), namingConventions: config.get('validation.namingConventions') }
      : { maxItems: config.get(`${name}.maxItems`) };
  if (section === 'eventModel') return Object.fromEntries(SERVER_SECTIONS.map((name) => [name, read(name)]));
  const name = SERVER_SECTIONS.find((n) => section === `eventModel.${n}`);
  return name ? read(name) : null;
}

/** The server of the extension, once its feature is registered. */
let runningServer: ModelLanguageServer | undefined;

/** A model's diagram from the language server, or undefined when it does not run (the caller then draws it itself). */
export function diagramFromServer(params: DiagramRequestParams): Promise<DiagramOfModel | undefined> {
  return runningServer?.diagramOf(params) ?? Promise.resolve(undefined);
}

/** A model's outline from the language server, or undefined when it does not run (the caller then reads the model itself). */
export function outlineFromServer(params: OutlineRequestParams): Promise<ModelOutline | undefined> {
  return runningServer?.outlineOf(params) ?? Promise.resolve(undefined);
}

/**
 * Starts the language server when the first model or sample file opens (or at once, if one is
 * open already), and registers the Restart Language Server command.
 */
export function languageServerClient(server: ModelLanguageServer): Feature {
  return () => {
    runningServer = server;
    const startFor = (doc: vscode.TextDocument) => {
      if (isValidatedFile(doc.uri)) void server.start().catch(() => undefined);
    };
    vscode.workspace.textDocuments.forEach(startFor);
    return [
      server,
      new vscode.Disposable(() => {
        if (runningServer === server) runningServer = undefined;
      }),
      vscode.workspace.onDidOpenTextDocument(startFor),
      vscode.commands.registerCommand(RESTART_LANGUAGE_SERVER, () => server.restart()),
      vscode.commands.registerCommand(SHOW_REFERENCES, (uri: unknown, position: unknown, locations: unknown) => server.showReferences(uri, position, locations)),
    ];
  };
}
