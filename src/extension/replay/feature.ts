import * as vscode from 'vscode';
import { isModelFile, isSampleFile } from '../../core/index.js';
import { REPLAY_VIEW_TYPE, type ReplayPanelState } from '../../protocol/replay.js';
import type { Feature } from '../feature.js';
import type { Log } from '../log.js';
import { ModelReplayCodeLens, SAMPLE_FILES_SELECTOR, SampleReplayCodeLens } from './codeLens.js';
import { ReplayPanel } from './panel.js';
import { pickSampleOf } from './sampleFiles.js';
import { replaySettings } from './settings.js';
import { eventStoreSubject, parseEventStoreUri, sampleSubject, type LoadedStore, type ReplaySubject } from './subjects.js';

export const OPEN_REPLAY = 'eventModel.openReplay';
export const OPEN_REPLAY_FOR_MODEL = 'eventModel.openReplayForModel';
export const REPLAY_FROM_EVENT_STORE = 'eventModel.replayFromEventStore';

/** The file a command applies to: its argument (Explorer, title bar, CodeLens), else the active editor's. */
function targetFile(arg: unknown, fits: (path: string) => boolean): vscode.Uri | undefined {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  return uri && fits(uri.path) ? uri : undefined;
}

/** Beside the file's editor when it is in view, else in the active group. */
function columnFor(file: vscode.Uri | undefined): vscode.ViewColumn {
  const active = vscode.window.activeTextEditor;
  return file && active?.document.uri.toString() === file.toString() ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}

/**
 * The Replay panel: open it for a sample file or for a model (picking one of its sample files),
 * or over an event store; CodeLenses on sample files and models; a serializer that brings panels
 * back after a window reload.
 */
export function replayPanels(): Feature {
  return ({ extension, log }) => {
    const bundleRoot = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'webview');
    const show = (subject: ReplaySubject, column: vscode.ViewColumn) => ReplayPanel.show(subject, bundleRoot, log, column);
    return [
      vscode.commands.registerCommand(OPEN_REPLAY, (arg?: unknown) => {
        const uri = targetFile(arg, isSampleFile);
        if (uri) return show(sampleSubject(uri), columnFor(uri));
        void vscode.window.showInformationMessage('Open a sample event file (*.samples.yaml, .json or .jsonl) to replay it.');
        return undefined;
      }),
      vscode.commands.registerCommand(OPEN_REPLAY_FOR_MODEL, async (arg?: unknown) => {
        const model = targetFile(arg, isModelFile);
        if (!model) {
          void vscode.window.showInformationMessage('Open an event model (*.events.yaml) to replay one of its sample files.');
          return undefined;
        }
        const sample = await pickSampleOf(model);
        return sample ? show(sampleSubject(sample), columnFor(model)) : undefined;
      }),
      vscode.commands.registerCommand(REPLAY_FROM_EVENT_STORE, async (arg?: unknown) => {
        const model = await eventStoreModel(arg);
        if (!model || !(await eventStoreReady(model))) return undefined;
        const stream = replaySettings(model).stream;
        return show(eventStoreSubject(model, stream, () => readStore(model, stream, log)), columnFor(model));
      }),
      vscode.window.registerWebviewPanelSerializer(REPLAY_VIEW_TYPE, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: ReplayPanelState | undefined) {
          const uri = typeof state?.sampleUri === 'string' ? vscode.Uri.parse(state.sampleUri) : undefined;
          const store = uri && parseEventStoreUri(uri);
          const subject = store
            ? eventStoreSubject(store.model, store.stream, () => readStore(store.model, store.stream, log))
            : uri && isSampleFile(uri.path)
              ? sampleSubject(uri)
              : undefined;
          if (!subject) {
            panel.dispose();
            return;
          }
          new ReplayPanel(panel, subject, bundleRoot, log, { position: Math.max(0, Math.floor(Number(state?.position) || 0)) });
        },
      }),
      vscode.languages.registerCodeLensProvider(SAMPLE_FILES_SELECTOR, new SampleReplayCodeLens(OPEN_REPLAY)),
      vscode.languages.registerCodeLensProvider({ language: 'event-model' }, new ModelReplayCodeLens(OPEN_REPLAY_FOR_MODEL)),
    ];
  };
}

/** The model an event store is read against: the argument, the active model, or one picked from the workspace. */
async function eventStoreModel(arg: unknown): Promise<vscode.Uri | undefined> {
  const given = targetFile(arg, isModelFile);
  if (given) return given;
  const models = await vscode.workspace.findFiles('**/*.events.{yaml,yml}', '**/{node_modules,.git}/**');
  if (models.length === 0) {
    void vscode.window.showInformationMessage('Replay from Event Store reads the events against a model: there is no *.events.yaml in this workspace.');
    return undefined;
  }
  if (models.length === 1) return models[0];
  const picked = await vscode.window.showQuickPick(
    models.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Replay from Event Store', placeHolder: 'The model to read the events with' },
  );
  return picked?.uri;
}

/** Whether the store may be read: a trusted workspace and a connection string; says why not. */
async function eventStoreReady(model: vscode.Uri): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    const choice = await vscode.window.showWarningMessage(
      'Replay from Event Store is off in an untrusted workspace: it connects to the database its settings name. Trust the workspace to use it; sample files replay either way.',
      'Manage Workspace Trust',
    );
    if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }
  if (replaySettings(model).connectionString === '') {
    const choice = await vscode.window.showInformationMessage(
      'Replay from Event Store needs the database to read: set eventModel.replay.eventStore.connectionString (and eventModel.replay.eventStore.stream for one stream).',
      'Open Settings',
    );
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'eventModel.replay.eventStore');
    return false;
  }
  return true;
}

/** Reads the store the settings name; the reader (and pg) is loaded only now. */
async function readStore(model: vscode.Uri, stream: string, log: Log): Promise<LoadedStore> {
  // Checked on every read, as a revived panel or a Retry reads again.
  if (!vscode.workspace.isTrusted) throw new Error('the workspace is not trusted, so no event store is read');
  const { connectionString } = replaySettings(model);
  if (connectionString === '') throw new Error('eventModel.replay.eventStore.connectionString is not set');
  const store = await import('../../node/eventStore.js');
  const loaded = await store.loadEventStore({ connectionString, ...(stream !== '' ? { stream } : {}) });
  log.info(`event store: read ${loaded.source.length} events of ${stream || 'all streams'} from ${loaded.description}`);
  return {
    source: loaded.source,
    description: loaded.description,
    describe: (index) => {
      const at = loaded.stored(index);
      return at && `event ${at.streamPosition} of ${at.stream} (global position ${at.globalPosition}) in ${loaded.description}`;
    },
  };
}
