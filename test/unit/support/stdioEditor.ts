import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, type ClientCapabilities, type InitializeResult, type ProtocolConnection,
  type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

/**
 * An editor as Neovim or Helix is one to the language server: it starts `node dist/server.js
 * --stdio`, speaks JSON-RPC over the process's stdin and stdout, and answers the server's own
 * requests (settings, registrations). For the stdio test and the benchmark.
 */
export class StdioEditor {
  /** Every diagnostics publication, in the order received. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every `eventModel/didValidate` notification. */
  readonly validated: { uri: string; version?: number; count: number }[] = [];
  indexedFiles: number | undefined;
  /** The server's log messages of type error (a feature or a check that failed). */
  readonly errors: string[] = [];
  /** What the server wrote to stderr (shown when a test fails). */
  stderr = '';
  private readonly waiters = new Set<() => void>();
  private exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    /** The `eventModel` settings the editor answers `workspace/configuration` with. */
    public settings: Record<string, unknown>,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    process.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => this.record(() => this.published.push(p)));
    connection.onNotification('eventModel/didValidate', (p: { uri: string; version?: number; count: number }) => this.record(() => this.validated.push(p)));
    connection.onNotification('eventModel/didIndex', (p: { files: number }) => this.record(() => (this.indexedFiles = p.files)));
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'eventModel' ? this.settings : null)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1) this.errors.push(p.message);
    });
    connection.listen();
  }

  /** Starts the server over stdio and initializes it with one workspace folder. */
  static async start(
    serverJs: string,
    folder: string,
    options: { initializationOptions?: unknown; settings?: Record<string, unknown>; capabilities?: ClientCapabilities } = {},
  ): Promise<{ editor: StdioEditor; result: InitializeResult }> {
    const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const editor = new StdioEditor(child, connection, options.settings ?? {});
    const folderUri = pathToFileURL(folder).href;
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: 'workspace' }],
      initializationOptions: options.initializationOptions,
      capabilities: options.capabilities ?? {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { didSave: true },
          completion: { completionItem: { snippetSupport: false } },
          rename: { prepareSupport: true },
          publishDiagnostics: { versionSupport: true },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return { editor, result };
  }

  /** Resolves once `ready()` holds, checked on every message from the server. */
  until<T>(ready: () => T | undefined | false): Promise<T> {
    const now = ready();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value) {
          this.waiters.delete(check);
          resolve(value);
        }
      };
      this.waiters.add(check);
      void this.exited.then((code) => {
        if (this.waiters.delete(check)) reject(new Error(`the server exited (${code}) while waited on:\n${this.stderr}`));
      });
    });
  }

  /** The first diagnostics published for a file (at a version, when given) from the `from`th publication on. */
  diagnosticsFor(uri: string, version?: number, from = 0): Promise<PublishDiagnosticsParams> {
    return this.until(() => this.published.slice(from).find((p) => p.uri === uri && (version === undefined || p.version === version)));
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    const languageId = /\.events\.ya?ml$/.test(uri) ? 'event-model' : 'event-model-samples';
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Shuts the server down as an editor does (shutdown, then exit); resolves to its exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Ends the process whatever its state (after a failed test). */
  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
  }

  private record(add: () => void): void {
    add();
    for (const check of [...this.waiters]) check();
  }
}
