import pg from 'pg';
import type { EventSource } from '../core/replay/timeline.js';
import type { JsonValue, ReplayEvent } from '../core/replay/types.js';

/**
 * The events of an Emmett PostgreSQL event store, read for replay: in global order, a page at a
 * time through a cursor, in one read-only transaction (a consistent snapshot), on a connection
 * whose every transaction is read-only. Nothing is ever written.
 *
 * The table layout is Emmett's (`@event-driven-io/emmett-postgresql`): events in `emt_messages`
 * (`message_type`, `message_data`, `message_schema_version`, `message_kind`, `stream_id`,
 * `stream_position`, `global_position`, `partition`, `is_archived`, `created`), or, in stores
 * written by Emmett 0.38 and older, `emt_events` with `event_*` columns. The columns are looked up
 * first, so an optional one that is absent is simply not read. The schema version column is read
 * only above 1: Emmett writes '1' for every event, so '1' does not tell an old event from a new one.
 *
 * This module pulls in `pg`: the bundles load it lazily (dist/event-store.js, built on its own),
 * so import it with `await import()` where it is used.
 */

export interface EventStoreOptions {
  /** A PostgreSQL URL: `postgresql://user:password@host:5432/database` (`?host=/folder` for a unix socket). */
  connectionString: string;
  /** Only this stream's events (Emmett's stream name, `stream_id`); all streams when absent. */
  stream?: string;
  /** Emmett's partition (default `emt:default`, where Emmett writes unless told otherwise). */
  partition?: string;
  /** Rows per fetch (default 1,000). */
  pageSize?: number;
  /** Milliseconds to wait for the server to answer a connection (default 10,000). */
  connectTimeoutMs?: number;
  /**
   * When given, called once before the first event with how many events the read gives,
   * counted in the same snapshot (one more query), so a reader that stops early knows the total.
   */
  onCount?: (count: number) => void;
}

/** Where an event is in the store: its stream, its place in the stream, and its global position. */
export interface StoredEventInfo {
  stream: string;
  /** From 1 within the stream. */
  streamPosition: number;
  /** Emmett's global position: the order of all events in the store. */
  globalPosition: number;
}

/** One event read from the store: as the replay reads it, and where it was. */
export interface StoredEvent {
  event: ReplayEvent;
  stored: StoredEventInfo;
}

/** What cannot be read, in one line fit for a user: never a stack trace, never a password. */
export class EventStoreError extends Error {
  override readonly name = 'EventStoreError';
}

/** Emmett's default partition. */
export const DEFAULT_PARTITION = 'emt:default';
const DEFAULT_PAGE_SIZE = 1000;
const CURSOR = 'event_model_replay';
const JSON_OID = 114;
const JSONB_OID = 3802;

/** The connection string checked and described without its credentials, for messages. */
export function describeConnection(connectionString: string): string {
  const url = parseConnectionUrl(connectionString);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || url.username || 'postgres';
  const socket = url.searchParams.get('host');
  const where = socket ?? (url.hostname ? `${url.hostname}${url.port ? `:${url.port}` : ''}` : 'localhost');
  return `database '${database}' at ${where}`;
}

function parseConnectionUrl(connectionString: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(connectionString.trim());
  } catch {
    url = undefined;
  }
  // The string itself is never repeated: it may hold a password.
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')) {
    throw new EventStoreError('the connection is not a PostgreSQL URL; give one such as postgresql://user:password@localhost:5432/database');
  }
  return url;
}

/**
 * A connection on which every transaction is read-only (`default_transaction_read_only`), for
 * reading the store. The caller ends it.
 */
export async function connectReadOnly(connectionString: string, options: { connectTimeoutMs?: number } = {}): Promise<pg.Client> {
  const where = describeConnection(connectionString);
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'event-model replay',
    // This client's own parsers: JSON as JSON.parse reads it, everything else as text, whatever
    // another user of pg in the same process (Emmett sets bigint and JSON parsers) made the default.
    types: { getTypeParser: ((oid: number) => (oid === JSONB_OID || oid === JSON_OID ? JSON.parse : (text: string) => text)) as typeof pg.types.getTypeParser },
  });
  // A connection lost later is reported by the query that meets it; this only keeps the
  // client's own error event from ending the process.
  client.on('error', () => {});
  try {
    await client.connect();
    // After connecting, so no parameter of the connection string can turn it off again.
    await client.query('SET default_transaction_read_only = on');
  } catch (e) {
    await client.end().catch(() => {});
    throw storeError(e, where);
  }
  return client;
}

/** The columns the events are read from: Emmett's current layout or its older one. */
interface Layout {
  table: string;
  type: string;
  data: string;
  version?: string;
  kind?: string;
  created?: string;
  partition?: string;
  archived?: string;
}

