import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isJsonLines, isSampleFile, parseSamples, toReplayEvent, type Diagnostic, type EventSource, type QuickReading, type ReplayEvent } from '../core/index.js';
import type { StoredEventInfo } from '../node/eventStore.js';
import { openJsonLinesSource, type JsonLinesSource } from '../node/jsonLinesFile.js';

/** Bad usage, or a file or store that cannot be read: one line for the user, exit code 2. */
export class UsageError extends Error {}

/** Where the events come from, and how to say where one of them is. */
export interface Input {
  /**
   * The events in order, read as the replay goes (the file's source a batch at a time, the
   * store's a page at a time). With `quick`, a JSON Lines file's plain lines are read the quick
   * way, for a bulk replay.
   */
  events(quick?: QuickReading): AsyncIterable<ReplayEvent>;
  /** How many there are, when known before reading them (a sample file), or once the read has begun (a store, when asked to count). */
  length?: number;
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
      ...sourceEvents(source),
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
    ...sourceEvents({ length: events.length, read: (from, to) => events.slice(Math.max(0, from), Math.max(0, to)) }),
    ...(parsed.model ? { namedModel: parsed.model.path } : {}),
    diagnostics: parsed.diagnostics,
    unlistedDiagnostics: 0,
  };
}

/** A source's events a batch at a time. */
function sourceEvents(source: EventSource): Pick<Input, 'events' | 'length'> {
  return {
    length: source.length,
    async *events(quick?: QuickReading) {
      for (let from = 0; from < source.length; from += 2048) {
        const batch = source.read(from, Math.min(source.length, from + 2048), quick);
        // A file cut short since it was indexed ends the events there.
        if (batch.length === 0) return;
        yield* batch;
      }
    },
  };
}

/**
 * The events of an Emmett PostgreSQL event store, read page by page as the replay goes (only
 * where each one is in the store is kept). With `count`, the store counts them first, so a
 * replay that stops early still knows the length. The reader, with pg, is loaded only here: in
 * the bundle it is dist/event-store.js, beside the CLI.
 */
export async function storeInput(connectionString: string, stream: string | undefined, options: { count?: boolean } = {}): Promise<Input> {
  const store = await import('../node/eventStore.js');
  const fail = (e: unknown) =>
    new UsageError(e instanceof store.EventStoreError ? e.message : `cannot read the event store: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  let description: string;
  try {
    description = store.describeConnection(connectionString);
  } catch (e) {
    throw fail(e);
  }
  const positions = new store.StoredPositions();
  const input: Input = {
    async *events() {
      const onCount = options.count ? (n: number) => (input.length = n) : undefined;
      const reader = store.readEventStore({ connectionString, ...(stream !== undefined ? { stream } : {}), ...(onCount ? { onCount } : {}) });
      try {
        for (;;) {
          let next: IteratorResult<{ event: ReplayEvent; stored: StoredEventInfo }>;
          try {
            next = await reader.next();
          } catch (e) {
            throw fail(e);
          }
          if (next.done) break;
          positions.add(next.value.stored);
          yield next.value.event;
        }
      } finally {
        // A replay that stops early (--at) closes the reader, and with it the connection.
        await reader.return(undefined);
      }
      if (stream !== undefined && positions.length === 0) throw new UsageError(`the event store (${description}) has no events in a stream named '${stream}'`);
    },
    json: { kind: 'event-store', database: description, ...(stream !== undefined ? { stream } : {}) },
    label: `the event store (${description}${stream !== undefined ? `, stream '${stream}'` : ''})`,
    diagnostics: [],
    unlistedDiagnostics: 0,
    stored: (index) => positions.get(index),
  };
  return input;
}
