// The command handlers of the aggregate Account, called by account.decider.ts.
// This file is yours: Event Model Studio created it once from bank.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { AccountState } from './account.decider.js';
import { AccountAlreadyClosed, AccountAlreadyOpened, AccountNotOpen, BalanceNotZero, InsufficientFunds, InvalidAmount } from './errors.js';
import type { AccountEvent, CloseAccount, DepositMoney, OpenAccount, WithdrawMoney } from './types.js';

/**
 * A customer opens an account in one currency.
 *
 * Emits AccountOpened. Errors: AccountAlreadyOpened.
 */
export function openAccount(command: OpenAccount, state: AccountState): AccountEvent | AccountEvent[] {
  if (state.status !== 'none') throw new AccountAlreadyOpened();
  return {
    type: 'AccountOpened',
    data: {
      accountId: command.data.accountId,
      ownerName: command.data.ownerName,
      currency: command.data.currency,
      openedAt: timeOf(command),
    },
  };
}

/**
 * Pay money into the account.
 *
 * Emits MoneyDeposited. Errors: AccountNotOpen, AccountAlreadyClosed, InvalidAmount.
 */
export function depositMoney(command: DepositMoney, state: AccountState): AccountEvent | AccountEvent[] {
  assertOpen(state);
  assertPositive(command.data.amount);
  return {
    type: 'MoneyDeposited',
    data: {
      accountId: command.data.accountId,
      amount: command.data.amount,
      // The event records the new balance, not the change, so applying it twice is harmless.
      balanceAfter: state.balance + command.data.amount,
      ...(command.data.reference !== undefined ? { reference: command.data.reference } : {}),
      depositedAt: timeOf(command),
    },
  };
}

/**
 * Take money out of the account.
 *
 * Emits MoneyWithdrawn. Errors: AccountNotOpen, AccountAlreadyClosed, InvalidAmount, InsufficientFunds.
 */
export function withdrawMoney(command: WithdrawMoney, state: AccountState): AccountEvent | AccountEvent[] {
  assertOpen(state);
  assertPositive(command.data.amount);
  const balanceAfter = state.balance - command.data.amount;
  if (balanceAfter < 0) throw new InsufficientFunds(`The balance of ${state.balance} cannot cover ${command.data.amount}`);
  return {
    type: 'MoneyWithdrawn',
    data: {
      accountId: command.data.accountId,
      amount: command.data.amount,
      balanceAfter,
      ...(command.data.reference !== undefined ? { reference: command.data.reference } : {}),
      withdrawnAt: timeOf(command),
    },
  };
}

/**
 * The customer closes the account.
 *
 * Emits AccountClosed. Errors: AccountNotOpen, AccountAlreadyClosed, BalanceNotZero.
 */
export function closeAccount(command: CloseAccount, state: AccountState): AccountEvent | AccountEvent[] {
  assertOpen(state);
  if (state.balance !== 0) throw new BalanceNotZero(`Withdraw the remaining ${state.balance} before closing the account`);
  return {
    type: 'AccountClosed',
    data: {
      accountId: command.data.accountId,
      closedAt: timeOf(command),
    },
  };
}

/** Money moves only on an open account. */
function assertOpen(state: AccountState): void {
  if (state.status === 'none') throw new AccountNotOpen();
  if (state.status === 'closed') throw new AccountAlreadyClosed();
}

/** Deposits and withdrawals are of a positive amount. */
function assertPositive(amount: number): void {
  if (!(amount > 0)) throw new InvalidAmount(`The amount must be greater than zero, not ${amount}`);
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
