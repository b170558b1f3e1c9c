import type { Diagnostic } from '../diagnostics.js';
import { validateSamples } from '../samples/validateSamples.js';
import { compareRanges, type Range } from '../source.js';
import { validateModel } from '../validate/validate.js';
import { MemoryFileIndex } from './fileIndex.js';
import { composeEdits, emptyChange, isEmptyChange, joinChanges, renderChange } from './fixChange.js';
import { FixContext } from './fixContext.js';
import { fixesFor, stepFixes, touches, type Fix } from './fixFindings.js';
import type { CodeAction, FileIndex, WorkspaceEdit } from './types.js';

/**
 * Quick fixes for the findings people meet most, each a real edit:
 *
 * - an unknown event, command, aggregate, projection, type or error replaced by the name the
 *   message suggests; a missing event, command or type created (with the fields its uses need,
 *   see fixCreate.ts), a missing error added to the command's `errors`;
 * - an aggregate's id field added to a command or an event that lacks it, and a field that a
 *   rule or a policy reads (`$event.amount`) added to its event;
 * - an event renamed to the past tense, a command to the imperative, everywhere it is named;
 * - a by-name policy step written out as a payload mapping (offered on any by-name step, and
 *   as the fix of `policy-mapping-incomplete`);
 * - the fields a payload lacks added, the ones it should not have removed (scenarios, policy
 *   mappings, sample events).
 *
 * `fixAll` applies, at once, the one clear fix of every finding of a file: the name suggested
 * (when no other name is as close), the element created when nothing close is declared, the id
 * field, the payload written out, the fields added and removed. Renames to another tense are
 * left to the user, as a judgement of English.
 */

/** The quick fixes for the diagnostics of a file that touch `range`, and for the by-name policy step there. */
export function codeActions(index: FileIndex, uri: string, range: Range, diagnostics: Diagnostic[]): CodeAction[] {
  const ctx = FixContext.of(index, uri);
  if (!ctx) return [];
  const fixes: Fix[] = [];
  for (const d of diagnostics) if (touches(d.range, range)) fixes.push(...fixesFor(ctx, d));
  fixes.push(...stepFixes(ctx, range, fixes));
  const out: CodeAction[] = [];
  for (const f of fixes) {
    const edit = f.edit ?? (f.change ? renderChange(ctx.files, f.change) : undefined);
    if (!edit || Object.keys(edit.changes).length === 0) continue;
    const action: CodeAction = { title: f.title, kind: 'quickfix', diagnostics: f.diagnostic ? [f.diagnostic] : [], edit };
    if (f.preferred) action.preferred = true;
    out.push(action);
  }
  return out;
}

/**
 * One action that applies every clear fix of a file's diagnostics whose edits do not overlap.
 * A fix can bring a finding to light (a name corrected, its payload then checked against the
 * element it names): up to two more rounds fix what the first ones revealed, as a linter's fix
 * mode does, and the rounds are joined into one list of edits of the files as they are.
 */
export function fixAll(index: FileIndex, uri: string, diagnostics: Diagnostic[]): CodeAction | undefined {
  const ctx = FixContext.of(index, uri);
  if (!ctx) return undefined;
  // An editor asks again with every request for code actions: the same files give the same answer.
  const texts = [ctx.modelFile.text, ...ctx.samples.map((f) => f.text)];
  const asked = diagnostics.map((d) => `${findingKey(d)}@${d.range.start.line}:${d.range.start.character}`).join('\n');
  if (lastFixAll?.uri === uri && lastFixAll.asked === asked && lastFixAll.texts.length === texts.length && lastFixAll.texts.every((t, i) => t === texts[i])) {
    return lastFixAll.result;
  }
  const result = fixAllOf(ctx, uri, diagnostics);
  lastFixAll = { uri, texts, asked, result };
  return result;
}

let lastFixAll: { uri: string; texts: string[]; asked: string; result: CodeAction | undefined } | undefined;

