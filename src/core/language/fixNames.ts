import { distance } from 'fastest-levenshtein';
import type { Diagnostic } from '../diagnostics.js';
import { PRIMITIVE_TYPES, type Command, type FieldDef, type ValueNode } from '../model/model.js';
import type { Range } from '../source.js';
import { checkRecord, fieldAtPath } from '../validate/typeCheck.js';
import { suggestedName } from '../wording.js';
import type { Change } from './fixChange.js';
import type { FixContext } from './fixContext.js';
import { addError, createCommand, createEvent, createType } from './fixCreate.js';
import type { Fix } from './fixFindings.js';
import { sameRange, type Use } from './fixSites.js';

/**
 * Fixes of unknown names: the name suggested (the validator's suggestion, and any other as
 * close) when what is written there fits it, or the missing element created.
 */

const KIND_OF = {
  'unknown-event': 'event',
  'unknown-command': 'command',
  'unknown-aggregate': 'aggregate',
  'unknown-projection': 'projection',
  'unknown-type': 'type',
  'unknown-error': 'error',
  'sample-unknown-event': 'event',
} as const;

/** The use of a name a diagnostic is about, in the diagnostic's file. */
function useAt(ctx: FixContext, kind: Use['kind'], range: Range): Use | undefined {
  return ctx.uses.find((u) => u.kind === kind && sameRange(u.ref.range, range) && (u.at === 'sample' ? u.uri === ctx.uri : ctx.uri === ctx.modelFile.uri));
}

/**
 * The names to suggest for an unknown one: the validator's suggestion, and any other known name
 * just as close (`OrderPayed` is as close to `OrderPaid` as to `OrderPlaced`).
 */
function suggestions(name: string, known: Iterable<string>): string[] {
  const list = [...new Set(known)];
  const best = suggestedName(name, list);
  if (best === undefined) return [];
  const d = distance(name.toLowerCase(), best.toLowerCase());
  return [best, ...list.filter((k) => k !== best && distance(name.toLowerCase(), k.toLowerCase()) === d)];
}

/** The fixes of an unknown name: each suggested name, and creating the element (or the error). */
export function unknownNameFixes(ctx: FixContext, d: Diagnostic): Fix[] {
  const kind = KIND_OF[d.code as keyof typeof KIND_OF];
  const use = useAt(ctx, kind, d.range);
  if (!use) return [];
  const m = ctx.model;
  const name = use.ref.name;
  let known: Iterable<string>;
  let command: Command | undefined;
  switch (kind) {
    case 'event':
      if (m.events.has(name)) return [];
      known = m.events.keys();
      break;
    case 'command':
      if (m.commands.has(name)) return [];
      known = m.commands.keys();
      break;
    case 'aggregate':
      if (m.aggregates.has(name)) return [];
      known = m.aggregates.keys();
      break;
    case 'projection':
      if (m.projections.has(name)) return [];
      known = m.projections.keys();
      break;
    case 'type':
      if (m.types.has(name)) return [];
      known = [...m.types.keys(), ...PRIMITIVE_TYPES];
      break;
    case 'error': {
      if (use.at !== 'scenario' || !use.scenario.when) return [];
      command = m.commands.get(use.scenario.when.name);
      if (!command || command.errors.some((e) => e.name === name)) return [];
      known = command.errors.map((e) => e.name);
      break;
    }
  }
  const fixes: Fix[] = [];
  // A suggested name is the fix when what is written there fits it (a payload its fields, a
  // rule's `$event.` paths); when none fits, creating the name is as likely what was meant.
  const candidates = suggestions(name, known).filter((c) => !duplicatesRule(use, c));
  const fitting = candidates.filter((c) => suggestionFits(ctx, use, c));
  for (const c of candidates) {
    const change = replaceName(ctx, use, c);
    const clear = fitting.length === 1 && fitting[0] === c;
    if (change) fixes.push({ title: `Change '${name}' to '${c}'`, diagnostic: d, change, preferred: clear, safe: clear });
  }
  const creation = createFix(ctx, kind, name, command);
  if (creation) {
    creation.diagnostic = d;
    if (fitting.length === 0) {
      creation.preferred = true;
      // Creating from a sample file changes the model: a decision for the user, not for fix-all.
      creation.safe = use.at !== 'sample';
    }
    fixes.push(creation);
  }
  return fixes;
}

