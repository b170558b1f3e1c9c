import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Model, ValueNode } from '../model/model.js';
import { upcastValue } from '../replay/upcast.js';
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

/**
 * Checks one sample event (the `position`th of its file, from 1) against the model. An event
 * written with an older version is upcast first, as replay reads it, and its data is checked
 * against the fields of the model's version; problems of the version itself are at `version`.
 */
export function validateSampleEvent(ev: SampleEvent, position: number, model: Model): Diagnostic[] {
  const def = model.events.get(ev.type);
  if (!def) {
    return [diagnostic('sample-unknown-event', `Sample event #${position} has the type '${ev.type}', which the model does not declare.${didYouMean(ev.type, model.events.keys())}`, ev.typeRange)];
  }
  if (ev.data.kind !== 'map') return []; // reported when the file was read
  const out: Diagnostic[] = [];
  const current = def.version ?? 1;
  let data: ValueNode = ev.data;
  let label = `${ev.type} (#${position})`;
  if (ev.version !== undefined && ev.version !== current) {
    const at = ev.versionRange ?? ev.typeRange;
    if (ev.version > current) {
      out.push(diagnostic('sample-version-too-new', `${label} was written with version ${ev.version}, but the model declares version ${current}; its data is checked as version ${current}.`, at));
    } else {
      const upcast = upcastValue(def, ev.version, ev.data, at, label);
      for (const p of upcast.problems) out.push(diagnostic('sample-upcast-problem', p.message, at));
      data = upcast.data;
      label = `${ev.type} (#${position}, version ${ev.version}${upcast.to > ev.version ? ` upcast to ${upcast.to}` : ''})`;
    }
  }
  for (const p of checkRecord(data, def.fields, model, ev.typeRange)) out.push(diagnostic(PAYLOAD_CODES[p.kind], `${label}: ${p.message}`, p.range));
  return out;
}
