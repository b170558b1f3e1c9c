import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isModelFile, type Diagnostic } from '../core/index.js';
import { ClientUris, toLspDiagnostic } from './convert.js';
import { registerDiagramRequest } from './diagramRequest.js';
import { FileChecks } from './fileChecks.js';
import { registerFeatures, featureCapabilities } from './features.js';
import { Settings, type InitializationOptions, type ValidationSettings } from './settings.js';
import { isIndexedFile, WorkspaceIndex } from './workspaceIndex.js';

/** The files the server watches on disk, for clients that let it register watchers. */
export const WATCHED_GLOB = '**/*.{events.yaml,events.yml,samples.yaml,samples.yml,samples.json,samples.jsonl}';

/**
 * Sent after each publication of a file's findings, even when they did not change (a client
 * cannot tell that from `publishDiagnostics` alone): tests and the editor's own features wait on it.
 */
export const DID_VALIDATE = 'eventModel/didValidate';
export interface DidValidateParams {
  uri: string;
  /** The editor's version of the text checked; absent for a file not open. */
  version?: number;
  /** How many findings were published. */
  count: number;
}

/** Sent when the first scan of the workspace folders is done: every model and sample file is indexed. */
export const DID_INDEX = 'eventModel/didIndex';
export interface DidIndexParams {
  files: number;
}

/** The server's state, for the feature handlers. */
export interface ServerContext {
  connection: Connection;
  index: WorkspaceIndex;
  checks: FileChecks;
  uris: ClientUris;
  /** The URI of the diagnostics reference, when known. */
  docs: string | undefined;
  /** Whether the client takes snippets in completions. */
  snippets: boolean;
  /** A file's settings (the index's URI). */
  settings: (uri: string) => Promise<ValidationSettings>;
}

