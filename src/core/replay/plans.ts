import type { Aggregate, FieldDef, Model, Projection, UpdateRule } from '../model/model.js';
import { quickRule, type QuickRule } from './quickRule.js';
import { someReference } from './values.js';

/**
 * What the rules do with each event type, worked out once per model instead of once per event:
 * for a step in full (`planFor`) and for a bulk step (`quickPlan`, with its rules prepared).
 */

/** How a bulk step applies an event type: its rules, prepared where they are simple. */
export interface QuickPlan {
  version: number;
  fields: Map<string, FieldDef>;
  aggregate?: { aggregate: Aggregate; idKey: string; evolve?: UpdateRule; quick?: QuickRule };
  projections: { projection: Projection; rule: UpdateRule; quick?: QuickRule }[];
  /** Whether a rule reads `$meta`. */
  readsMeta: boolean;
}

/** The bulk plan of an event type; null for a type the model does not have, or whose rules delete rows (the general way handles both). */
export function quickPlan(model: Model, type: string): QuickPlan | null {
  const def = model.events.get(type);
  if (!def) return null;
  const plan = planFor(model, type);
  if (plan.projections.some(({ rule }) => rule.ops.some((o) => o.op === 'delete'))) return null;
  if (plan.aggregate && !plan.aggregate.id) return null;
  const rules = [...(plan.evolve ? [plan.evolve] : []), ...plan.projections.map((p) => p.rule)];
  const prepared = (rule: UpdateRule, fields: Map<string, FieldDef>) => quickRule(rule, fields, def.fields, model);
  const evolveQuick = plan.aggregate && plan.evolve ? prepared(plan.evolve, plan.aggregate.state) : undefined;
  return {
    version: def.version ?? 1,
    fields: def.fields,
    ...(plan.aggregate
      ? { aggregate: { aggregate: plan.aggregate, idKey: plan.aggregate.id!.name, ...(plan.evolve ? { evolve: plan.evolve } : {}), ...(evolveQuick ? { quick: evolveQuick } : {}) } }
      : {}),
    projections: plan.projections.map(({ projection, rule }) => {
      const q = prepared(rule, projection.fields);
      return { projection, rule, ...(q ? { quick: q } : {}) };
    }),
    readsMeta: rules.some((r) => r.ops.some((o) => o.op !== 'delete' && o.op !== 'unset' && someReference(o.value, (ref) => ref.source === 'meta'))),
  };
}

/** What the rules do with one event type, found once per model instead of once per event. */
export interface EventPlan {
  aggregate?: Aggregate;
  evolve?: UpdateRule;
  projections: { projection: Projection; rule: UpdateRule }[];
}

const plans = new WeakMap<Model, Map<string, EventPlan>>();

export function planFor(model: Model, type: string): EventPlan {
  let byType = plans.get(model);
  if (!byType) {
    byType = new Map();
    plans.set(model, byType);
  }
  let plan = byType.get(type);
  if (!plan) {
    const def = model.events.get(type);
    const aggregate = def?.aggregate ? model.aggregates.get(def.aggregate.name) : undefined;
    const evolve = aggregate?.evolve.find((r) => r.event.name === type);
    const projections: EventPlan['projections'] = [];
    for (const projection of model.projections.values()) {
      const rule = projection.on.find((r) => r.event.name === type);
      if (rule) projections.push({ projection, rule });
    }
    plan = { ...(aggregate ? { aggregate } : {}), ...(evolve ? { evolve } : {}), projections };
    byType.set(type, plan);
  }
  return plan;
}

/** Whether a rule writes below a field (a dotted path). */
export function hasDottedPath(rule: UpdateRule): boolean {
  return rule.ops.some((o) => o.op !== 'delete' && o.path.includes('.'));
}
