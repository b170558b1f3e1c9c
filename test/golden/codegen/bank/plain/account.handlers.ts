// The command handlers of the aggregate Account, called by account.decider.ts.
// This file is yours: Event Model Studio created it once from bank.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { AccountState } from './account.decider.js';
import type { AccountEvent, CloseAccount, DepositMoney, OpenAccount, WithdrawMoney } from './types.js';

/**
 * A customer opens an account in one currency.
 *
 * Emits AccountOpened. Errors: AccountAlreadyOpened.
 */
export function openAccount(command: OpenAccount, _state: AccountState): AccountEvent | AccountEvent[] {
  // Errors to throw when a rule is broken: AccountAlreadyOpened.
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
export function depositMoney(command: DepositMoney, _state: AccountState): AccountEvent | AccountEvent[] {
  // Rule: The amount is greater than zero.
  // Rule: A closed account accepts no deposits.
  // Errors to throw when a rule is broken: AccountNotOpen, AccountAlreadyClosed, InvalidAmount.
  return {
    type: 'MoneyDeposited',
    data: {
      accountId: command.data.accountId,
      amount: command.data.amount,
      balanceAfter: 0, // TODO: balanceAfter
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
export function withdrawMoney(command: WithdrawMoney, _state: AccountState): AccountEvent | AccountEvent[] {
  // Rule: No overdraft: a withdrawal never takes the balance below zero.
  // Rule: The amount is greater than zero.
  // Errors to throw when a rule is broken: AccountNotOpen, AccountAlreadyClosed, InvalidAmount, InsufficientFunds.
  return {
    type: 'MoneyWithdrawn',
    data: {
      accountId: command.data.accountId,
      amount: command.data.amount,
      balanceAfter: 0, // TODO: balanceAfter
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
export function closeAccount(command: CloseAccount, _state: AccountState): AccountEvent | AccountEvent[] {
  // Rule: Only an account with a zero balance is closed (withdraw the rest first).
  // Errors to throw when a rule is broken: AccountNotOpen, AccountAlreadyClosed, BalanceNotZero.
  return {
    type: 'AccountClosed',
    data: {
      accountId: command.data.accountId,
      closedAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
