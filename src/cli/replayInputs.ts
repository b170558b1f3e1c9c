import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isJsonLines, isSampleFile, parseSamples, toReplayEvent, type Diagnostic, type EventSource } from '../core/index.js';
import type { StoredEventInfo } from '../node/eventStore.js';
import { openJsonLinesSource, type JsonLinesSource } from '../node/jsonLinesFile.js';

/** Bad usage, or a file or store that cannot be read: one line for the user, exit code 2. */
export class UsageError extends Error {}

/** Where the events come from, and how to say where one of them is. */
export interface Input {
  source: EventSource;
  /** For the JSON output: `{ kind: 'file', file }` or `{ kind: 'event-store', database, stream? }`. */
  json: Record<string, string>;
  /** Shown in the summary: the file, or the store. */
  label: string;
  /** The model named by the sample file, for finding it. */
  namedModel?: string;
  /** What is wrong with the sample file itself (entries that cannot be read are left out of the replay). */
  diagnostics: Diagnostic[];
  /** How many more there are than listed (a long JSON Lines file lists the first ones). */
  unlistedDiagnostics: number;
  file?: string;
  stored?: (index: number) => StoredEventInfo | undefined;
}

/**
 * A sample file's events. A JSON Lines file is indexed in one streaming pass and read from disk
 * as the replay goes, so memory does not grow with the file; YAML and JSON files are parsed whole.
 */
export async function fileInput(file: string, given: string): Promise<Input> {
  const label = given.split(path.sep).join('/');
  const cannotRead = (e: unknown) => new UsageError(`cannot read '${given}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  if (!existsSync(file)) throw cannotRead(Object.assign(new Error(), { code: 'ENOENT' }));
  if (!isSampleFile(file)) throw new UsageError(`'${given}' is not a sample file (*.samples.yaml|yml|json|jsonl)`);
  const common = { json: { kind: 'file', file: label }, label, file };
  if (isJsonLines(file)) {
    let source: JsonLinesSource;
    try {
      source = await openJsonLinesSource(file);
    } catch (e) {
      throw cannotRead(e);
    }
    return {
      ...common,
      source,
      ...(source.model ? { namedModel: source.model.path } : {}),
      diagnostics: source.problems,
      unlistedDiagnostics: source.problemCount - source.problems.length,
    };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw cannotRead(e);
  }
  const parsed = parseSamples(text, file);
  const events = parsed.events.map(toReplayEvent);
  return {
    ...common,
    source: { length: events.length, read: (from, to) => events.slice(Math.max(0, from), Math.max(0, to)) },
    ...(parsed.model ? { namedModel: parsed.model.path } : {}),
    diagnostics: parsed.diagnostics,
    unlistedDiagnostics: 0,
  };
}

/** The events of an event store, loaded through dist/event-store.js (pg is loaded only here). */
export async function storeInput(connectionString: string, stream: string | undefined): Promise<Input> {
  const store = await import('../node/eventStore.js');
  let loaded;
  try {
    loaded = await store.loadEventStore({ connectionString, ...(stream !== undefined ? { stream } : {}) });
  } catch (e) {
    if (e instanceof store.EventStoreError) throw new UsageError(e.message);
    throw new UsageError(`cannot read the event store: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  const label = `the event store (${loaded.description}${stream !== undefined ? `, stream '${stream}'` : ''})`;
  if (stream !== undefined && loaded.source.length === 0) throw new UsageError(`the event store (${loaded.description}) has no events in a stream named '${stream}'`);
  return {
    source: loaded.source,
    json: { kind: 'event-store', database: loaded.description, ...(stream !== undefined ? { stream } : {}) },
    label,
    diagnostics: [],
    unlistedDiagnostics: 0,
    stored: loaded.stored,
  };
}
