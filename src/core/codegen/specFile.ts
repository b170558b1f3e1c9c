import type { Command, Scenario } from '../model/model.js';
import type { AggregateCode, CodeModel, ProjectionCode } from './codeModel.js';
import { ModuleScope } from './moduleScope.js';
import { layout, messageLiteral, recordLiteral } from './payloadLiteral.js';
import { lineComment, stringLiteral } from './text.js';

/**
 * The scenarios as `node:test` tests. A command scenario folds `given` through `evolve`, runs
 * `decide` and compares the events exactly (Emmett's own `then` matches a subset, so the exact
 * comparison comes first); with Emmett it also runs `DeciderSpecification`. A projection scenario
 * folds `given` through the projection and compares the rows.
 */

const LOCALS = ['describe', 'it', 'assert', 'given', 'when', 'then', 'rows', 'replay', 'emitted', 'events', 'result'];

/** `<aggregate>.spec.ts`, or undefined when no scenario sends a command to the aggregate. */
export function renderAggregateSpec(cm: CodeModel, a: AggregateCode): string | undefined {
  const scenarios = a.scenarios;
  if (scenarios.length === 0) return undefined;
  const scope = new ModuleScope(LOCALS);
  const decider = `./${a.stem}.decider.js`;
  const names = {
    evolve: scope.value(decider, 'evolve'),
    initialState: scope.value(decider, 'initialState'),
    decide: scope.value(decider, 'decide'),
    commandUnion: scope.type('./types.js', a.commandUnion),
    eventUnion: scope.type('./types.js', a.eventUnion),
  };
  const inStream = new Set(a.events.map((e) => e.name));
  const tests: string[] = [];
  for (const s of scenarios) {
    const cmd = cm.model.commands.get(s.when!.name)!;
    const lines: string[] = [];
    const skipped = s.given.filter((g) => !inStream.has(g.name)).map((g) => g.name);
    if (skipped.length > 0) lines.push(`// Left out of given, not events of the ${lineComment(a.aggregate.name)} stream (evolve ignores them): ${lineComment([...new Set(skipped)].join(', '))}.`);
    const given = s.given.filter((g) => inStream.has(g.name)).map((g) => messageLiteral(g, cm.model.events.get(g.name)!.fields, cm.model, '  '));
    lines.push(`const given: ${names.eventUnion}[] = ${given.length === 0 ? '[]' : layout(given, '[', ']', '')};`);
    const now = nowOf(s, cmd, cm);
    const extra = now ? [`metadata: { now: new Date(${stringLiteral(now)}) }`] : [];
    lines.push(`const when: ${names.commandUnion} = ${messageLiteral(s.when!, cmd.fields, cm.model, '', extra)};`);
    const then = s.then;
    if (then?.kind === 'events') {
      const typed = then.events.every((e) => inStream.has(e.name));
      const expected = then.events.map((e) => messageLiteral(e, cm.model.events.get(e.name)?.fields ?? new Map(), cm.model, '  '));
      lines.push(`const then: ${typed ? `${names.eventUnion}[]` : 'unknown[]'} = ${expected.length === 0 ? '[]' : layout(expected, '[', ']', '')};`);
      lines.push(`assert.deepStrictEqual(emitted(${names.decide}(when, replay(given))), then);`);
      if (cm.target === 'emmett' && typed) {
        const spec = scope.value('@event-driven-io/emmett', 'DeciderSpecification');
        const verdict = then.events.length === 0 ? 'thenNothingHappened()' : 'then(then)';
        lines.push(`${spec}.for(${scope.value(decider, 'decider')})(given).when(when).${verdict};`);
      } else if (!typed) {
        lines.push('// The scenario expects events of another stream, so only the exact comparison above runs.');
      }
    } else if (then?.kind === 'error' && cm.errors.has(then.error.name)) {
      const error = scope.value('./errors.js', cm.errors.get(then.error.name)!);
      lines.push(`assert.throws(() => ${names.decide}(when, replay(given)), ${error});`);
      if (cm.target === 'emmett') {
        const spec = scope.value('@event-driven-io/emmett', 'DeciderSpecification');
        lines.push(`${spec}.for(${scope.value(decider, 'decider')})(given).when(when).thenThrows(${error});`);
      }
    } else {
      lines.push(`${names.decide}(when, replay(given));`);
    }
    tests.push('', `  it(${stringLiteral(s.name)}, () => {`, ...lines.map((l) => indentBlock(l, '    ')), '  });');
  }
  const body = [
    '',
    '/** The state after the given events: each folded through evolve, from the initial state. */',
    `function replay(events: readonly ${names.eventUnion}[]) {`,
    `  return events.reduce(${names.evolve}, ${names.initialState}());`,
    '}',
  ];
  if (tests.some((t) => t.includes('emitted('))) {
    body.push(
      '',
      '/** What decide returned, as a list. */',
      `function emitted(result: ${names.eventUnion} | ${names.eventUnion}[]): ${names.eventUnion}[] {`,
      '  return Array.isArray(result) ? result : [result];',
      '}',
    );
  }
  body.push('', `describe(${stringLiteral(a.aggregate.name)}, () => {`, ...tests.slice(1), '});');
  return [...imports(scope), ...body].join('\n') + '\n';
}

