import type { ParsedSamples } from '../samples/parseSamples.js';
import { compareRanges, type Range } from '../source.js';
import type { Message, Model, NameRef } from './model.js';

/**
 * Semantic token types, in legend order. Keys of a model are coloured from the parsed model
 * rather than by the TextMate grammar, which must leave YAML's keys to YAML's own grammar.
 */
export const SEMANTIC_TOKEN_TYPES = ['keyword', 'type', 'class', 'function', 'event', 'struct', 'interface', 'operator'] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration'] as const;

export interface SemanticToken {
  range: Range;
  type: SemanticTokenType;
  declaration: boolean;
}

const KIND_TYPE: Record<string, SemanticTokenType> = {
  type: 'type',
  aggregate: 'class',
  command: 'function',
  event: 'event',
  projection: 'struct',
  policy: 'interface',
};

/** The model's own vocabulary with its kind: section keys, declarations, references, operators. Sorted, single-line. */
export function modelSemanticTokens(model: Model): SemanticToken[] {
  const out: SemanticToken[] = [];
  const add = (range: Range | undefined, type: SemanticTokenType, declaration = false) => {
    if (range && range.start.line === range.end.line && range.end.character > range.start.character) out.push({ range, type, declaration });
  };
  const ref = (r: NameRef | undefined, type: SemanticTokenType) => add(r?.range, type);
  const message = (m: Message | undefined, type: SemanticTokenType) => add(m?.nameRange, type);
  for (const range of model.sections.values()) add(range, 'keyword');
  const tables = [model.types, model.aggregates, model.commands, model.events, model.projections, model.policies] as const;
  for (const table of tables) for (const el of table.values()) add(el.nameRange, KIND_TYPE[el.kind]!, true);
  for (const a of model.aggregates.values()) {
    for (const rule of a.evolve) {
      ref(rule.event, 'event');
      for (const op of rule.ops) add(op.operatorRange, 'operator');
    }
  }
  for (const p of model.projections.values()) {
    for (const rule of p.on) {
      ref(rule.event, 'event');
      for (const op of rule.ops) add(op.operatorRange, 'operator');
    }
  }
  for (const c of model.commands.values()) {
    ref(c.aggregate, 'class');
    for (const e of c.emits) ref(e, 'event');
  }
  for (const e of model.events.values()) {
    ref(e.aggregate, 'class');
    for (const step of e.upcast?.steps ?? []) for (const r of step.operatorRanges) add(r, 'operator');
  }
  for (const pol of model.policies.values()) {
    ref(pol.when, 'event');
    for (const step of pol.then) ref(step.command, 'function');
  }
  for (const s of model.scenarios) {
    for (const g of s.given) message(g, 'event');
    message(s.when, 'function');
    ref(s.projection, 'struct');
    if (s.then?.kind === 'events') for (const e of s.then.events) message(e, 'event');
  }
  return dedupeSorted(out);
}

/** Event type names in a sample file. */
export function sampleSemanticTokens(samples: ParsedSamples): SemanticToken[] {
  return dedupeSorted(samples.events.map((e) => ({ range: e.typeRange, type: 'event' as const, declaration: false })).filter((t) => t.range.start.line === t.range.end.line));
}

function dedupeSorted(list: SemanticToken[]): SemanticToken[] {
  const sorted = [...list].sort((a, b) => compareRanges(a.range, b.range));
  // Tokens may not overlap: keep the first of any two that start on the same spot.
  return sorted.filter((t, i) => {
    const prev = sorted[i - 1];
    return !prev || prev.range.start.line !== t.range.start.line || prev.range.end.character <= t.range.start.character;
  });
}
