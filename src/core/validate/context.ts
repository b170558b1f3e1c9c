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
