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
  forEachDrawnElement(model, (kind, name, nameRange, range) => {
    for (const r of [nameRange, range]) {
      if (!rangeContains(r, position)) continue;
      if (!best || compareRanges(r, best.range) > 0) best = { at: { kind, name }, range: r };
    }
  });
  return best?.at;
}

/** Every element a diagram draws a node for, with the range of its name and its whole range (types are not drawn). */
export function forEachDrawnElement(model: Model, visit: (kind: DiagramNodeKind, name: string, nameRange: Range, range: Range) => void): void {
  for (const a of model.aggregates.values()) visit('aggregate', a.name, a.nameRange, a.range);
  for (const c of model.commands.values()) visit('command', c.name, c.nameRange, c.range);
  for (const e of model.events.values()) visit('event', e.name, e.nameRange, e.range);
  for (const p of model.projections.values()) visit('projection', p.name, p.nameRange, p.range);
  for (const p of model.policies.values()) visit('policy', p.name, p.nameRange, p.range);
  for (const s of model.scenarios) visit('scenario', s.name, s.nameRange, s.range);
}
