import type { Diagnostic } from '../diagnostics.js';
import type { Command, Event } from '../model/model.js';
import { compareRanges, type Range } from '../source.js';
import type { Change } from './fixChange.js';
import type { FixContext } from './fixContext.js';
import { unknownNameFixes } from './fixNames.js';
import { addIdField, entryAtKey, missingFieldsChange, missingOf, removeFieldChange, siteAtAnchor, writeOutStep } from './fixPayload.js';
import { addReadField } from './fixReadField.js';
import { sameRange } from './fixSites.js';
import { imperativeName, pastTenseName } from './fixWords.js';
import { rename } from './rename.js';
import type { WorkspaceEdit } from './types.js';

/** The fixes of each kind of finding, found from the diagnostic's code and place in the model. */

/** One fix before it is written: what it changes, and whether fix-all may apply it. */
export interface Fix {
  title: string;
  diagnostic?: Diagnostic;
  change?: Change;
  /** An edit made elsewhere (a rename), written already. */
  edit?: WorkspaceEdit;
  preferred?: boolean;
  /** The one clear fix of its finding, applied by fix-all. */
  safe?: boolean;
}

/** Whether two ranges meet (ranges that only touch count). */
export function touches(a: Range, b: Range): boolean {
  return compareRanges({ start: a.start, end: a.start }, { start: b.end, end: b.end }) <= 0 && compareRanges({ start: b.start, end: b.start }, { start: a.end, end: a.end }) <= 0;
}

/** The fixes of one diagnostic. */
export function fixesFor(ctx: FixContext, d: Diagnostic): Fix[] {
  try {
    switch (d.code) {
      case 'unknown-event':
      case 'unknown-command':
      case 'unknown-aggregate':
      case 'unknown-projection':
      case 'unknown-type':
      case 'unknown-error':
      case 'sample-unknown-event':
        return unknownNameFixes(ctx, d);
      case 'missing-id-field':
        return idFieldFixes(ctx, d);
      case 'event-tense':
      case 'command-mood':
        return namingFixes(ctx, d);
      case 'policy-mapping-incomplete':
        return mappingFixes(ctx, d);
      case 'rule-unknown-event-field': {
        if (ctx.uri !== ctx.modelFile.uri) return [];
        const added = addReadField(ctx, d.range);
        return added ? [{ title: `Add the field '${added.field}: ${added.type}' to ${added.owner}`, diagnostic: d, change: added.change, preferred: true, safe: true }] : [];
      }
      case 'payload-missing-field': {
        const site = siteAtAnchor(ctx, d.range);
        if (!site) return [];
        const names = [...missingOf(site).keys()];
        return [{ title: `Add the missing field${names.length > 1 ? 's' : ''} ${names.map((n) => `'${n}'`).join(', ')}`, diagnostic: d, change: missingFieldsChange(ctx, site), preferred: true, safe: true }];
      }
      case 'payload-unknown-field': {
        const hit = entryAtKey(ctx, d.range);
        if (!hit) return [];
        return [{ title: `Remove the field '${hit.key}'`, diagnostic: d, change: removeFieldChange(ctx, hit.site, hit.key), preferred: true, safe: true }];
      }
      default:
        return [];
    }
  } catch {
    // A fix that cannot be worked out is not offered; the finding stays as it is.
    return [];
  }
}

function idFieldFixes(ctx: FixContext, d: Diagnostic): Fix[] {
  if (ctx.uri !== ctx.modelFile.uri) return [];
  const el: Command | Event | undefined =
    [...ctx.model.commands.values()].find((c) => sameRange(c.nameRange, d.range)) ?? [...ctx.model.events.values()].find((e) => sameRange(e.nameRange, d.range));
  if (!el) return [];
  const added = addIdField(ctx, el);
  if (!added) return [];
  return [{ title: `Add the id field '${added.id}: ${added.type}' to ${el.kind} '${el.name}'`, diagnostic: d, change: added.change, preferred: true, safe: true }];
}

function namingFixes(ctx: FixContext, d: Diagnostic): Fix[] {
  if (ctx.uri !== ctx.modelFile.uri) return [];
  const isEvent = d.code === 'event-tense';
  const el = isEvent
    ? [...ctx.model.events.values()].find((e) => sameRange(e.nameRange, d.range))
    : [...ctx.model.commands.values()].find((c) => sameRange(c.nameRange, d.range));
  if (!el) return [];
  const aggregate = (el as Command | Event).aggregate?.name;
  const to = isEvent ? pastTenseName(el.name, aggregate) : imperativeName(el.name, aggregate);
  if (!to) return [];
  const result = rename(ctx.index, ctx.uri, el.nameRange.start, to);
  if ('refused' in result) return [];
  const places = Object.values(result.changes).reduce((n, list) => n + list.length, 0);
  const files = Object.keys(result.changes).length;
  const where = places > 1 ? ` (${places} places${files > 1 ? ` in ${files} files` : ''})` : '';
  return [{ title: `Rename ${isEvent ? 'event' : 'command'} '${el.name}' to '${to}'${where}`, diagnostic: d, edit: result, preferred: true }];
}

function mappingFixes(ctx: FixContext, d: Diagnostic): Fix[] {
  if (ctx.uri !== ctx.modelFile.uri) return [];
  for (const pol of ctx.model.policies.values()) {
    for (const step of pol.then) {
      if (!step.payload && sameRange(step.command.range, d.range)) {
        const change = writeOutStep(ctx, pol, step);
        return change ? [{ title: `Write out the payload of '${step.command.name}'`, diagnostic: d, change, preferred: true, safe: true }] : [];
      }
    }
  }
  return [];
}

/** Writing out a by-name policy step under the cursor, when no diagnostic's fix does it already. */
export function stepFixes(ctx: FixContext, range: Range, already: Fix[]): Fix[] {
  if (ctx.uri !== ctx.modelFile.uri || already.some((f) => f.diagnostic?.code === 'policy-mapping-incomplete')) return [];
  const out: Fix[] = [];
  for (const pol of ctx.model.policies.values()) {
    for (const step of pol.then) {
      if (step.payload || !touches(step.command.range, range) || !ctx.model.commands.has(step.command.name)) continue;
      const change = writeOutStep(ctx, pol, step);
      if (change) out.push({ title: `Write out the payload of '${step.command.name}'`, change });
    }
  }
  return out;
}