async function readLayout(client: pg.Client, where: string): Promise<Layout> {
  const { rows } = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE a.attrelid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('emt_messages') OR oid = to_regclass('emt_events'))
        AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const columnsOf = (table: string) => new Set(rows.filter((r) => r.table === table).map((r) => r.column));
  const messages = columnsOf('emt_messages');
  const events = columnsOf('emt_events');
  const [table, columns, prefix] = messages.size > 0 ? ['emt_messages', messages, 'message'] : events.size > 0 ? ['emt_events', events, 'event'] : [undefined, new Set<string>(), ''];
  if (!table) throw new EventStoreError(`no Emmett event store in ${where}: there is no emt_messages table (on the search path)`);
  const missing = ['stream_id', 'stream_position', 'global_position', `${prefix}_type`, `${prefix}_data`].filter((c) => !columns.has(c));
  if (missing.length > 0) throw new EventStoreError(`${table} in ${where} is not an Emmett event store table: it has no ${missing.join(', ')}`);
  const optional = (name: string) => (columns.has(name) ? name : undefined);
  const layout: Layout = { table, type: `${prefix}_type`, data: `${prefix}_data` };
  const version = optional(`${prefix}_schema_version`);
  const kind = optional('message_kind');
  const created = optional('created');
  const partition = optional('partition');
  const archived = optional('is_archived');
  if (version) layout.version = version;
  if (kind) layout.kind = kind;
  if (created) layout.created = created;
  if (partition) layout.partition = partition;
  if (archived) layout.archived = archived;
  return layout;
}

function conditionsText(client: pg.Client, layout: Layout, options: EventStoreOptions): string {
  const conditions = ['TRUE'];
  if (options.stream !== undefined) conditions.push(`stream_id = ${client.escapeLiteral(options.stream)}`);
  if (layout.partition) conditions.push(`${layout.partition} = ${client.escapeLiteral(options.partition ?? DEFAULT_PARTITION)}`);
  if (layout.archived) conditions.push(`${layout.archived} = FALSE`);
  // Emmett stores commands beside events in the same table; only events are replayed.
  if (layout.kind) conditions.push(`${layout.kind} = 'E'`);
  return conditions.join(' AND ');
}

