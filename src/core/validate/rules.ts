import { diagnostic, type DiagnosticCode } from '../diagnostics.js';
import type { Command, Event, FieldDef, FieldShape, Policy, UpdateOp, UpdateRule, ValueNode } from '../model/model.js';
import { checkRecord, checkValue, describeShape, fieldAtPath, isAssignable, type RefTyper, type ValueProblem } from './typeCheck.js';
import type { CheckContext } from './context.js';

/** What `$meta.` offers and the type of each. */
export const META_FIELDS: Record<string, FieldShape> = {
  timestamp: { type: { kind: 'primitive', name: 'datetime' }, optional: false },
  position: { type: { kind: 'primitive', name: 'integer' }, optional: false },
  stream: { type: { kind: 'primitive', name: 'string' }, optional: false },
};

/** Maps value problems to diagnostics of one family of codes. */
export function reportProblems(
  problems: ValueProblem[],
  codes: Record<ValueProblem['kind'], DiagnosticCode>,
  c: CheckContext,
  prefix = '',
): void {
  for (const p of problems) c.report(diagnostic(codes[p.kind], prefix + p.message, p.range));
}

const RULE_CODES = { 'unknown-field': 'rule-unknown-target-field', 'missing-field': 'rule-type-mismatch', type: 'rule-type-mismatch' } as const;
const INITIAL_CODES = { 'unknown-field': 'initial-mismatch', 'missing-field': 'initial-mismatch', type: 'initial-mismatch' } as const;
export const PAYLOAD_CODES = { 'unknown-field': 'payload-unknown-field', 'missing-field': 'payload-missing-field', type: 'payload-type-mismatch' } as const;

/** Types `$event.`, `$state.` and `$meta.` references, reporting the ones that do not resolve. */
export function refTyper(event: Event | undefined, target: Map<string, FieldDef> | undefined, c: CheckContext, owner: string): RefTyper {
  return (ref) => {
    if (ref.source === 'meta') {
      const meta = ref.path.length === 1 ? META_FIELDS[ref.path[0]!] : undefined;
      if (!meta) c.report(diagnostic('unknown-meta', `'${ref.text}' is not event metadata: use $meta.timestamp, $meta.position or $meta.stream.`, ref.range));
      return meta;
    }
    if (ref.source === 'event') {
      if (!event) return 'any';
      const shape = fieldAtPath(event.fields, ref.path, c.model);
      if (!shape) {
        c.report(diagnostic('rule-unknown-event-field', `Event '${event.name}' has no field '${ref.path.join('.')}' (read by ${ref.text}).`, ref.range));
      }
      return shape;
    }
    if (!target) return 'any';
    const shape = fieldAtPath(target, ref.path, c.model);
    if (!shape) c.report(diagnostic('rule-unknown-target-field', `${owner} has no field '${ref.path.join('.')}' (read by ${ref.text}).`, ref.range));
    return shape;
  };
}

/** Aggregate `initial`, `evolve` rules, projection `on` rules and policy payloads. */
export function checkRules(c: CheckContext): void {
  const m = c.model;
  for (const a of m.aggregates.values()) {
    checkInitial(a.initial, a.state, a.nameRange, a.name, c);
    for (const rule of a.evolve) checkRule(rule, a.state, `The state of '${a.name}'`, false, c);
  }
  for (const p of m.projections.values()) {
    for (const rule of p.on) checkRule(rule, p.fields, `The row of '${p.name}'`, true, c);
  }
  for (const pol of m.policies.values()) {
    const event = pol.when && m.events.get(pol.when.name);
    for (const step of pol.then) {
      const cmd = m.commands.get(step.command.name);
      if (!cmd) continue;
      if (!step.payload) {
        if (event) checkFieldsByName(pol, event, cmd, step.command.range, c);
        continue;
      }
      const refs = refTyper(event, undefined, c, `Policy '${pol.name}'`);
      reportProblems(checkRecord(step.payload, cmd.fields, m, step.command.range, { refs }), PAYLOAD_CODES, c, `Command '${cmd.name}': `);
    }
  }
}

/**
 * A step without a payload copies the command's fields from the event's fields of the same name.
 * A required field the event lacks is a mapping not written yet (a warning that shows the payload
 * to write); a field on both sides whose types do not fit is an error.
 */
