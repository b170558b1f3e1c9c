import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Model } from '../model/model.js';
import { didYouMean } from '../wording.js';
import { PAYLOAD_CODES } from '../validate/rules.js';
import { checkRecord } from '../validate/typeCheck.js';
import type { ParsedSamples } from './parseSamples.js';

/** Checks every sample event against the model: a known event type, and data that matches its fields. */
export function validateSamples(samples: ParsedSamples, model: Model): Diagnostic[] {
  const out: Diagnostic[] = [...samples.diagnostics];
  samples.events.forEach((ev, i) => {
    const def = model.events.get(ev.type);
    if (!def) {
      out.push(
        diagnostic('sample-unknown-event', `Sample event #${i + 1} has the type '${ev.type}', which the model does not declare.${didYouMean(ev.type, model.events.keys())}`, ev.typeRange),
      );
      return;
    }
    if (ev.data.kind !== 'map') return; // reported when the file was read
    for (const p of checkRecord(ev.data, def.fields, model, ev.typeRange)) {
      out.push(diagnostic(PAYLOAD_CODES[p.kind], `${ev.type} (#${i + 1}): ${p.message}`, p.range));
    }
  });
  return sortDiagnostics(out);
}
