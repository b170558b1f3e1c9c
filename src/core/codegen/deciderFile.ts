import type { AggregateCode, CodeModel } from './codeModel.js';
import { ModuleScope } from './moduleScope.js';
import { RuleFile } from './ruleFile.js';
import { objectType, type TypeRef } from './tsTypes.js';
import { jsDoc, stringLiteral } from './text.js';
import { literalContext, renderRecord } from './valueExpr.js';

/**
 * `<aggregate>.decider.ts`: the state type, `initialState`, `evolve` built from the model's rules,
 * and `decide`, which hands each command to its handler in the user's `<aggregate>.handlers.ts`.
 * Each handler is imported by name, so a command added to the model shows up as a compile error
 * naming the handler to write.
 */
export function renderDeciderFile(cm: CodeModel, a: AggregateCode): string {
  const scope = new ModuleScope(['initialState', 'evolve', 'decide', 'decider', a.stateType, 'state', 'event', 'command', 'next', 'item']);
  const ref: TypeRef = (name) => scope.type('./types.js', cm.typeNames.get(name) ?? name);
  const rules = new RuleFile(cm, scope, ref, { event: 'event', next: 'next', item: 'item' });
  const agg = a.aggregate;
  const commandUnion = scope.type('./types.js', a.commandUnion);
  const eventUnion = scope.type('./types.js', a.eventUnion);
  const decider = cm.target === 'emmett' ? scope.type('@event-driven-io/emmett', 'Decider') : scope.type('./decider-type.js', cm.deciderType);

  const state = objectType(agg.state, ref, '');
  const out: string[] = [
    '',
    ...jsDoc(`The state of ${agg.name}, rebuilt from its events.${agg.description ? `\n\n${agg.description}` : ''}`),
    `export type ${a.stateType} = ${state[0]}`,
    ...state.slice(1),
  ];
  out[out.length - 1] += ';';
  out.push(
    '',
    '/** The state before the first event. */',
    `export function initialState(): ${a.stateType} {`,
    `  return ${agg.initial ? renderRecord(agg.initial, agg.state, literalContext(cm.model, ref)) : '{}'};`,
    '}',
    '',
    `/** Applies one event to the state: the model's evolve rules. Events without a rule leave the state as it is. */`,
  );
  const rulesByEvent = new Map(agg.evolve.map((r) => [r.event.name, r]));
  if (a.events.length === 0) {
    out.push(`export function evolve(state: ${a.stateType}, _event: ${eventUnion}): ${a.stateType} {`, '  return state;', '}');
  } else {
    out.push(
      `export function evolve(state: ${a.stateType}, event: ${eventUnion}): ${a.stateType} {`,
      ...rules.eventSwitch(a.events, (e) => rules.ruleBody(rulesByEvent.get(e.name), e, agg.state, 'state', 'state'), 'state', '  '),
      '}',
    );
  }
  out.push(
    '',
    `/** Decides a command against the state: each command goes to its handler in ${a.stem}.handlers.ts. */`,
    `export function decide(command: ${commandUnion}, state: ${a.stateType}): ${eventUnion} | ${eventUnion}[] {`,
  );
  if (a.commands.length === 0) {
    out[out.length - 1] = out[out.length - 1]!.replace('state: ', '_state: ');
    out.push('  const unhandled: never = command;', '  throw new Error(`Unknown command: ${JSON.stringify(unhandled)}`);', '}');
  } else {
    out.push('  switch (command.type) {');
    for (const c of a.commands) {
      const handler = scope.value(`./${a.stem}.handlers.js`, a.handlers.get(c.name)!);
      out.push(`    case ${stringLiteral(c.name)}:`, `      return ${handler}(command, state);`);
    }
    out.push(
      '    default: {',
      '      // Every command has a case above: one added to the model fails to compile here until it has one.',
      `      const unhandled: never = command${a.commands.length === 1 ? '.type' : ''};`,
      '      throw new Error(`Unknown command: ${JSON.stringify(unhandled)}`);',
      '    }',
      '  }',
      '}',
    );
  }
  out.push(
    '',
    `/** ${agg.name} as a decider: ${cm.target === 'emmett' ? "Emmett's command handling and DeciderSpecification take it as it is" : 'decide, evolve and the initial state together'}. */`,
    `export const decider: ${decider}<${a.stateType}, ${commandUnion}, ${eventUnion}> = { decide, evolve, initialState };`,
    ...rules.helpers(),
  );
  return [...scope.render(), ...out].join('\n') + '\n';
}