function checkFieldsByName(policy: Policy, event: Event, cmd: Command, range: UpdateRule['range'], c: CheckContext): void {
  const missing: string[] = [];
  const payload: string[] = [];
  for (const f of cmd.fields.values()) {
    const source = event.fields.get(f.name);
    if (!source) {
      if (!f.optional) {
        missing.push(f.name);
        payload.push(`${f.name}: ...`);
      }
      continue;
    }
    const fits = isAssignable(source, f, c.model);
    payload.push(`${f.name}: ${fits ? `$event.${f.name}` : '...'}`);
    if (!fits) {
      c.report(
        diagnostic('payload-type-mismatch', `Policy '${policy.name}' copies '${f.name}' from '${event.name}' (${describeShape(source)}) into '${cmd.name}' (${describeShape(f)}).`, range),
      );
    }
  }
  if (missing.length === 0) return;
  const step = `{ ${cmd.name}: { ${payload.join(', ')} } }`;
  const form = policy.then.length === 1 ? `\`then: [${step}]\`` : `the step written as \`${step}\``;
  c.report(
    diagnostic(
      'policy-mapping-incomplete',
      `Policy '${policy.name}' fills '${cmd.name}' from '${event.name}' by field name, but '${event.name}' has no ${orList(missing.map((m) => `'${m}'`))}; ` +
        `supply ${missing.length === 1 ? 'it' : 'them'} in a payload: ${form}.`,
      range,
    ),
  );
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function checkInitial(initial: ValueNode | undefined, state: Map<string, FieldDef>, anchor: UpdateRule['range'], name: string, c: CheckContext): void {
  if (!initial) {
    const required = [...state.values()].filter((f) => !f.optional);
    if (required.length > 0) {
      c.report(
        diagnostic('initial-mismatch', `Aggregate '${name}' has no \`initial\` state; it needs a starting value for ${required.map((f) => f.name).join(', ')}.`, anchor),
      );
    }
    return;
  }
  reportProblems(checkRecord(initial, state, c.model, initial.range), INITIAL_CODES, c, `Initial state of '${name}': `);
}

function checkRule(rule: UpdateRule, target: Map<string, FieldDef>, owner: string, isProjection: boolean, c: CheckContext): void {
  const event = c.model.events.get(rule.event.name);
  const refs = refTyper(event, target, c, owner);
  for (const op of rule.ops) checkOp(op, target, owner, isProjection, refs, c);
}

function checkOp(op: UpdateOp, target: Map<string, FieldDef>, owner: string, isProjection: boolean, refs: RefTyper, c: CheckContext): void {
  if (op.op === 'delete') {
    if (!isProjection) c.report(diagnostic('invalid-value', '`delete` removes a projection row; an aggregate cannot delete its state.', op.range));
    return;
  }
  const field = fieldAtPath(target, op.path.split('.'), c.model);
  if (!field) {
    c.report(diagnostic('rule-unknown-target-field', `${owner} has no field '${op.path}'.`, op.pathRange));
    if (op.op !== 'unset') checkValue(op.value, { type: { kind: 'primitive', name: 'string' }, optional: true }, c.model, { refs: (r) => (refs(r), 'any') }, op.path);
    return;
  }
  const mismatch = (why: string) => c.report(diagnostic('rule-type-mismatch', `\`${op.op}\` ${why}; '${op.path}' is ${describeShape(field)}.`, op.pathRange));
  switch (op.op) {
    case 'unset':
      if (!field.optional) mismatch('clears optional fields only');
      return;
    case 'set':
      reportProblems(checkValue(op.value, field, c.model, { refs }, op.path), RULE_CODES, c);
      return;
    case 'inc':
      if (field.type.kind !== 'primitive' || (field.type.name !== 'number' && field.type.name !== 'integer')) {
        mismatch('adds to numbers only');
        return;
      }
      reportProblems(checkValue(op.value, { type: field.type, optional: false }, c.model, { refs }, op.path), RULE_CODES, c);
      return;
    case 'push':
    case 'remove':
      if (field.type.kind !== 'array') {
        mismatch('works on lists only');
        return;
      }
      reportProblems(
        checkValue(op.value, { type: field.type.element, optional: false }, c.model, { refs, partial: op.op === 'remove' }, `${op.path}[]`),
        RULE_CODES,
        c,
      );
      return;
  }
}
