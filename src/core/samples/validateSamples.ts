import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Model } from '../model/model.js';
import { didYouMean } from '../wording.js';
import { PAYLOAD_CODES } from '../validate/rules.js';
import { checkRecord } from '../validate/typeCheck.js';
import type { ParsedSamples, SampleEvent } from './parseSamples.js';

/** Checks every sample event against the model: a known event type, and data that matches its fields. */
export function validateSamples(samples: ParsedSamples, model: Model): Diagnostic[] {
  const out: Diagnostic[] = [...samples.diagnostics];
  samples.events.forEach((ev, i) => out.push(...validateSampleEvent(ev, i + 1, model)));
  return sortDiagnostics(out);
}

/** Checks one sample event (the `position`th of its file, from 1) against the model. */
export function validateSampleEvent(ev: SampleEvent, position: number, model: Model): Diagnostic[] {
  const def = model.events.get(ev.type);
  if (!def) {
    return [diagnostic('sample-unknown-event', `Sample event #${position} has the type '${ev.type}', which the model does not declare.${didYouMean(ev.type, model.events.keys())}`, ev.typeRange)];
  }
  if (ev.data.kind !== 'map') return []; // reported when the file was read
  return checkRecord(ev.data, def.fields, model, ev.typeRange).map((p) => diagnostic(PAYLOAD_CODES[p.kind], `${ev.type} (#${position}): ${p.message}`, p.range));
}
