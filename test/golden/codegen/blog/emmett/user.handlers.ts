// The command handlers of the aggregate User, called by user.decider.ts.
// This file is yours: Event Model Studio created it once from blog.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { CreateUser, SendWelcomeEmail, UpdateUser, UserEvent } from './types.js';
import type { UserState } from './user.decider.js';

/**
 * Sign a new user up.
 *
 * Emits UserCreated. Errors: UserAlreadyExists, InvalidEmail.
 */
export function createUser(command: CreateUser, _state: UserState): UserEvent | UserEvent[] {
  // Errors to throw when a rule is broken: UserAlreadyExists, InvalidEmail.
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
export function updateUser(command: UpdateUser, _state: UserState): UserEvent | UserEvent[] {
  // Rule: The event carries the whole new profile, not a diff, so handling it twice is harmless.
  // Errors to throw when a rule is broken: UserNotFound, InvalidEmail.
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
export function sendWelcomeEmail(command: SendWelcomeEmail, _state: UserState): UserEvent | UserEvent[] {
  // Rule: A user is welcomed once, even if UserCreated is delivered twice.
  // Errors to throw when a rule is broken: WelcomeEmailAlreadySent.
  return {
    type: 'WelcomeEmailSent',
    data: {
      userId: command.data.userId,
      email: command.data.email,
      sentAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