function fixAllOf(ctx: FixContext, uri: string, diagnostics: Diagnostic[]): CodeAction | undefined {
  const first = chooseFixes(ctx, diagnostics);
  if (!first) return undefined;
  let edit = first.edit;
  const fixed = [...first.taken];
  // The files the rounds work on: the model and its sample files held whole.
  const original: Record<string, string> = {};
  for (const f of [ctx.modelFile, ...ctx.samples]) if (!(f.kind === 'samples' && f.eventsUnread)) original[f.uri] = f.text;
  const seen = new Set(diagnostics.map(findingKey));
  let texts = apply(original, edit);
  for (let round = 2; round <= 3 && texts; round++) {
    const next = new MemoryFileIndex(texts);
    const found = findingsOf(next, uri);
    const fresh = found.filter((d) => !seen.has(findingKey(d)));
    for (const d of found) seen.add(findingKey(d));
    const nextCtx = fresh.length > 0 ? FixContext.of(next, uri) : undefined;
    const more = nextCtx && chooseFixes(nextCtx, fresh);
    if (!more) break;
    const joined: WorkspaceEdit = { changes: {} };
    for (const u of new Set([...Object.keys(edit.changes), ...Object.keys(more.edit.changes)])) {
      if (original[u] === undefined) return action(edit, fixed);
      joined.changes[u] = composeEdits(original[u]!, u, edit.changes[u] ?? [], more.edit.changes[u] ?? []).edits;
    }
    edit = joined;
    fixed.push(...more.taken);
    texts = apply(original, edit);
  }
  return action(edit, fixed);
}

function action(edit: WorkspaceEdit, fixed: Fix[]): CodeAction {
  return {
    title: `Fix all in this file (${fixed.length} ${fixed.length === 1 ? 'problem' : 'problems'})`,
    kind: 'source.fixAll',
    diagnostics: fixed.flatMap((f) => (f.diagnostic ? [f.diagnostic] : [])),
    edit,
  };
}

/** The clear fixes of some diagnostics, written together; the ones that would overlap left out. */
function chooseFixes(ctx: FixContext, diagnostics: Diagnostic[]): { edit: WorkspaceEdit; taken: Fix[] } | undefined {
  const sorted = [...diagnostics].sort((a, b) => compareRanges(a.range, b.range));
  const chosen: Fix[] = [];
  for (const d of sorted) {
    const safe = fixesFor(ctx, d).filter((f) => f.safe && f.change);
    if (safe.length === 1) chosen.push(safe[0]!);
  }
  if (chosen.length === 0) return undefined;
  // All together first: changes to one mapping merge into one edit. If something collides,
  // take the fixes one by one, leaving out each that would overlap what is taken.
  let change = joinChanges(...chosen.map((f) => f.change!));
  let edit = renderChange(ctx.files, change);
  let taken = chosen;
  if (!edit) {
    taken = [];
    change = emptyChange();
    for (const f of chosen) {
      const next = joinChanges(change, f.change!);
      const together = renderChange(ctx.files, next);
      if (!together) continue;
      change = next;
      edit = together;
      taken.push(f);
    }
  }
  if (!edit || taken.length === 0 || isEmptyChange(change)) return undefined;
  return { edit, taken };
}

const findingKey = (d: Diagnostic) => `${d.code}\u0000${d.message}`;

/** The texts after an edit, or undefined when it changes a file that is not among them. */
function apply(texts: Record<string, string>, edit: WorkspaceEdit): Record<string, string> | undefined {
  const out = { ...texts };
  for (const [uri, edits] of Object.entries(edit.changes)) {
    if (out[uri] === undefined) return undefined;
    out[uri] = composeEdits(out[uri]!, uri, edits, []).text;
  }
  return out;
}

/** What the validator finds in a file of an index. */
function findingsOf(index: MemoryFileIndex, uri: string): Diagnostic[] {
  const file = index.get(uri);
  if (!file) return [];
  if (file.kind === 'model') return validateModel(file.parsed);
  const model = index.modelOf(uri);
  return model ? validateSamples(file.parsed, model.parsed.model) : [];
}
