// The command handlers of the aggregate User, called by user.decider.ts.
// This file is yours: Event Model Studio created it once from blog.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import { InvalidEmail, UserAlreadyExists, UserNotFound, WelcomeEmailAlreadySent } from './errors.js';
import type { CreateUser, SendWelcomeEmail, UpdateUser, UserEvent } from './types.js';
import type { UserState } from './user.decider.js';

/**
 * Sign a new user up.
 *
 * Emits UserCreated. Errors: UserAlreadyExists, InvalidEmail.
 */
export function createUser(command: CreateUser, state: UserState): UserEvent | UserEvent[] {
  if (state.status !== 'none') throw new UserAlreadyExists();
  assertEmail(command.data.email);
  return {
    type: 'UserCreated',
    data: {
      userId: command.data.userId,
      email: command.data.email,
      displayName: command.data.displayName,
      createdAt: timeOf(command),
    },
  };
}

/**
 * Change a user's profile.
 *
 * Emits UserUpdated. Errors: UserNotFound, InvalidEmail.
 */
export function updateUser(command: UpdateUser, state: UserState): UserEvent | UserEvent[] {
  if (state.status !== 'active') throw new UserNotFound();
  assertEmail(command.data.email);
  // The whole new profile, not a diff, so handling the event twice is harmless.
  return {
    type: 'UserUpdated',
    data: {
      userId: command.data.userId,
      email: command.data.email,
      displayName: command.data.displayName,
      updatedAt: timeOf(command),
    },
  };
}

/**
 * Greet a new user by email.
 *
 * Emits WelcomeEmailSent. Errors: WelcomeEmailAlreadySent.
 */
export function sendWelcomeEmail(command: SendWelcomeEmail, state: UserState): UserEvent | UserEvent[] {
  // UserCreated may be delivered to the policy twice; the state remembers the first email.
  if (state.welcomed) throw new WelcomeEmailAlreadySent();
  return {
    type: 'WelcomeEmailSent',
    data: {
      userId: command.data.userId,
      email: command.data.email,
      sentAt: timeOf(command),
    },
  };
}

/** A plausible address: something, one @, a domain with a dot; the mail server has the last word. */
function assertEmail(email: string): void {
  const at = email.indexOf('@');
  const domain = email.slice(at + 1);
  const plausible = at > 0 && at === email.lastIndexOf('@') && domain.includes('.') && !domain.startsWith('.') && !domain.endsWith('.') && !/\s/.test(email);
  if (!plausible) throw new InvalidEmail(`Not an email address: ${email}`);
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
