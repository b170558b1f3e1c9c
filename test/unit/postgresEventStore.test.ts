import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  DeciderCommandHandler,
  IllegalStateError,
  projections,
  type Command,
  type Decider,
  type Event,
  type ReadEvent,
} from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, pongoMultiStreamProjection, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { pongoClient, type PongoClient } from '@event-driven-io/pongo';
import { isProcessRunning, startPostgres, type PostgresServer } from './support/postgres.js';

// The bank example end to end against a real PostgreSQL: commands through a decider, events
// appended to and read back from Emmett's PostgreSQL event store, and the example's projections
// kept by the store inline, as pongo documents, in the same transaction as the events.

type Currency = 'KRW' | 'USD' | 'EUR';
type AccountStatus = 'none' | 'open' | 'closed';

type AccountOpened = Event<'AccountOpened', { accountId: string; ownerName: string; currency: Currency; openedAt: string }>;
type MoneyDeposited = Event<'MoneyDeposited', { accountId: string; amount: number; balanceAfter: number; reference?: string; depositedAt: string }>;
type MoneyWithdrawn = Event<'MoneyWithdrawn', { accountId: string; amount: number; balanceAfter: number; reference?: string; withdrawnAt: string }>;
type AccountClosed = Event<'AccountClosed', { accountId: string; closedAt: string }>;
type AccountEvent = AccountOpened | MoneyDeposited | MoneyWithdrawn | AccountClosed;

type OpenAccount = Command<'OpenAccount', { accountId: string; ownerName: string; currency: Currency }>;
type DepositMoney = Command<'DepositMoney', { accountId: string; amount: number; reference?: string }>;
type WithdrawMoney = Command<'WithdrawMoney', { accountId: string; amount: number; reference?: string }>;
type CloseAccount = Command<'CloseAccount', { accountId: string }>;
type AccountCommand = OpenAccount | DepositMoney | WithdrawMoney | CloseAccount;

interface AccountState {
  status: AccountStatus;
  ownerName?: string;
  currency?: Currency;
  balance: number;
}