/**
 * Wires the server to a connection: the workspace index, the checks of models and sample files
 * (the server owns their diagnostics) and the language features of src/core/language.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const uris = new ClientUris();
  let index = new WorkspaceIndex();
  let settings: Settings | undefined;
  let checks: FileChecks | undefined;
  let docs: string | undefined;
  let folders: string[] = [];
  let watchDynamically = false;
  let pullConfiguration = false;
  let configurationEvents = false;
  let folderEvents = false;
  let lensRefresh = false;
  const scan = new AbortController();
  const justOpened = new Set<string>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    const caps = params.capabilities;
    watchDynamically = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    pullConfiguration = caps.workspace?.configuration === true;
    configurationEvents = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    folderEvents = caps.workspace?.workspaceFolders === true;
    lensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
    docs = typeof init.diagnosticsDocs === 'string' ? init.diagnosticsDocs : shippedDiagnosticsDocs();
    index = new WorkspaceIndex(typeof init.largeJsonLinesChars === 'number' ? { largeJsonLinesChars: init.largeJsonLinesChars } : {});
    settings = new Settings(connection, pullConfiguration, init);
    const s = settings;
    checks = new FileChecks(
      index,
      (uri) => s.for(uris.toClient(uri)),
      (uri, found, version) => publish(uri, found, version),
      (message) => connection.console.error(message),
    );
    folders = (params.workspaceFolders ?? []).map((f) => uris.fromClient(f.uri));
    if (folders.length === 0 && params.rootUri) folders = [uris.fromClient(params.rootUri)];
    registerFeatures({
      connection, index, checks, uris, docs,
      settings: (uri) => s.for(uris.toClient(uri)),
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
    });
    registerDiagramRequest(connection, index, uris);
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      ...featureCapabilities(),
    };
    if (folderEvents) capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
    return { capabilities, serverInfo: { name: 'event-model-language-server' } };
  });

  connection.onInitialized(() => {
    if (watchDynamically) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_GLOB }] });
    if (configurationEvents) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'eventModel' });
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) {
          const uri = uris.fromClient(f.uri);
          folders = folders.filter((x) => x !== uri);
          for (const file of index.uris()) if (file.startsWith(uri.replace(/\/?$/, '/')) && !index.isOpen(file)) checks?.clear(file);
          index.forgetFolder(uri);
        }
        const added = e.added.map((f) => uris.fromClient(f.uri));
        folders.push(...added);
        void scanFolders(added);
      });
    }
    void scanFolders(folders).then((files) => void connection.sendNotification(DID_INDEX, { files } satisfies DidIndexParams));
  });

  /** Scans folders into the index, then re-checks the open sample files: their models may be indexed now. */
  async function scanFolders(list: string[]): Promise<number> {
    let files = 0;
    for (const folder of list) {
      try {
        files += await index.scan(folder, scan.signal);
      } catch (e) {
        connection.console.warn(`Could not scan ${folder}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (checks) for (const uri of checks.allSamplesToRecheck()) void checks.check(uri);
    return files;
  }

  function publish(uri: string, found: Diagnostic[], version: number | undefined): void {
    const client = uris.toClient(uri);
    const diagnostics = found.map((d) => toLspDiagnostic(d, uri, uris, docs));
    void connection.sendDiagnostics(version !== undefined ? { uri: client, version, diagnostics } : { uri: client, diagnostics });
    const params: DidValidateParams = version !== undefined ? { uri: client, version, count: found.length } : { uri: client, count: found.length };
    void connection.sendNotification(DID_VALIDATE, params);
  }

  /** A model appeared, changed or went away: its sample files (or every one, when pairings may change) are checked again. */
  function recheckSamplesOf(modelUri: string, pairingsChanged: boolean): void {
    if (!checks) return;
    const samples = pairingsChanged ? checks.allSamplesToRecheck() : checks.samplesToRecheck(modelUri);
    for (const uri of samples) void checks.check(uri);
  }

  documents.onDidOpen((e) => {
    if (isIndexedFile(e.document.uri)) justOpened.add(uris.fromClient(e.document.uri));
  });

  // Fires on open too: the first check of an opened file runs at once, an edit's after the quiet time.
  documents.onDidChangeContent((e) => {
    const doc = e.document;
    if (!isIndexedFile(doc.uri)) return;
    const uri = uris.fromClient(doc.uri);
    const isNew = !index.has(uri);
    index.openDocument(uri, doc.getText(), doc.version);
    if (justOpened.delete(uri)) {
      void checks?.check(uri);
      if (isNew && isModelFile(uri)) recheckSamplesOf(uri, true);
    } else {
      checks?.schedule(uri);
    }
  });

  documents.onDidSave((e) => {
    if (isIndexedFile(e.document.uri)) void checks?.check(uris.fromClient(e.document.uri));
  });

  documents.onDidClose((e) => {
    if (!isIndexedFile(e.document.uri)) return;
    const uri = uris.fromClient(e.document.uri);
    justOpened.delete(uri);
    checks?.clear(uri);
    void index.closeDocument(uri).then((kept) => {
      if (!kept && isModelFile(uri)) recheckSamplesOf(uri, true);
      // The disk's text may differ from the editor's last: the model's samples see the disk's now.
      else if (isModelFile(uri)) recheckSamplesOf(uri, false);
    });
  });

  connection.onDidChangeWatchedFiles(async (e) => {
    for (const change of e.changes) {
      if (!isIndexedFile(change.uri)) continue;
      const uri = uris.fromClient(change.uri);
      if (index.isOpen(uri)) continue; // the editor's text wins; its own events say what changed
      const existed = index.has(uri);
      let kept = false;
      if (change.type === FileChangeType.Deleted) index.delete(uri);
      else kept = await index.refresh(uri);
      if (!kept) checks?.clear(uri);
      else if (checks?.findings(uri).length) void checks.check(uri); // findings shown: keep them current
      if (isModelFile(uri)) recheckSamplesOf(uri, existed !== kept);
    }
  });

  connection.onDidChangeConfiguration((e) => {
    settings?.changed(e.settings);
    // The lenses' cap may have changed: the editor lists them again when asked to.
    if (lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    if (!checks) return;
    for (const doc of documents.all()) if (isIndexedFile(doc.uri)) void checks.check(uris.fromClient(doc.uri));
  });

  connection.onShutdown(() => {
    scan.abort();
    checks?.dispose();
  });

  // A promise of ours that fails unhandled is a bug to report, not a reason to end the server.
  process.on('unhandledRejection', (e) => connection.console.error(`Unhandled: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

  documents.listen(connection);
  connection.listen();
}

/** docs/diagnostics.md beside the bundle (the extension ships it; so does a checkout), as a file URI. */
function shippedDiagnosticsDocs(): string | undefined {
  const file = join(__dirname, '..', 'docs', 'diagnostics.md');
  return existsSync(file) ? pathToFileURL(file).href : undefined;
}
