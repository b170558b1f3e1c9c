// What a Replay panel replays: a sample file beside its model, or the events of an event store
// read against a model. Each is named by a URI, so a reloaded window can revive its panel.
import * as vscode from 'vscode';
import { readModel, readSampleInput, type ReplayInput, type ReplayInputError } from './inputs.js';

/** How a subject was asked to load: after an edit of a file it follows, or from scratch. */
export type LoadReason = 'edit' | 'full';

export interface ReplaySubject {
  /** Names the panel (one per subject) and is kept in the webview's state. */
  readonly uri: vscode.Uri;
  /** The file of events, when there is one: followed for edits, and its lines are linked. */
  readonly file?: vscode.Uri;
  /** The panel's title and the toolbar's. */
  readonly title: string;
  readonly label: string;
  /** Reads the model and the events; an edit of the model alone need not read the events again. */
  load(reason: LoadReason, signal: AbortSignal): Promise<ReplayInput | ReplayInputError>;
  /** Where the event at an index (from 0) is, in words, when it has no place in a file. */
  describeEvent?(index: number): string | undefined;
}

/** A sample file: YAML, JSON or JSON Lines. */
export function sampleSubject(uri: vscode.Uri): ReplaySubject {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return {
    uri,
    file: uri,
    title: `Replay: ${name.replace(/\.samples\.(ya?ml|jsonl?)$/i, '')}`,
    label: vscode.workspace.asRelativePath(uri),
    load: (_reason, signal) => readSampleInput(uri, signal),
  };
}

/** The scheme of the URIs that name event-store replays (never opened as files). */
export const EVENT_STORE_SCHEME = 'event-model-store';

/** The URI of an event-store replay: the model it reads against, and the stream (empty: all). */
export function eventStoreUri(model: vscode.Uri, stream: string): vscode.Uri {
  return vscode.Uri.from({ scheme: EVENT_STORE_SCHEME, path: `/${stream || 'all streams'}`, query: new URLSearchParams({ model: model.toString(), stream }).toString() });
}

/** The model and stream of an event-store replay's URI. */
export function parseEventStoreUri(uri: vscode.Uri): { model: vscode.Uri; stream: string } | undefined {
  if (uri.scheme !== EVENT_STORE_SCHEME) return undefined;
  const query = new URLSearchParams(uri.query);
  const model = query.get('model');
  return model ? { model: vscode.Uri.parse(model), stream: query.get('stream') ?? '' } : undefined;
}

/** What the event store module gives a subject: the loaded events and where each one came from. */
export interface LoadedStore {
  source: ReplayInput['source'];
  describe(index: number): string | undefined;
  description: string;
}

/**
 * Events read from an event store, against a model. The store is read once per full load
 * (opening, Retry); an edit of the model replays the same events again.
 */
export function eventStoreSubject(model: vscode.Uri, stream: string, read: () => Promise<LoadedStore>): ReplaySubject {
  let loaded: LoadedStore | undefined;
  const label = `${stream || 'all streams'} (event store)`;
  return {
    uri: eventStoreUri(model, stream),
    title: `Replay: ${stream || 'event store'}`,
    label,
    async load(reason) {
      const found = (await readModel(model)) ?? { error: `The model ${vscode.workspace.asRelativePath(model)} cannot be read.`, modelUri: model };
      if ('error' in found) return found;
      try {
        if (!loaded || reason === 'full') loaded = await read();
      } catch (e) {
        loaded = undefined;
        return { error: `The event store cannot be read: ${e instanceof Error ? e.message : String(e)}.`, modelUri: found.uri };
      }
      return { modelUri: found.uri, model: found.model, source: loaded.source };
    },
    describeEvent: (index) => loaded?.describe(index),
  };
}
