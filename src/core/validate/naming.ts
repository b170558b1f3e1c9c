import { diagnostic } from '../diagnostics.js';
import type { CheckContext } from './context.js';

/** Irregular past participles and past forms that event names commonly end with. */
const IRREGULAR_PAST = new Set([
  'begun', 'bought', 'bound', 'broken', 'brought', 'built', 'caught', 'chosen', 'come', 'cut', 'dealt', 'done', 'drawn',
  'driven', 'fed', 'felt', 'fled', 'forgotten', 'found', 'frozen', 'given', 'gone', 'got', 'gotten', 'held', 'hidden',
  'hit', 'hung', 'kept', 'known', 'laid', 'led', 'left', 'lent', 'let', 'lost', 'made', 'meant', 'met', 'overdrawn',
  'paid', 'put', 'quit', 'read', 'rebuilt', 'reset', 'risen', 'run', 'said', 'seen', 'sent', 'set', 'shaken', 'shed',
  'shown', 'shut', 'sold', 'split', 'spent', 'spoken', 'spun', 'stolen', 'struck', 'stuck', 'swept', 'taken', 'taught',
  'thought', 'thrown', 'told', 'torn', 'undone', 'upheld', 'withdrawn', 'withheld', 'won', 'woken', 'worn', 'written',
]);

/** Words ending in "ed" that are not past forms. */
const NOT_PAST = new Set(['embed', 'shed', 'shred', 'bed', 'red', 'wed', 'bred', 'sled', 'led']);
const PAST_EED = new Set(['agreed', 'freed', 'guaranteed', 'decreed', 'refereed', 'disagreed']);

/** Particles of phrasal verbs (CheckedOut, SignedUp): the verb stands before them. */
const PARTICLES = new Set(['out', 'in', 'up', 'down', 'off', 'on', 'over', 'back', 'away']);

/** Splits PascalCase or camelCase into lower-case words: `OrderPlaced` -> ["order", "placed"]. */
export function words(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [name]).map((w) => w.toLowerCase());
}

/** Whether an English word reads as a past tense or past participle. */
export function isPastTense(word: string): boolean {
  if (IRREGULAR_PAST.has(word) || PAST_EED.has(word)) return true;
  if (NOT_PAST.has(word) || word.endsWith('eed')) return false;
  return word.endsWith('ed') && word.length > 3;
}

/**
 * The name without its version or number suffix: runs of digits, each with an optional `V` or
 * `v` and an optional `_` before it (OrderPlacedV2, MoneyDeposited3, Placed_v2_3). Read from
 * the end in one pass: a pattern such as `(_?[Vv]?\d+)+$` backtracks exponentially on a long
 * run of digits that is not at the end (`Placed111...1x`).
 */
export function withoutVersionSuffix(name: string): string {
  let end = name.length;
  for (;;) {
    let i = end;
    while (i > 0 && isDigit(name.charCodeAt(i - 1))) i--;
    if (i === end) return name.slice(0, end);
    if (i > 0 && (name[i - 1] === 'V' || name[i - 1] === 'v')) i--;
    if (i > 0 && name[i - 1] === '_') i--;
    end = i;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function verbOfEventName(name: string): string | undefined {
  // A version or number suffix (OrderPlacedV2, MoneyDeposited3) is not part of the verb.
  const w = words(withoutVersionSuffix(name));
  let i = w.length - 1;
  while (i > 0 && PARTICLES.has(w[i]!)) i--;
  return w[i];
}

/**
 * The naming conventions of event modeling: events state facts in the past tense (OrderPlaced),
 * commands ask in the imperative (PlaceOrder). Heuristics, so these are warnings with the reason.
 */
export function checkNamingConventions(c: CheckContext): void {
  if (!c.options.namingConventions) return;
  for (const ev of c.model.events.values()) {
    const verb = verbOfEventName(ev.name);
    if (verb && !isPastTense(verb)) {
      c.report(
        diagnostic(
          'event-tense',
          `Event '${ev.name}' does not read as past tense: events record facts that already happened, so name them with a past verb last (for example 'OrderPlaced', 'MoneyWithdrawn').`,
          ev.nameRange,
        ),
      );
    }
  }
  for (const cmd of c.model.commands.values()) {
    const w = words(cmd.name);
    const first = w[0] ?? '';
    const last = verbOfEventName(cmd.name) ?? '';
    // `OrderPlaced` as a command of `Order`: the subject first and a past verb last reads as an event.
    const subjectFirst = cmd.aggregate !== undefined && words(cmd.aggregate.name)[0] === first && w.length > 1 && isPastTense(last);
    if (isPastTense(first) || first.endsWith('ing') || subjectFirst) {
      c.report(
        diagnostic(
          'command-mood',
          `Command '${cmd.name}' reads like ${first.endsWith('ing') ? 'an ongoing activity' : 'a past event'}: commands ask for something to happen, so start them with a verb in the imperative (for example 'PlaceOrder', 'WithdrawMoney').`,
          cmd.nameRange,
        ),
      );
    }
  }
}
