import type { Model } from '../model/model.js';
import type { Range } from '../source.js';
import type { JsonValue, ReplayProblemKind, StepUpcast } from './types.js';

/** A problem met while upcasting; reported at the event, and at the upcast rule when one is involved. */
export interface UpcastProblem {
  kind: ReplayProblemKind;
  message: string;
  ruleRange?: Range;
}

export interface UpcastResult {
  /** The data the rules read: the event's data brought up to the model's version of the event. */
  data: JsonValue;
  /** Present when at least one upcast rule was applied. */
  upcast?: StepUpcast;
  problems: UpcastProblem[];
}

/**
 * Brings an event written with an older `version` up to the version the model declares, through
 * the model's declarative upcast rules. Never throws; never changes `data`.
 */
export function upcastEvent(_model: Model, _type: string, _version: number | undefined, data: JsonValue): UpcastResult {
  return { data, problems: [] };
}