/** The `$event.` paths a value reads. */
function eventPaths(v: ValueNode, out: string[][] = []): string[][] {
  if (v.kind === 'ref' && v.source === 'event') out.push(v.path);
  else if (v.kind === 'list') for (const i of v.items) eventPaths(i, out);
  else if (v.kind === 'map') for (const e of v.entries.values()) eventPaths(e.value, out);
  return out;
}

/** Whether the rule of an unknown event would, renamed, be a second rule for an event that has one. */
function duplicatesRule(use: Use, to: string): boolean {
  if (use.kind !== 'event' || (use.at !== 'evolve' && use.at !== 'on')) return false;
  return (use.at === 'evolve' ? use.aggregate.evolve : use.projection.on).some((r) => r.event.name === to);
}

/** Whether what is written where an unknown name stands fits the element of the suggested name. */
function suggestionFits(ctx: FixContext, use: Use, to: string): boolean {
  const m = ctx.model;
  // A payload fits when the fields it gives are the element's (the ones it lacks are fixes of their own).
  const fitsPayload = (payload: ValueNode | undefined, fields: Map<string, FieldDef>, anchor: Range) =>
    !payload || checkRecord(payload, fields, m, anchor).every((p) => p.kind === 'missing-field');
  if (use.kind === 'event') {
    const ev = m.events.get(to);
    if (!ev) return false;
    const reads = (v: ValueNode) => eventPaths(v).every((p) => fieldAtPath(ev.fields, p, m) !== undefined);
    switch (use.at) {
      case 'evolve':
      case 'on':
        if (use.at === 'on' && use.projection.key && !ev.fields.has(use.projection.key.name)) return false;
        return use.rule.ops.every((op) => op.op === 'delete' || op.op === 'unset' || reads(op.value));
      case 'when':
        return use.policy.then.every((step) => !step.payload || reads(step.payload));
      case 'given':
      case 'then':
        return fitsPayload(use.message.payload, ev.fields, use.message.nameRange);
      case 'sample':
        return fitsPayload(use.sample.data, ev.fields, use.sample.typeRange);
      default:
        return true;
    }
  }
  if (use.kind === 'command') {
    const cmd = m.commands.get(to);
    if (!cmd) return false;
    if (use.at === 'scenario') return fitsPayload(use.message.payload, cmd.fields, use.message.nameRange);
    return fitsPayload(use.step.payload, cmd.fields, use.step.command.range);
  }
  return true;
}

function createFix(ctx: FixContext, kind: (typeof KIND_OF)[keyof typeof KIND_OF], name: string, command: Command | undefined): Fix | undefined {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) return undefined;
  const m = ctx.model;
  const element = m.types.has(name) || m.aggregates.has(name) || m.commands.has(name) || m.events.has(name) || m.projections.has(name) || m.policies.has(name);
  const error = [...m.commands.values()].some((c) => c.errors.some((e) => e.name === name));
  // An element and an error never share a name (generated code gives each a type).
  if (element || (error && kind !== 'error')) return undefined;
  switch (kind) {
    case 'event': {
      const c = createEvent(ctx, name);
      return { title: `Create event '${name}'${c.detail}`, change: c.change };
    }
    case 'command': {
      const c = createCommand(ctx, name);
      return { title: `Create command '${name}'${c.detail}`, change: c.change };
    }
    case 'type': {
      const c = createType(ctx, name);
      return { title: `Create type '${name}'${c.detail}`, change: c.change };
    }
    case 'error':
      return command ? { title: `Add '${name}' to the errors of command '${command.name}'`, change: addError(ctx, command.name, name) } : undefined;
    default:
      return undefined;
  }
}

/** The unknown name replaced where it is written (inside quotes, or as the base of a field type). */
function replaceName(ctx: FixContext, use: Use, to: string): Change | undefined {
  const uri = use.at === 'sample' ? use.uri : ctx.modelFile.uri;
  const file = ctx.files.get(uri);
  if (!file) return undefined;
  const r = use.ref.range;
  const written = file.text.slice(file.offset(r.start), file.offset(r.end));
  let text: string;
  if (use.kind === 'type') {
    const m = /^(\s*["']?)([A-Za-z_$][A-Za-z0-9_$]*)/.exec(written);
    if (!m || m[2] !== use.ref.name) return undefined;
    text = m[1] + to + written.slice(m[0].length);
  } else if (written === use.ref.name) {
    text = to;
  } else if (written === JSON.stringify(use.ref.name)) {
    text = JSON.stringify(to);
  } else if (written === `'${use.ref.name}'`) {
    text = `'${to}'`;
  } else {
    return undefined;
  }
  return { merges: [], removals: [], replaces: [{ uri, edit: { range: r, newText: text } }] };
}
