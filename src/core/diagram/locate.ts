import type { Model } from '../model/model.js';
import { compareRanges, rangeContains, type Position, type Range } from '../source.js';
import type { DiagramNodeKind } from './types.js';

/** An element a diagram can point at. */
export interface ElementLocation {
  kind: DiagramNodeKind;
  name: string;
}

/**
 * The element under the cursor: the one whose key or value contains the position (the innermost
 * when several do), so the diagram can highlight its node. Types are not drawn and give nothing.
 */
export function elementAt(model: Model, position: Position): ElementLocation | undefined {
  let best: { at: ElementLocation; range: Range } | undefined;
  const consider = (kind: DiagramNodeKind, name: string, nameRange: Range, range: Range) => {
    for (const r of [nameRange, range]) {
      if (!rangeContains(r, position)) continue;
      if (!best || compareRanges(r, best.range) > 0) best = { at: { kind, name }, range: r };
    }
  };
  for (const a of model.aggregates.values()) consider('aggregate', a.name, a.nameRange, a.range);
  for (const c of model.commands.values()) consider('command', c.name, c.nameRange, c.range);
  for (const e of model.events.values()) consider('event', e.name, e.nameRange, e.range);
  for (const p of model.projections.values()) consider('projection', p.name, p.nameRange, p.range);
  for (const p of model.policies.values()) consider('policy', p.name, p.nameRange, p.range);
  for (const s of model.scenarios) consider('scenario', s.name, s.nameRange, s.range);
  return best?.at;
}
