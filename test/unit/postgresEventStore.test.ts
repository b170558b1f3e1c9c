import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeciderCommandHandler, projections, type Command, type Decider, type Event, type ReadEvent } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, pongoMultiStreamProjection, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { pongoClient, type PongoClient } from '@event-driven-io/pongo';
import { planGeneratedFiles, validateModelText } from '../../src/core/index.js';
import { ROOT } from './support/golden.js';
import { isProcessRunning, startPostgres, type PostgresServer } from './support/postgres.js';

// The bank example end to end against a real PostgreSQL, through the code generated from
// examples/bank/bank.events.yaml (target emmett): commands decided by the generated decider and
// its handlers, the events appended to and read back from Emmett's PostgreSQL event store, and
// the generated projections kept by the store inline, as pongo documents, in the same
// transaction as the events.

const exampleDir = path.join(ROOT, 'examples/bank');

type Row = Record<string, unknown>;
type State = Record<string, unknown>;

/** What the test uses of the generated modules (loaded at run time, so typed here). */
interface GeneratedBank {
  /** Whether account.handlers.ts is the example's own (with the rules) rather than the generated stub. */
  realHandlers: boolean;
  decider: Decider<State, Command, Event>;
  errors: Record<string, new (message?: string) => Error>;
  projections: Map<string, GeneratedProjection>;
}

interface GeneratedProjection {
  collectionName: string;
  rowKey(event: Event): string;
  evolve(row: Row | null, event: Event): Row | null;
  applyAll(rows: ReadonlyMap<string, Row>, events: readonly Event[]): Map<string, Row>;
  projection: { canHandle: string[] };
}

/**
 * Generates the example into `dir` and loads it. User-owned files the example already has (its
 * handlers) replace the stubs, as they would in a real project.
 */
async function generateBank(dir: string): Promise<GeneratedBank> {
  const { parsed, diagnostics } = validateModelText(readFileSync(path.join(exampleDir, 'bank.events.yaml'), 'utf8'));
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  const plan = planGeneratedFiles(parsed.model, { modelPath: 'bank.events.yaml', target: 'emmett' });
  let realHandlers = false;
  for (const file of plan.files) {
    const own = path.join(exampleDir, plan.settings.out, file.path);
    const useOwn = file.owner === 'user' && existsSync(own);
    if (useOwn && file.path === 'account.handlers.ts') realHandlers = true;
    mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    writeFileSync(path.join(dir, file.path), useOwn ? readFileSync(own, 'utf8') : file.content);
  }
  const load = (file: string) => import(pathToFileURL(path.join(dir, file)).href) as Promise<Record<string, unknown>>;
  const byName = new Map<string, GeneratedProjection>();
  for (const file of plan.files) {
    if (file.element?.kind !== 'projection' || file.owner !== 'generated') continue;
    byName.set(file.element.name, (await load(file.path)) as unknown as GeneratedProjection);
  }
  return {
    realHandlers,
    decider: ((await load('account.decider.ts')) as { decider: GeneratedBank['decider'] }).decider,
    errors: (await load('errors.ts')) as GeneratedBank['errors'],
    projections: byName,
  };
}

const yuna = '0504260e-0d96-4f41-aec5-954303e3b1aa';
const daeho = '7d29df2d-04dd-4809-9ffe-2a5dca649be8';
const streamOf = (accountId: string) => `account-${accountId}`;
const at = (iso: string) => ({ now: new Date(iso) });

