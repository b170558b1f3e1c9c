import { sortDiagnostics, type Diagnostic, type Severity } from '../diagnostics.js';
import type { Model } from '../model/model.js';
import type { Range } from '../source.js';
import { JsonLinesReader, valueAtRange, withRanges, type JsonLine } from './jsonLines.js';
import type { SampleEvent } from './parseSamples.js';
import { validateSampleEvent } from './validateSamples.js';

/**
 * JSON Lines sample files checked against their model as they stream: each event is checked
 * when its line is read, on its plain data first, and none is kept.
 */

/**
 * Checks the event of one line against the model, with the messages of `validateSampleEvent`
 * (`position` is the event's place in its file, from 1). The plain data is checked first; only
 * when something is wrong is the line read again with ranges, to report at the field.
 */
export function validateJsonLine(line: JsonLine, position: number, model: Model): Diagnostic[] {
  const ev = line.event;
  if (!ev) return [];
  const sample: SampleEvent = { type: ev.type, typeRange: ev.range, range: ev.range, data: valueAtRange(ev.data, ev.range) };
  if (ev.version !== undefined) {
    sample.version = ev.version;
    sample.versionRange = ev.range;
  }
  const rough = validateSampleEvent(sample, position, model);
  if (rough.length === 0) return rough;
  const exact = withRanges(line.text, line.line, false)?.event;
  if (exact && exact.type === ev.type) {
    try {
      const found = validateSampleEvent(exact, position, model);
      if (found.length > 0) return found;
    } catch {
      // Fall back to the findings at the line.
    }
  }
  return rough;
}

/** What validating a JSON Lines text found: the first diagnostics in file order, and how many there were. */
export interface JsonLinesValidation {
  /** The model the file's first line names. */
  model?: { path: string; range: Range };
  /** The first `maxListed` diagnostics, in file order. */
  diagnostics: Diagnostic[];
  /** How many diagnostics there were in all, and of each severity. */
  total: number;
  severities: Record<Severity, number>;
  /** How many events the file holds. */
  events: number;
}

/** The model to check against: a model, none, or a function that picks it once the model line (if any) is known. */
export type JsonLinesModel = Model | undefined | ((named: { path: string; range: Range } | undefined) => Model | undefined);

export interface JsonLinesValidatorOptions {
  /** How many diagnostics are kept to be listed (default 100); all are counted. */
  maxListed?: number;
}

/**
 * Validates a JSON Lines text pushed in chunks, checking each event as its line completes and
 * keeping none of them: memory stays bounded by the longest line and the diagnostics listed.
 */
export class JsonLinesValidator {
  private readonly reader: JsonLinesReader;
  private readonly maxListed: number;
  private readonly result: JsonLinesValidation = { diagnostics: [], total: 0, severities: { error: 0, warning: 0, info: 0 }, events: 0 };
  private model: Model | undefined;
  private resolved = false;

  constructor(
    private readonly modelFor: JsonLinesModel,
    options: JsonLinesValidatorOptions = {},
  ) {
    this.maxListed = Math.max(0, options.maxListed ?? 100);
    this.reader = new JsonLinesReader((l) => this.take(l));
  }

  push(chunk: string): void {
    this.reader.push(chunk);
  }

  /** Ends the text and gives what was found. */
  end(): JsonLinesValidation {
    this.reader.end();
    this.resolve();
    return this.result;
  }

  /** Picks the model: at the first event, or at the end (the model line, if any, comes before both). */
  private resolve(): void {
    if (this.resolved) return;
    this.resolved = true;
    this.model = typeof this.modelFor === 'function' ? this.modelFor(this.result.model) : this.modelFor;
  }

  private take(l: JsonLine): void {
    if (l.model) this.result.model = l.model;
    let found = l.diagnostics;
    if (l.event) {
      this.resolve();
      const position = ++this.result.events;
      if (this.model) {
        const more = validateJsonLine(l, position, this.model);
        if (more.length > 0) found = sortDiagnostics([...found, ...more]);
      }
    }
    for (const d of found) {
      this.result.total++;
      this.result.severities[d.severity]++;
      if (this.result.diagnostics.length < this.maxListed) this.result.diagnostics.push(d);
    }
  }
}

/** Validates a whole JSON Lines text (see `JsonLinesValidator`). */
export function validateJsonLines(text: string, model: JsonLinesModel, options: JsonLinesValidatorOptions = {}): JsonLinesValidation {
  const v = new JsonLinesValidator(model, options);
  v.push(text);
  return v.end();
}
