import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeciderCommandHandler, type Command, type Decider, type Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import {
  parseSamples, planGeneratedFiles, replayEvents, ReplayTimeline, toReplayEvent, validateModelText,
  type Model, type ReplayEvent, type SampleEvent,
} from '../../src/core/index.js';
import { connectReadOnly, EventStoreError, loadEventStore, readEventStore, type StoredEvent } from '../../src/node/eventStore.js';
import { main } from '../../src/cli/main.js';
import { ROOT } from './support/golden.js';
import { isProcessRunning, startPostgres, type PostgresServer } from './support/postgres.js';

// Reading an Emmett PostgreSQL event store for replay: the bank example's sample story is
// decided again by its generated decider and appended to a real store, then read back (all
// streams, one stream, page by page) and replayed; the states must be those of a replay of the
// sample file itself, and the store must be exactly as it was.

const exampleDir = path.join(ROOT, 'examples/bank');
const samplesFile = path.join(exampleDir, 'bank.samples.yaml');
const yuna = '0504260e-0d96-4f41-aec5-954303e3b1aa';
const streamOf = (accountId: string) => `account-${accountId}`;

type State = Record<string, unknown>;

/** Generates the bank into `dir` (its own handlers instead of the stubs) and loads the decider. */
async function generateDecider(dir: string): Promise<Decider<State, Command, Event>> {
  const { parsed } = validateModelText(readFileSync(path.join(exampleDir, 'bank.events.yaml'), 'utf8'));
  const plan = planGeneratedFiles(parsed.model, { modelPath: 'bank.events.yaml', target: 'emmett' });
  for (const file of plan.files) {
    const own = path.join(exampleDir, plan.settings.out, file.path);
    const useOwn = file.owner === 'user' && existsSync(own);
    mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    writeFileSync(path.join(dir, file.path), useOwn ? readFileSync(own, 'utf8') : file.content);
  }
  const decider = (await import(pathToFileURL(path.join(dir, 'account.decider.ts')).href)) as { decider: Decider<State, Command, Event> };
  return decider.decider;
}

/** The command that decides each sample event again, at the time the event records. */
function commandOf(e: SampleEvent): [accountId: string, command: Command] {
  const data = toReplayEvent(e).data as Record<string, string | number>;
  const accountId = String(data.accountId);
  const now = (field: string) => ({ now: new Date(String(data[field])) });
  const ref = data.reference !== undefined ? { reference: data.reference } : {};
  switch (e.type) {
    case 'AccountOpened':
      return [accountId, { type: 'OpenAccount', data: { accountId, ownerName: data.ownerName, currency: data.currency }, metadata: now('openedAt') }];
    case 'MoneyDeposited':
      return [accountId, { type: 'DepositMoney', data: { accountId, amount: data.amount, ...ref }, metadata: now('depositedAt') }];
    case 'MoneyWithdrawn':
      return [accountId, { type: 'WithdrawMoney', data: { accountId, amount: data.amount, ...ref }, metadata: now('withdrawnAt') }];
    case 'AccountClosed':
      return [accountId, { type: 'CloseAccount', data: { accountId }, metadata: now('closedAt') }];
    default:
      throw new Error(`no command for ${e.type}`);
  }
}

/** The end states of a replay, without the steps (whose ranges are the source's own). */
function endStates(model: Model, events: ReplayEvent[]) {
  const timeline = ReplayTimeline.build(model, { length: events.length, read: (from, to) => events.slice(from, to) });
  const { aggregates, projections } = timeline.stateAt(timeline.length);
  return { aggregates, projections, problems: timeline.problemCount };
}

function fromSamples(model: Model, events: SampleEvent[]) {
  const r = replayEvents(model, events);
  return { aggregates: r.aggregates, projections: r.projections, problems: r.problemCount };
}