/** The example's story: the commands of its scenarios, at the times its scenarios record. */
const journey: Array<[accountId: string, command: Command]> = [
  [yuna, { type: 'OpenAccount', data: { accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW' }, metadata: at('2024-09-02T09:00:00Z') }],
  [yuna, { type: 'DepositMoney', data: { accountId: yuna, amount: 500000, reference: 'September salary' }, metadata: at('2024-09-02T09:05:00Z') }],
  [yuna, { type: 'WithdrawMoney', data: { accountId: yuna, amount: 120000 }, metadata: at('2024-09-03T18:40:00Z') }],
  [daeho, { type: 'OpenAccount', data: { accountId: daeho, ownerName: 'Jung Daeho', currency: 'USD' }, metadata: at('2024-09-02T10:00:00Z') }],
  [daeho, { type: 'CloseAccount', data: { accountId: daeho }, metadata: at('2024-09-05T16:00:00Z') }],
];

/** Pongo adds `_id` and `_version` to each document; the row is the rest. */
function withoutPongoKeys(document: Row): Row {
  const { _id, _version, ...row } = document;
  return row;
}

/** Only the event itself: type and data, as the decider returned it. */
const bare = (e: Event) => ({ type: e.type, data: e.data });

describe('PostgreSQL event store: the bank example end to end, through its generated code', function () {
  // Room for a first run that installs PostgreSQL (scripts/postgres/ensure-postgresql.mjs).
  this.timeout(300_000);

  let server: PostgresServer | undefined;
  let eventStore: PostgresEventStore | undefined;
  let pongo: PongoClient | undefined;
  let bank: GeneratedBank;
  // Under the repository (the git-ignored out/), so `@event-driven-io/*` resolve from node_modules.
  let generatedDir: string | undefined;
  /** What the decider decided, per stream, in order: what the store must give back. */
  const decided = new Map<string, Event[]>();

  before(async () => {
    mkdirSync(path.join(ROOT, 'out'), { recursive: true });
    generatedDir = mkdtempSync(path.join(ROOT, 'out', 'bank-postgres-'));
    bank = await generateBank(generatedDir);
    server = await startPostgres();
    eventStore = getPostgreSQLEventStore(server.connectionString, {
      projections: projections.inline(
        [...bank.projections.values()].map((p) =>
          pongoMultiStreamProjection<Row, Event>({
            collectionName: p.collectionName,
            canHandle: p.projection.canHandle,
            getDocumentId: (event) => p.rowKey(event),
            evolve: (row: Row | null, event: ReadEvent<Event>) => p.evolve(row, event),
          }),
        ),
      ),
    });
    pongo = pongoClient(server.connectionString);
  });

  after(async () => {
    // Each step runs even when an earlier one fails, so no server outlives the test.
    const closed = await Promise.allSettled([pongo?.close(), eventStore?.close()]);
    const stopped = await Promise.allSettled([server?.stop()]);
    if (generatedDir) rmSync(generatedDir, { recursive: true, force: true });
    for (const r of [...closed, ...stopped]) if (r.status === 'rejected') throw r.reason;
    if (server) {
      assert.equal(isProcessRunning(server.pid), false, `postgres ${server.pid} is still running`);
      assert.equal(existsSync(server.folder), false, `${server.folder} is still there`);
    }
  });

  it('runs the commands through the generated decider and reads back exactly the events it decided', async () => {
    const store = eventStore!;
    const handle = DeciderCommandHandler({ ...bank.decider, mapToStreamId: streamOf });
    for (const [accountId, command] of journey) {
      const result = await handle(store, accountId, command);
      const stream = streamOf(accountId);
      decided.set(stream, [...(decided.get(stream) ?? []), ...result.newEvents]);
      assert.equal(result.nextExpectedStreamVersion, BigInt(decided.get(stream)!.length));
    }
    for (const [stream, events] of decided) {
      const read = await store.readStream<Event>(stream);
      assert.equal(read.streamExists, true);
      assert.deepEqual(read.events.map(bare), events.map(bare), `events of ${stream}`);
      assert.deepEqual(read.events.map((e) => e.metadata.streamPosition), events.map((_, i) => BigInt(i + 1)));
      // Replaying the stored events through the generated evolve gives the decider's state.
      const replayed = await store.aggregateStream(stream, bank.decider);
      assert.deepEqual(replayed.state, events.reduce(bank.decider.evolve, bank.decider.initialState()));
    }
    const yunaEvents = decided.get(streamOf(yuna))!.map(bare);
    assert.deepEqual(yunaEvents.map((e) => e.type), ['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn']);
    assert.deepEqual(yunaEvents[0]!.data, { accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW', openedAt: '2024-09-02T09:00:00Z' });
  });

  it('keeps every generated projection in PostgreSQL, row for row what its update function folds from the stored events', async () => {
    const stored: Event[] = [];
    const all = await Promise.all([...decided.keys()].map((stream) => eventStore!.readStream<Event>(stream)));
    // One stream after the other, as the journey appended them (its accounts do not interleave).
    for (const read of all) stored.push(...read.events);
    const db = pongo!.db();
    assert.deepEqual([...bank.projections.keys()].sort(), ['AccountBalances', 'OpenAccounts']);
    for (const [name, p] of bank.projections) {
      const handled = stored.filter((e) => p.projection.canHandle.includes(e.type));
      const expected = [...p.applyAll(new Map(), handled).entries()];
      const documents = await db.collection<Row>(p.collectionName).find();
      const byKey = new Map(documents.map((doc) => [String(doc._id), withoutPongoKeys(doc)]));
      assert.deepEqual([...byKey.keys()].sort(), expected.map(([key]) => key).sort(), `${name}: row keys`);
      assert.deepEqual(expected.map(([key]) => byKey.get(key)), expected.map(([, row]) => row), `${name}: rows`);
    }
    // OpenAccounts deletes a closed account's row and records the stream of the one left.
    const open = await db.collection<Row>('OpenAccounts').find();
    assert.deepEqual(open.map(withoutPongoKeys), [
      { accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW', openedAt: '2024-09-02T09:00:00Z', stream: streamOf(yuna) },
    ]);
  });

  it('with the example\'s own handlers: its scenario values, and a refused command appends nothing', async function () {
    assert.ok(bank.realHandlers, 'examples/bank/generated/account.handlers.ts holds the example\'s own handlers');
    const store = eventStore!;
    const handle = DeciderCommandHandler({ ...bank.decider, mapToStreamId: streamOf });
    const refused = async (accountId: string, command: Command, error: string) => {
      const before = await store.readStream(streamOf(accountId));
      const errorClass = bank.errors[error]!;
      await assert.rejects(handle(store, accountId, command), (err: unknown) => {
        assert.ok(err instanceof errorClass, `expected ${error}, got ${String(err)}`);
        assert.equal((err as { code?: unknown }).code, error);
        return true;
      });
      assert.equal((await store.readStream(streamOf(accountId))).currentStreamVersion, before.currentStreamVersion);
    };
    await refused(yuna, { type: 'WithdrawMoney', data: { accountId: yuna, amount: 400000, reference: 'Rent' } }, 'InsufficientFunds');
    await refused(yuna, { type: 'DepositMoney', data: { accountId: yuna, amount: -5000 } }, 'InvalidAmount');
    await refused(daeho, { type: 'DepositMoney', data: { accountId: daeho, amount: 250.75 } }, 'AccountAlreadyClosed');

    const balances = await pongo!.db().collection<Row>('AccountBalances').find();
    const byId = new Map(balances.map((doc) => [doc.accountId, withoutPongoKeys(doc)]));
    // The rows of the example's scenario "balances and turnover per account".
    assert.deepEqual([byId.get(yuna), byId.get(daeho)], [
      {
        accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW', status: 'open', balance: 380000,
        totalDeposited: 500000, totalWithdrawn: 120000, movementCount: 2, lastMovementAt: '2024-09-03T18:40:00Z',
      },
      {
        accountId: daeho, ownerName: 'Jung Daeho', currency: 'USD', status: 'closed', balance: 0,
        totalDeposited: 0, totalWithdrawn: 0, movementCount: 0, finalBalance: 0,
      },
    ]);
  });
});
