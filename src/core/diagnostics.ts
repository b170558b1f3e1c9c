import { compareRanges, type Range } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Every diagnostic code the core can report, with its default severity and a one-line summary.
 * Codes are stable: tools and users filter on them; docs/diagnostics.md explains each one.
 */
export const DIAGNOSTIC_CODES = {
  // The file itself
  'yaml-syntax': ['error', 'The text is not valid YAML.'],
  'duplicate-key': ['error', 'A key appears twice in the same mapping.'],
  'invalid-key': ['error', 'A key is not a plain string (a number, a list, null...).'],
  'file-too-large': ['error', 'The file is over the size limit and is not parsed.'],
  'alias-limit': ['error', 'YAML aliases expand past the safety limit (an alias bomb).'],
  'root-not-mapping': ['error', 'The file does not hold a mapping at the top level.'],
  // The schema
  'missing-key': ['error', 'A required key is missing.'],
  'unknown-key': ['error', 'A key the format does not know.'],
  'invalid-value': ['error', 'A value has the wrong shape or type for its key.'],
  'invalid-field-type': ['error', 'A field type expression cannot be read.'],
  // Names
  'invalid-name': ['error', 'A name is not a valid TypeScript identifier.'],
  'reserved-name': ['error', 'A name is a reserved word or a name that generated code cannot use.'],
  'duplicate-name': ['error', 'Two elements share a name, within a kind or across kinds.'],
  'event-tense': ['warning', 'An event name does not read as past tense.'],
  'command-mood': ['warning', 'A command name does not read as an imperative.'],
  // References
  'unknown-event': ['error', 'A reference names an event that is not declared.'],
  'unknown-command': ['error', 'A reference names a command that is not declared.'],
  'unknown-aggregate': ['error', 'A reference names an aggregate that is not declared.'],
  'unknown-projection': ['error', 'A reference names a projection that is not declared.'],
  'unknown-type': ['error', 'A field type names a type that is not declared.'],
  'unknown-error': ['error', "A scenario expects an error that the command does not declare."],
  // Flow
  'command-emits-nothing': ['warning', 'A command lists no events in `emits`.'],
  'event-not-produced': ['info', 'No command emits this event.'],
  'event-not-consumed': ['info', 'No evolve rule, projection or policy uses this event.'],
  'missing-id-field': ['error', "A command or event lacks its aggregate's id field."],
  'missing-key-field': ['error', "An event a projection handles lacks the projection's key field."],
  'foreign-event': ['warning', 'A command emits an event of another aggregate.'],
  // Update rules and values
  'rule-unknown-event-field': ['error', 'An update rule reads an event field that does not exist.'],
  'rule-unknown-target-field': ['error', 'An update rule reads or writes a state or row field that does not exist.'],
  'rule-type-mismatch': ['error', 'An update rule assigns a value of the wrong type.'],
  'unknown-meta': ['error', 'A `$meta.` reference names something other than timestamp, position or stream.'],
  'initial-mismatch': ['error', "An aggregate's `initial` does not match its `state`."],
  'payload-unknown-field': ['error', 'A payload has a field the command or event does not declare.'],
  'payload-missing-field': ['error', 'A payload lacks a required field.'],
  'payload-type-mismatch': ['error', 'A payload value has the wrong type.'],
  'policy-mapping-incomplete': ['warning', 'A policy step by command name has required command fields its event lacks.'],
  // Scenarios
  'invalid-scenario': ['error', 'A scenario mixes command and projection parts, or lacks one.'],
  'scenario-event-not-emitted': ['warning', 'A scenario expects an event the command does not list in `emits`.'],
  'scenario-rows-mismatch': ['error', "A projection scenario's rows differ from the rows its given events make through the projection's rules."],
  'scenario-replay-problem': ['warning', 'A given event of a scenario meets a problem in the rules that apply it (a row deleted twice, a missing key or value).'],
  // Event versions
  'upcast-from-out-of-range': ['error', "An upcast step reads a version that is not older than the event's own."],
  'upcast-duplicate-step': ['error', 'Two upcast steps of an event read the same version.'],
  'upcast-gap': ['error', "An event's upcast steps skip a version, so older events never reach the current one."],
  'upcast-conflict': ['error', 'Two operations of one upcast step take the same value or write the same place.'],
  'upcast-unknown-field': ['error', 'An upcast rename or default leads to a field the current version does not declare.'],
  'upcast-default-mismatch': ['error', "An upcast default does not fit the type of the field it fills."],
  'upcast-removes-field': ['error', 'An upcast step drops or renames away a field the current version requires, and nothing sets it again.'],
  // Sample event files
  'sample-unknown-event': ['error', 'A sample event names an event the model does not declare.'],
  'sample-invalid': ['error', 'A sample event is malformed (bad JSON, no type, data not a mapping).'],
  'sample-version-too-new': ['error', 'A sample event was written with a version newer than the model declares.'],
  'sample-upcast-problem': ['error', 'A sample event of an older version cannot be upcast cleanly to the current one.'],
  'sample-model-not-found': ['error', 'No model could be found for a sample event file.'],
} as const satisfies Record<string, readonly [Severity, string]>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Extra places that explain a diagnostic (for example the first of two duplicates). */
export interface RelatedInformation {
  message: string;
  range: Range;
  /** The file of the related place, when it is not the diagnostic's own file. */
  file?: string;
}

/** One finding about a file, at an exact range. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedInformation[];
}

/** Builds a diagnostic with the code's default severity. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  range: Range,
  related?: RelatedInformation[],
): Diagnostic {
  const d: Diagnostic = { code, severity: DIAGNOSTIC_CODES[code][0], message, range };
  if (related && related.length > 0) d.related = related;
  return d;
}

/** Sorts diagnostics by position, then code, so output is deterministic. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => compareRanges(a.range, b.range) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}
