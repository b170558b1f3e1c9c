import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic } from '../diagnostics.js';
import type { Model } from '../model/model.js';

/** Switches a user can turn off. */
export interface ValidateOptions {
  /** Warn about event and command names that break the tense conventions (default true). */
  namingConventions?: boolean;
}

/** What every check receives. */
export interface CheckContext {
  model: Model;
  options: Required<ValidateOptions>;
  report(d: Diagnostic): void;
}

/** " Did you mean 'X'?" when a known name is close to the unknown one, else "". */
export function didYouMean(name: string, known: Iterable<string>): string {
  const candidates = [...known];
  if (candidates.length === 0) return '';
  const best = closest(name, candidates);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(name.toLowerCase(), best.toLowerCase()) <= limit ? ` Did you mean '${best}'?` : '';
}