function selectText(client: pg.Client, layout: Layout, options: EventStoreOptions): string {
  return `SELECT global_position::text AS global_position, stream_id, stream_position::text AS stream_position,
                 ${layout.type} AS type, ${layout.data} AS data,
                 ${layout.created ? `to_char(${layout.created} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : 'NULL'} AS created,
                 ${layout.version ? `${layout.version}::text` : 'NULL'} AS version
            FROM ${layout.table}
           WHERE ${conditionsText(client, layout, options)}
           ORDER BY ${layout.table}.global_position`;
}

interface Row {
  global_position: string;
  stream_id: string;
  stream_position: string;
  type: string;
  data: JsonValue;
  created: string | null;
  version: string | null;
}

/** Microseconds are dropped, and whole seconds written without a fraction, as sample files write them. */
function timestamp(created: string): string {
  return created.replace(/(\.\d{3})\d*Z$/, '$1Z').replace('.000Z', 'Z');
}

function toStoredEvent(row: Row, index: number): StoredEvent {
  const line = { line: index, character: 0 };
  // Emmett writes schema version '1' for every event, whatever the shape of its data, so '1' says
  // nothing: such an event is read at the model's version. A later version is the event's own.
  const written = row.version !== null && /^[1-9]\d{0,8}$/.test(row.version.trim()) ? Number(row.version.trim()) : undefined;
  const version = written !== undefined && written > 1 ? written : undefined;
  const event: ReplayEvent = {
    type: row.type,
    data: row.data,
    range: { start: line, end: line },
    ...(row.created !== null ? { at: timestamp(row.created) } : {}),
    ...(version !== undefined ? { version } : {}),
  };
  return { event, stored: { stream: row.stream_id, streamPosition: Number(row.stream_position), globalPosition: Number(row.global_position) } };
}

/**
 * The store's events in global order, one at a time (fetched a page at a time), as one
 * consistent snapshot. Each event's range is on line `index` (from 0, in the order read).
 * Stopping early (`break`) closes the connection.
 */
export async function* readEventStore(options: EventStoreOptions): AsyncGenerator<StoredEvent, void, undefined> {
  const where = describeConnection(options.connectionString);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const client = await connectReadOnly(options.connectionString, options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {});
  try {
    let index = 0;
    let page: Row[];
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const layout = await readLayout(client, where);
      if (options.onCount) {
        const counted = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${layout.table} WHERE ${conditionsText(client, layout, options)}`);
        options.onCount(Number(counted.rows[0]?.n ?? 0));
      }
      await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${selectText(client, layout, options)}`);
      page = (await client.query<Row>(`FETCH FORWARD ${pageSize} FROM ${CURSOR}`)).rows;
    } catch (e) {
      throw storeError(e, where);
    }
    for (;;) {
      for (const row of page) yield toStoredEvent(row, index++);
      if (page.length < pageSize) break;
      try {
        page = (await client.query<Row>(`FETCH FORWARD ${pageSize} FROM ${CURSOR}`)).rows;
      } catch (e) {
        throw storeError(e, where);
      }
    }
    await client.query('COMMIT').catch(() => {});
  } finally {
    await client.end().catch(() => {});
  }
}

/** The events of a store loaded for a `ReplayTimeline`, and where each one is in the store. */
export interface EventStoreSource {
  source: EventSource;
  /** Where the event at `index` (from 0, the line of its range) is in the store. */
  stored(index: number): StoredEventInfo | undefined;
  /** The stream names, in the order their first event was read. */
  readonly streams: readonly string[];
  /** The store, without credentials: `database 'name' at host`. */
  readonly description: string;
}

/**
 * Reads every event (of one stream, or of all) into memory as an `EventSource`; the positions are
 * kept apart, compactly, for the host to show beside each event.
 */
export async function loadEventStore(options: EventStoreOptions, onProgress?: (read: number) => void): Promise<EventStoreSource> {
  const description = describeConnection(options.connectionString);
  const events: ReplayEvent[] = [];
  const positions = new StoredPositions();
  for await (const { event, stored } of readEventStore(options)) {
    events.push(event);
    positions.add(stored);
    if (onProgress && events.length % DEFAULT_PAGE_SIZE === 0) onProgress(events.length);
  }
  const length = events.length;
  return {
    // In memory, without the core's arraySource: this module's bundle carries pg and nothing else.
    source: { length, read: (from, to) => events.slice(Math.max(0, from), Math.max(0, to)) },
    stored: (index) => positions.get(index),
    streams: positions.streams,
    description,
  };
}

/**
 * Where each event read is in the store, by index (from 0), kept compactly: about 20 bytes an
 * event, with each stream name once. A reader that does not keep the events keeps this.
 */
export class StoredPositions {
  /** The stream names, in the order their first event was added. */
  readonly streams: string[] = [];
  private readonly streamIds = new Map<string, number>();
  private streamOf = new Uint32Array(1024);
  private streamPositionOf = new Float64Array(1024);
  private globalPositionOf = new Float64Array(1024);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Records the next event's place. */
  add(stored: StoredEventInfo): void {
    const i = this.count;
    if (i === this.streamOf.length) {
      const more = <T extends Uint32Array | Float64Array>(from: T, to: T): T => (to.set(from), to);
      this.streamOf = more(this.streamOf, new Uint32Array(i * 2));
      this.streamPositionOf = more(this.streamPositionOf, new Float64Array(i * 2));
      this.globalPositionOf = more(this.globalPositionOf, new Float64Array(i * 2));
    }
    let id = this.streamIds.get(stored.stream);
    if (id === undefined) {
      id = this.streams.length;
      this.streams.push(stored.stream);
      this.streamIds.set(stored.stream, id);
    }
    this.streamOf[i] = id;
    this.streamPositionOf[i] = stored.streamPosition;
    this.globalPositionOf[i] = stored.globalPosition;
    this.count = i + 1;
  }

  /** Where the event at `index` is, if it was added. */
  get(index: number): StoredEventInfo | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    return { stream: this.streams[this.streamOf[index]!]!, streamPosition: this.streamPositionOf[index]!, globalPosition: this.globalPositionOf[index]! };
  }
}

/** A driver or server error as one line: what failed, where, and PostgreSQL's own reason. */
function storeError(e: unknown, where: string): EventStoreError {
  if (e instanceof EventStoreError) return e;
  const err = e as { code?: string; message?: string; errors?: Array<{ code?: string }> } | undefined;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  const code = err?.code ?? err?.errors?.find((x) => x.code)?.code;
  const reason = (err?.message ?? String(e)).split('\n')[0]!.trim();
  switch (code) {
    case 'ECONNREFUSED':
      return new EventStoreError(`cannot connect to ${where}: the connection was refused (is PostgreSQL running there?)`);
    case 'ENOENT':
      return new EventStoreError(`cannot connect to ${where}: no PostgreSQL socket there (is PostgreSQL running?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EventStoreError(`cannot connect to ${where}: the host name is not known`);
    case 'ETIMEDOUT':
      return new EventStoreError(`cannot connect to ${where}: no answer in time`);
    case '28P01':
    case '28000':
      return new EventStoreError(`cannot connect to ${where}: ${reason}`);
    case '3D000':
      return new EventStoreError(`cannot connect to ${where}: the database does not exist`);
    case '42501':
      return new EventStoreError(`cannot read the events in ${where}: ${reason}`);
    default:
      if (/timeout/i.test(reason)) return new EventStoreError(`cannot connect to ${where}: no answer in time`);
      return new EventStoreError(`cannot read the events in ${where}: ${reason || 'unknown error'}`);
  }
}