async function collect(iterable: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

describe('Event store source: the events of an Emmett PostgreSQL store, read-only, for replay', function () {
  // Room for a first run that installs PostgreSQL (scripts/postgres/ensure-postgresql.mjs).
  this.timeout(300_000);

  let server: PostgresServer | undefined;
  let eventStore: PostgresEventStore | undefined;
  let admin: pg.Client | undefined;
  let generatedDir: string | undefined;
  let model: Model;
  let samples: SampleEvent[];
  let initial: { count: string; max: string };

  /** Waits (up to 10 s) until the server has no connection of the reader left: each read closes its own. */
  const noReaderLeft = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await admin!.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = 'event-model replay'");
      if (rows[0]!.n === '0') return;
      assert.ok(Date.now() < deadline, `${rows[0]!.n} reader connections still open`);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const storeFacts = async () =>
    (await admin!.query<{ count: string; max: string }>('SELECT count(*)::text AS count, max(global_position)::text AS max FROM emt_messages')).rows[0]!;

  before(async () => {
    mkdirSync(path.join(ROOT, 'out'), { recursive: true });
    generatedDir = mkdtempSync(path.join(ROOT, 'out', 'bank-store-'));
    const decider = await generateDecider(generatedDir);
    model = validateModelText(readFileSync(path.join(exampleDir, 'bank.events.yaml'), 'utf8')).parsed.model;
    samples = parseSamples(readFileSync(samplesFile, 'utf8'), samplesFile).events;
    server = await startPostgres();
    eventStore = getPostgreSQLEventStore(server.connectionString);
    const handle = DeciderCommandHandler({ ...decider, mapToStreamId: streamOf });
    // One command at a time, in the sample file's order: the store's global order is the file's.
    for (const e of samples) {
      const [accountId, command] = commandOf(e);
      await handle(eventStore, accountId, command);
    }
    admin = new pg.Client({ connectionString: server.connectionString });
    await admin.connect();
    initial = await storeFacts();
  });

  after(async () => {
    const closed = await Promise.allSettled([admin?.end(), eventStore?.close()]);
    const stopped = await Promise.allSettled([server?.stop()]);
    if (generatedDir) rmSync(generatedDir, { recursive: true, force: true });
    for (const r of [...closed, ...stopped]) if (r.status === 'rejected') throw r.reason;
    if (server) {
      assert.equal(isProcessRunning(server.pid), false, `postgres ${server.pid} is still running`);
      assert.equal(existsSync(server.folder), false, `${server.folder} is still there`);
    }
  });

  it('reads every stream in global order, and replays to the states of the sample file', async () => {
    assert.equal(initial.count, String(samples.length));
    const store = await loadEventStore({ connectionString: server!.connectionString });
    assert.equal(store.source.length, samples.length);
    const events = store.source.read(0, store.source.length);
    // The decider decided the sample events again: the same types and data, in the same order.
    assert.deepEqual(events.map((e) => ({ type: e.type, data: e.data })), samples.map((e) => ({ type: e.type, data: toReplayEvent(e).data })));
    assert.deepEqual(endStates(model, events), fromSamples(model, samples));
    assert.deepEqual(endStates(model, events).problems, 0);

    // The side record: the stream, the place in it and the global position, in increasing order.
    const stored = events.map((_, i) => store.stored(i)!);
    assert.deepEqual(store.streams, [streamOf(yuna), streamOf('7d29df2d-04dd-4809-9ffe-2a5dca649be8')]);
    assert.deepEqual(stored.map((s) => s.stream), samples.map((e) => streamOf(String((toReplayEvent(e).data as { accountId: string }).accountId))));
    for (let i = 1; i < stored.length; i++) assert.ok(stored[i]!.globalPosition > stored[i - 1]!.globalPosition, `global positions increase at ${i}`);
    assert.deepEqual(stored.filter((s) => s.stream === streamOf(yuna)).map((s) => s.streamPosition), [1, 2, 3, 4, 5]);
    assert.equal(store.stored(events.length), undefined);
    assert.equal(store.stored(-1), undefined);

    // The synthetic range is on the event's index; `at` is the created time. Emmett writes schema
    // version '1' for every event (MoneyDeposited is at version 2 in the model): no version is read.
    assert.deepEqual(events.map((e) => e.range.start.line), events.map((_, i) => i));
    for (const e of events) {
      assert.match(e.at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      assert.equal(e.version, undefined);
    }
  });

  it('reads one stream, and replays to the states of that stream\'s sample events', async () => {
    const store = await loadEventStore({ connectionString: server!.connectionString, stream: streamOf(yuna) });
    const events = store.source.read(0, store.source.length);
    const hers = samples.filter((e) => (toReplayEvent(e).data as { accountId: string }).accountId === yuna);
    assert.equal(events.length, 5);
    assert.deepEqual(endStates(model, events), fromSamples(model, hers));
    assert.deepEqual(store.streams, [streamOf(yuna)]);
    const none = await loadEventStore({ connectionString: server!.connectionString, stream: 'account-nobody' });
    assert.equal(none.source.length, 0);
  });

  it('pages through a cursor: any page size gives the same events', async () => {
    const whole = await collect(readEventStore({ connectionString: server!.connectionString }));
    for (const pageSize of [1, 3, 10, 11]) {
      assert.deepEqual(await collect(readEventStore({ connectionString: server!.connectionString, pageSize })), whole, `page size ${pageSize}`);
    }
    // The count, when asked for, comes before the first event and is what the read gives.
    const counts: number[] = [];
    let before = -1;
    for await (const _ of readEventStore({ connectionString: server!.connectionString, stream: streamOf(yuna), onCount: (n) => counts.push(n) })) {
      if (before < 0) before = counts.length;
    }
    assert.deepEqual([counts, before], [[5], 1]);
    // Stopping early closes the connection (the loop ends; nothing is left waiting).
    let seen = 0;
    for await (const e of readEventStore({ connectionString: server!.connectionString, pageSize: 2 })) {
      seen += 1;
      if (e.stored.globalPosition >= whole[2]!.stored.globalPosition) break;
    }
    assert.equal(seen, 3);
    await noReaderLeft();
  });

  it('never writes: the store is unchanged, and a write on its connection is refused', async () => {
    await loadEventStore({ connectionString: server!.connectionString });
    await loadEventStore({ connectionString: server!.connectionString, stream: streamOf(yuna) });
    assert.deepEqual(await storeFacts(), initial);
    // Even when the connection string asks for read-write transactions.
    const asked = `${server!.connectionString}&options=${encodeURIComponent('-c default_transaction_read_only=off')}`;
    for (const connectionString of [server!.connectionString, asked]) {
      const client = await connectReadOnly(connectionString);
      try {
        assert.equal((await client.query<{ default_transaction_read_only: string }>('SHOW default_transaction_read_only')).rows[0]!.default_transaction_read_only, 'on');
        await assert.rejects(
          client.query("INSERT INTO emt_messages (stream_position, transaction_id, stream_id, message_schema_version, message_id, message_type, message_data, message_metadata) VALUES (99, pg_current_xact_id(), 'x', '1', 'x', 'X', '{}', '{}')"),
          (e: { code?: string }) => e.code === '25006', // read_only_sql_transaction
        );
        await assert.rejects(client.query('CREATE TABLE intruder (x int)'), (e: { code?: string }) => e.code === '25006');
      } finally {
        await client.end();
      }
    }
    assert.deepEqual(await storeFacts(), initial);
  });

  it('reads a store in the older layout (emt_events, event_* columns), without the columns it lacks, and a schema version above 1', async () => {
    await admin!.query('CREATE DATABASE older');
    const older = server!.connectionString.replace('/postgres?', '/older?');
    const c = new pg.Client({ connectionString: older });
    await c.connect();
    try {
      await c.query(`CREATE TABLE emt_events (stream_id TEXT, stream_position BIGINT, global_position BIGINT, event_type TEXT, event_data JSONB, event_schema_version TEXT, is_archived BOOLEAN)`);
      await c.query(`INSERT INTO emt_events VALUES
        ('account-1', 1, 2, 'AccountOpened', '{"accountId":"1","ownerName":"A","currency":"EUR","openedAt":"2024-01-01T00:00:00Z"}', '1', FALSE),
        ('account-1', 2, 7, 'MoneyDeposited', '{"accountId":"1","amount":5,"balanceAfter":5,"depositedAt":"2024-01-02T00:00:00Z"}', '2', FALSE),
        ('account-1', 3, 5, 'MoneyDeposited', '{"accountId":"1","amount":1,"balanceAfter":1,"depositedAt":"2024-01-01T12:00:00Z"}', '2', TRUE)`);
    } finally {
      await c.end();
    }
    const read = await collect(readEventStore({ connectionString: older }));
    assert.deepEqual(read.map((e) => [e.event.type, e.stored.globalPosition, e.event.at, e.event.version]), [
      ['AccountOpened', 2, undefined, undefined],
      ['MoneyDeposited', 7, undefined, 2],
    ]);
  });

  it('says in one line what is wrong with a connection, without a stack trace or the password', async () => {
    await admin!.query('CREATE DATABASE empty');
    const socketless = mkdtempSync(path.join(tmpdir(), 'ems-nopg-'));
    try {
      const cases: Array<[string, RegExp]> = [
        ['not a url', /not a PostgreSQL URL/],
        ['mysql://root:secret@localhost/db', /not a PostgreSQL URL/],
        [server!.connectionString.replace('/postgres?', '/empty?'), /no Emmett event store in database 'empty' at .*: there is no emt_messages table/],
        [server!.connectionString.replace('/postgres?', '/missing?'), /database 'missing' .*: the database does not exist/],
        [`postgresql://postgres:secret@localhost/postgres?host=${encodeURIComponent(socketless)}`, /cannot connect to database 'postgres' at .*ems-nopg-.*: no PostgreSQL socket there/],
        ['postgresql://someone:secret@127.0.0.1:1/db', /cannot connect to database 'db' at 127\.0\.0\.1:1: the connection was refused/],
      ];
      for (const [connectionString, expected] of cases) {
        await assert.rejects(loadEventStore({ connectionString }), (e: unknown) => {
          assert.ok(e instanceof EventStoreError, `${connectionString}: ${String(e)}`);
          assert.match(e.message, expected);
          assert.doesNotMatch(e.message, /\n|secret/);
          return true;
        });
      }
    } finally {
      rmSync(socketless, { recursive: true, force: true });
    }
  });

  it('event-model replay --connection: the end states of the store, the stored position beside each event', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = async (args: string[]) => {
      out.length = 0;
      err.length = 0;
      return main(['replay', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) }, ROOT);
    };
    const file = await run(['examples/bank/bank.samples.yaml', '--format', 'json']);
    assert.equal(file, 0, err.join('\n'));
    const fromFile = JSON.parse(out.join('\n')) as { state: unknown };
    const code = await run(['examples/bank/bank.events.yaml', '--connection', server!.connectionString, '--format', 'json']);
    assert.equal(code, 0, err.join('\n'));
    const fromStore = JSON.parse(out.join('\n')) as { state: unknown; source: { kind: string }; position: number };
    assert.deepEqual(fromStore.state, fromFile.state);
    assert.equal(fromStore.source.kind, 'event-store');
    assert.equal(fromStore.position, samples.length);

    // --at stops the read there; the store counts its events for the length.
    assert.equal(await run(['examples/bank/bank.samples.yaml', '--at', '3', '--format', 'json']), 0);
    const fileAt3 = JSON.parse(out.join('\n')) as { state: unknown };
    assert.equal(await run(['examples/bank/bank.events.yaml', '--connection', server!.connectionString, '--at', '3', '--format', 'json']), 0, err.join('\n'));
    const storeAt3 = JSON.parse(out.join('\n')) as { state: unknown; position: number; length: number };
    assert.deepEqual([storeAt3.position, storeAt3.length], [3, samples.length]);
    assert.deepEqual(storeAt3.state, fileAt3.state);
    // Stopping at the step closed the connection.
    await noReaderLeft();
    assert.equal(await run(['examples/bank/bank.events.yaml', '--connection', server!.connectionString, '--at', '11']), 2);
    assert.match(err.join('\n'), /^event-model replay: --at 11 is past the end: the event store \(database 'postgres' at .*\) has 10 events$/);

    assert.equal(await run(['examples/bank/bank.events.yaml', '--connection', server!.connectionString, '--store-stream', streamOf(yuna)]), 0, err.join('\n'));
    assert.match(out.join('\n'), /Account-0504260e-0d96-4f41-aec5-954303e3b1aa/);
    assert.doesNotMatch(out.join('\n'), /Account-7d29df2d/);

    // A problem is placed at the event's stream, its place there and its global position.
    await admin!.query('CREATE DATABASE odd');
    const odd = server!.connectionString.replace('/postgres?', '/odd?');
    const oddStore = getPostgreSQLEventStore(odd);
    try {
      await oddStore.appendToStream(streamOf(yuna), [{ type: 'AccountOpened', data: { accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW', openedAt: '2024-09-02T09:00:00Z' } }]);
      await oddStore.appendToStream('audit-7', [{ type: 'AuditNoted', data: { note: 'looked' } }]);
    } finally {
      await oddStore.close();
    }
    assert.equal(await run(['examples/bank/bank.events.yaml', '--connection', odd]), 1);
    assert.deepEqual(out.join('\n').split('\n').slice(-1), ["audit-7@1 (global position 2) error unknown-event 'AuditNoted' is not an event of the model. (event 2)"]);
    assert.match(err.join('\n'), /^the event store \(database 'odd' at .+\): 2 events replayed through examples\/bank\/bank\.events\.yaml, 1 problem$/);
    assert.equal(await run(['--model', 'examples/bank/bank.events.yaml', '--connection', odd, '--format', 'json']), 1);
    const problems = (JSON.parse(out.join('\n')) as { problems: unknown[] }).problems;
    assert.deepEqual(problems, [{ position: 2, kind: 'unknown-event', message: "'AuditNoted' is not an event of the model.", stored: { stream: 'audit-7', streamPosition: 1, globalPosition: 2 } }]);
    assert.equal(await run(['examples/bank/bank.events.yaml', '--connection', odd, '--store-stream', 'audit-8']), 2);
    assert.match(err.join('\n'), /has no events in a stream named 'audit-8'/);

    // The bundled CLI loads the reader (and pg) from dist/event-store.js, beside it.
    const cli = path.join(ROOT, 'dist/cli.js');
    if (existsSync(cli) && existsSync(path.join(ROOT, 'dist/event-store.js'))) {
      const bundled = spawnSync(process.execPath, [cli, 'replay', '--model', 'examples/bank/bank.events.yaml', '--connection', server!.connectionString, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(bundled.status, 0, bundled.stderr);
      assert.deepEqual((JSON.parse(bundled.stdout) as { state: unknown }).state, fromFile.state);
      // A replay that stops early ends the program: nothing is left holding it open.
      const early = spawnSync(process.execPath, [cli, 'replay', 'examples/bank/bank.events.yaml', '--connection', server!.connectionString, '--at', '2'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(early.status, 0, `${early.signal ?? ''} ${early.stderr}`);
      assert.match(early.stderr, /: 2 of 10 events replayed through/);
    }

    assert.equal(await run(['examples/bank/bank.events.yaml', '--connection', 'postgresql://x:secret@127.0.0.1:1/db']), 2);
    assert.deepEqual(err, ["event-model replay: cannot connect to database 'db' at 127.0.0.1:1: the connection was refused (is PostgreSQL running there?)"]);
    assert.deepEqual(await storeFacts(), initial);
  });
});