/** `projections.spec.ts`, or undefined when the model has no projection scenario. */
export function renderProjectionsSpec(cm: CodeModel): string | undefined {
  const scope = new ModuleScope(LOCALS);
  const blocks: string[] = [];
  for (const p of cm.projections) {
    const scenarios = p.scenarios;
    if (scenarios.length === 0) continue;
    const ns = scope.namespace(`./${p.stem}.projection.js`, p.namespace);
    blocks.push('', `describe(${stringLiteral(p.projection.name)}, () => {`);
    scenarios.forEach((s, i) => blocks.push(...(i > 0 ? [''] : []), ...projectionTest(cm, p, s, ns)));
    blocks.push('});');
  }
  if (blocks.length === 0) return undefined;
  return [...imports(scope), ...blocks].join('\n') + '\n';
}

function projectionTest(cm: CodeModel, p: ProjectionCode, s: Scenario, ns: string): string[] {
  const handled = new Set(p.events.map((e) => e.name));
  const lines: string[] = [];
  const skipped = s.given.filter((g) => !handled.has(g.name)).map((g) => g.name);
  if (skipped.length > 0) lines.push(`// Left out of given, events the projection does not handle: ${lineComment([...new Set(skipped)].join(', '))}.`);
  const given = s.given.filter((g) => handled.has(g.name)).map((g) => messageLiteral(g, cm.model.events.get(g.name)!.fields, cm.model, '  '));
  lines.push(`const given: ${ns}.${p.eventUnion}[] = ${given.length === 0 ? '[]' : layout(given, '[', ']', '')};`);
  const rows = s.then?.kind === 'rows' ? s.then.rows.map((r) => recordLiteral(r, p.projection.fields, cm.model, '  ')) : [];
  lines.push(`const rows: ${ns}.${p.rowType}[] = ${rows.length === 0 ? '[]' : layout(rows, '[', ']', '')};`);
  lines.push(`assert.deepStrictEqual([...${ns}.applyAll(new Map(), given).values()], rows);`);
  return [`  it(${stringLiteral(s.name)}, () => {`, ...lines.map((l) => indentBlock(l, '    ')), '  });'];
}

/**
 * The time a handler should take as "now": the first datetime of the expected events that the
 * command does not carry itself, so a handler that stamps the command's time emits exactly them.
 */
function nowOf(s: Scenario, cmd: Command, cm: CodeModel): string | undefined {
  if (s.then?.kind !== 'events') return undefined;
  for (const msg of s.then.events) {
    const ev = cm.model.events.get(msg.name);
    if (!ev || msg.payload?.kind !== 'map') continue;
    for (const f of ev.fields.values()) {
      if (f.type.kind !== 'primitive' || f.type.name !== 'datetime' || cmd.fields.has(f.name)) continue;
      const v = msg.payload.entries.get(f.name)?.value;
      if (v?.kind === 'scalar' && typeof v.value === 'string') return v.value;
    }
  }
  return undefined;
}

function imports(scope: ModuleScope): string[] {
  // node:test and node:assert come first and keep their names: the scope reserved them.
  return ["import * as assert from 'node:assert/strict';", "import { describe, it } from 'node:test';", ...scope.render()];
}

function indentBlock(text: string, indent: string): string {
  return text
    .split('\n')
    .map((l) => (l ? indent + l : l))
    .join('\n');
}