class BankError extends IllegalStateError {
  constructor(readonly code: string) {
    super(code);
    // Emmett's error constructors set their own prototype, which would hide this subclass.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The bank model's Account aggregate, written by hand from examples/bank/bank.events.yaml. */
const accountDecider: Decider<AccountState, AccountCommand, AccountEvent> = {
  initialState: () => ({ status: 'none', balance: 0 }),
  evolve(state, event) {
    switch (event.type) {
      case 'AccountOpened':
        return { ...state, status: 'open', ownerName: event.data.ownerName, currency: event.data.currency, balance: 0 };
      case 'MoneyDeposited':
      case 'MoneyWithdrawn':
        return { ...state, balance: event.data.balanceAfter };
      case 'AccountClosed':
        return { ...state, status: 'closed' };
    }
  },
  decide(command, state) {
    const now = (command.metadata?.now ?? new Date()).toISOString();
    const { data } = command;
    if (command.type === 'OpenAccount') {
      if (state.status !== 'none') throw new BankError('AccountAlreadyOpened');
      return { type: 'AccountOpened', data: { ...command.data, openedAt: now } };
    }
    if (state.status === 'none') throw new BankError('AccountNotOpen');
    if (state.status === 'closed') throw new BankError('AccountAlreadyClosed');
    switch (command.type) {
      case 'DepositMoney': {
        if (command.data.amount <= 0) throw new BankError('InvalidAmount');
        const balanceAfter = state.balance + command.data.amount;
        return { type: 'MoneyDeposited', data: { ...command.data, balanceAfter, depositedAt: now } };
      }
      case 'WithdrawMoney': {
        if (command.data.amount <= 0) throw new BankError('InvalidAmount');
        if (command.data.amount > state.balance) throw new BankError('InsufficientFunds');
        const balanceAfter = state.balance - command.data.amount;
        return { type: 'MoneyWithdrawn', data: { ...command.data, balanceAfter, withdrawnAt: now } };
      }
      case 'CloseAccount':
        if (state.balance !== 0) throw new BankError('BalanceNotZero');
        return { type: 'AccountClosed', data: { accountId: data.accountId, closedAt: now } };
    }
  },
};

type AccountBalancesRow = {
  accountId: string;
  ownerName: string;
  currency: Currency;
  status: AccountStatus;
  balance: number;
  totalDeposited: number;
  totalWithdrawn: number;
  movementCount: number;
  lastMovementAt?: string;
  finalBalance?: number;
};

/** The AccountBalances projection's `on` rules, by hand. */
function evolveAccountBalances(row: AccountBalancesRow | null, event: AccountEvent): AccountBalancesRow | null {
  switch (event.type) {
    case 'AccountOpened': {
      const { accountId, ownerName, currency } = event.data;
      return { ...row, accountId, ownerName, currency, status: 'open', balance: 0, totalDeposited: 0, totalWithdrawn: 0, movementCount: 0 };
    }
    case 'MoneyDeposited':
      if (!row) return row;
      return { ...row, balance: event.data.balanceAfter, lastMovementAt: event.data.depositedAt, totalDeposited: row.totalDeposited + event.data.amount, movementCount: row.movementCount + 1 };
    case 'MoneyWithdrawn':
      if (!row) return row;
      return { ...row, balance: event.data.balanceAfter, lastMovementAt: event.data.withdrawnAt, totalWithdrawn: row.totalWithdrawn + event.data.amount, movementCount: row.movementCount + 1 };
    case 'AccountClosed':
      return row && { ...row, status: 'closed', finalBalance: row.balance };
  }
}

type OpenAccountsRow = {
  accountId: string;
  ownerName: string;
  currency: Currency;
  openedAt: string;
  stream: string;
};

/** The OpenAccounts projection: `$meta.stream` is the event's stream; a closed account's row is deleted. */
function evolveOpenAccounts(row: OpenAccountsRow | null, event: ReadEvent<AccountEvent>): OpenAccountsRow | null {
  switch (event.type) {
    case 'AccountOpened': {
      const { accountId, ownerName, currency, openedAt } = event.data;
      return { accountId, ownerName, currency, openedAt, stream: event.metadata.streamName };
    }
    case 'AccountClosed':
      return null;
    default:
      return row;
  }
}

const yuna = '0504260e-0d96-4f41-aec5-954303e3b1aa';
const daeho = '7d29df2d-04dd-4809-9ffe-2a5dca649be8';
const streamOf = (accountId: string) => `account-${accountId}`;
const at = (iso: string) => ({ now: new Date(iso) });
const iso = (text: string) => new Date(text).toISOString();

/** Pongo adds `_id` and `_version` to each document; the rows under test are the rest. */
function withoutPongoKeys<T extends object>(document: T): Omit<T, '_id' | '_version'> {
  const { _id, _version, ...row } = document as T & { _id?: unknown; _version?: unknown };
  return row;
}

describe('PostgreSQL event store: the bank example end to end', function () {
  // Room for a first run that installs PostgreSQL (scripts/postgres/ensure-postgresql.mjs).
  this.timeout(300_000);

  let server: PostgresServer | undefined;
  let eventStore: PostgresEventStore | undefined;
  let pongo: PongoClient | undefined;

  before(async () => {
    server = await startPostgres();
    eventStore = getPostgreSQLEventStore(server.connectionString, {
      projections: projections.inline([
        pongoMultiStreamProjection<AccountBalancesRow, AccountEvent>({
          collectionName: 'AccountBalances',
          canHandle: ['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn', 'AccountClosed'],
          getDocumentId: (event) => event.data.accountId,
          evolve: evolveAccountBalances,
        }),
        pongoMultiStreamProjection<OpenAccountsRow, AccountEvent>({
          collectionName: 'OpenAccounts',
          canHandle: ['AccountOpened', 'AccountClosed'],
          getDocumentId: (event) => event.data.accountId,
          evolve: evolveOpenAccounts,
        }),
      ]),
    });
    pongo = pongoClient(server.connectionString);
  });

  after(async () => {
    // Each step runs even when an earlier one fails, so no server outlives the test.
    const results = await Promise.allSettled([pongo?.close(), eventStore?.close()]);
    const stopped = await Promise.allSettled([server?.stop()]);
    for (const r of [...results, ...stopped]) if (r.status === 'rejected') throw r.reason;
    if (server) {
      assert.equal(isProcessRunning(server.pid), false, `postgres ${server.pid} is still running`);
      assert.equal(existsSync(server.folder), false, `${server.folder} is still there`);
    }
  });

  it('runs commands through the decider, appends their events and reads the stream back', async () => {
    const store = eventStore!;
    const handle = DeciderCommandHandler({ ...accountDecider, mapToStreamId: streamOf });
    const opened = await handle(store, yuna, {
      type: 'OpenAccount',
      data: { accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW' },
      metadata: at('2024-09-02T09:00:00Z'),
    });
    assert.equal(opened.createdNewStream, true);
    await handle(store, yuna, { type: 'DepositMoney', data: { accountId: yuna, amount: 500000, reference: 'September salary' }, metadata: at('2024-09-02T09:05:00Z') });
    const withdrawn = await handle(store, yuna, { type: 'WithdrawMoney', data: { accountId: yuna, amount: 120000 }, metadata: at('2024-09-03T18:40:00Z') });
    assert.deepEqual(withdrawn.newState, { status: 'open', ownerName: 'Choi Yuna', currency: 'KRW', balance: 380000 });
    assert.equal(withdrawn.nextExpectedStreamVersion, 3n);

    // The invariant: a refused command appends nothing.
    await assert.rejects(
      handle(store, yuna, { type: 'WithdrawMoney', data: { accountId: yuna, amount: 400000, reference: 'Rent' } }),
      (err: unknown) => err instanceof BankError && err.code === 'InsufficientFunds',
    );

    const read = await store.readStream<AccountEvent>(streamOf(yuna));
    assert.equal(read.streamExists, true);
    assert.equal(read.currentStreamVersion, 3n);
    assert.deepEqual(
      read.events.map((e) => ({ type: e.type, data: e.data })),
      [
        { type: 'AccountOpened', data: { accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW', openedAt: iso('2024-09-02T09:00:00Z') } },
        { type: 'MoneyDeposited', data: { accountId: yuna, amount: 500000, balanceAfter: 500000, reference: 'September salary', depositedAt: iso('2024-09-02T09:05:00Z') } },
        { type: 'MoneyWithdrawn', data: { accountId: yuna, amount: 120000, balanceAfter: 380000, withdrawnAt: iso('2024-09-03T18:40:00Z') } },
      ],
    );
    assert.deepEqual(read.events.map((e) => [e.metadata.streamName, e.metadata.streamPosition]), [[streamOf(yuna), 1n], [streamOf(yuna), 2n], [streamOf(yuna), 3n]]);

    const replayed = await store.aggregateStream(streamOf(yuna), accountDecider);
    assert.deepEqual(replayed.state, { status: 'open', ownerName: 'Choi Yuna', currency: 'KRW', balance: 380000 });
    assert.equal(replayed.currentStreamVersion, 3n);
  });

  it('keeps the projections in PostgreSQL, a row per account, and deletes a closed account from OpenAccounts', async () => {
    const store = eventStore!;
    const handle = DeciderCommandHandler({ ...accountDecider, mapToStreamId: streamOf });
    await handle(store, daeho, { type: 'OpenAccount', data: { accountId: daeho, ownerName: 'Jung Daeho', currency: 'USD' }, metadata: at('2024-09-02T10:00:00Z') });
    await handle(store, daeho, { type: 'CloseAccount', data: { accountId: daeho }, metadata: at('2024-09-05T16:00:00Z') });
    await assert.rejects(
      handle(store, daeho, { type: 'DepositMoney', data: { accountId: daeho, amount: 250.75 } }),
      (err: unknown) => err instanceof BankError && err.code === 'AccountAlreadyClosed',
    );

    const db = pongo!.db();
    const balances = await db.collection<AccountBalancesRow>('AccountBalances').find();
    const byId = new Map(balances.map((doc) => [doc.accountId, withoutPongoKeys(doc)]));
    // The rows of the example's scenario "balances and turnover per account", in its order.
    assert.deepEqual([byId.get(yuna), byId.get(daeho)], [
      {
        accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW', status: 'open', balance: 380000,
        totalDeposited: 500000, totalWithdrawn: 120000, movementCount: 2, lastMovementAt: iso('2024-09-03T18:40:00Z'),
      },
      {
        accountId: daeho, ownerName: 'Jung Daeho', currency: 'USD', status: 'closed', balance: 0,
        totalDeposited: 0, totalWithdrawn: 0, movementCount: 0, finalBalance: 0,
      },
    ]);
    assert.equal(balances.length, 2);

    const open = await db.collection<OpenAccountsRow>('OpenAccounts').find();
    assert.deepEqual(open.map(withoutPongoKeys), [
      { accountId: yuna, ownerName: 'Choi Yuna', currency: 'KRW', openedAt: iso('2024-09-02T09:00:00Z'), stream: streamOf(yuna) },
    ]);
  });
});
