import type { Command, FieldDef, Model } from '../model/model.js';
import { buildCodeModel, type AggregateCode, type CodeModel } from './codeModel.js';
import type { CodegenTarget } from './plan.js';
import { ModuleScope } from './moduleScope.js';
import { propertyAccess, propertyKey } from './names.js';
import { conversion, placeholder, type TypeRef } from './tsTypes.js';
import { jsDoc, lineComment, stringLiteral } from './text.js';

/**
 * `<aggregate>.handlers.ts`, created once and then the user's: one handler per command. As
 * created, each compiles and runs: it emits the command's first event, with the fields it can
 * fill by name (from the command, then the state), datetimes from the command's time, and typed
 * placeholders marked TODO for the rest. The command's rules and errors are comments to implement.
 */
export function renderHandlersFile(cm: CodeModel, a: AggregateCode): string {
  const scope = new ModuleScope([...a.handlers.values(), 'command', 'state', '_command', '_state']);
  const ref: TypeRef = (name) => scope.type('./types.js', cm.typeNames.get(name) ?? name);
  let timeOf: string | undefined;
  const time = () => (timeOf ??= scope.local('timeOf'));
  const body: string[] = [];
  for (const c of a.commands) body.push('', ...handler(cm, a, c, scope, ref, time));
  if (timeOf) body.push('', ...timeHelper(timeOf));
  const header = [
    `// The command handlers of the aggregate ${lineComment(a.aggregate.name)}, called by ${a.stem}.decider.ts.`,
    `// This file is yours: Event Model Studio created it once from ${lineComment(cm.modelPath)} and never overwrites it.`,
    '// Each handler decides one command against the current state: it returns the events to append,',
    "// or throws one of the command's errors (classes in ./errors.js).",
  ];
  const imports = scope.render();
  return [...header, ...(imports.length > 0 ? ['', ...imports] : []), ...body].join('\n') + '\n';
}

/** Where a command's handler lives: its function name and its aggregate's handlers file (relative to the output folder). */
export interface HandlerLocation {
  name: string;
  path: string;
}

/** The handler of every command that has an aggregate, by command name, as the handlers files name them. */
export function handlerLocations(model: Model): Map<string, HandlerLocation> {
  const found = new Map<string, HandlerLocation>();
  for (const a of buildCodeModel(model, 'emmett', '').aggregates) {
    for (const [command, name] of a.handlers) found.set(command, { name, path: `${a.stem}.handlers.ts` });
  }
  return found;
}

/** One command's handler, rendered for adding to a handlers file that was created before the command existed. */
export interface HandlerStub extends HandlerLocation {
  /** The exported function with its doc comment. */
  code: string;
  /** The `import type` lines the function needs, as a new handlers file would write them. */
  imports: string[];
  /** Local functions the code calls, by name; a file that already has one keeps its own. */
  helpers: Array<{ name: string; code: string }>;
}

/** The handler a handlers file created now would have for one command, or undefined when the command has no aggregate. */
export function renderHandlerStub(model: Model, commandName: string, target: CodegenTarget): HandlerStub | undefined {
  const cm = buildCodeModel(model, target, '');
  const a = cm.aggregates.find((x) => x.handlers.has(commandName));
  const c = a?.commands.find((x) => x.name === commandName);
  if (!a || !c) return undefined;
  const scope = new ModuleScope([...a.handlers.values(), 'command', 'state', '_command', '_state']);
  const ref: TypeRef = (name) => scope.type('./types.js', cm.typeNames.get(name) ?? name);
  let timeOf: string | undefined;
  const code = handler(cm, a, c, scope, ref, () => (timeOf ??= scope.local('timeOf')));
  return {
    name: a.handlers.get(commandName)!,
    path: `${a.stem}.handlers.ts`,
    code: code.join('\n') + '\n',
    imports: scope.render(),
    helpers: timeOf ? [{ name: timeOf, code: timeHelper(timeOf).join('\n') + '\n' }] : [],
  };
}

function timeHelper(name: string): string[] {
  return [
    '/** The command\'s time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */',
    `function ${name}(command: { metadata?: { now: Date } }): string {`,
    "  // Whole seconds are written without milliseconds, as the model's scenarios write them.",
    "  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');",
    '}',
  ];
}

function handler(cm: CodeModel, a: AggregateCode, c: Command, scope: ModuleScope, ref: TypeRef, time: () => string): string[] {
  const name = a.handlers.get(c.name)!;
  const commandType = ref(c.name);
  const stateType = scope.type(`./${a.stem}.decider.js`, a.stateType);
  const eventUnion = scope.type('./types.js', a.eventUnion);
  const uses = { command: false, state: false };
  const lines: string[] = [];
  for (const rule of c.rules) lines.push(`  // Rule: ${lineComment(rule)}`);
  if (c.errors.length > 0) lines.push(`  // Errors to throw when a rule is broken: ${c.errors.map((e) => lineComment(e.name)).join(', ')}.`);
  const first = c.emits.map((e) => cm.model.events.get(e.name)).find((e) => e !== undefined);
  if (!first) {
    lines.push('  return [];');
  } else {
    if (c.emits.length > 1) lines.push(`  // It may emit instead: ${c.emits.slice(1).map((e) => lineComment(e.name)).join(', ')}.`);
    lines.push('  return {', `    type: ${stringLiteral(first.name)},`);
    const data: string[] = [];
    for (const f of first.fields.values()) data.push(...fill(f, c, a, cm, ref, uses, time));
    if (data.length === 0) lines.push('    data: {},');
    else lines.push('    data: {', ...data.map((d) => `      ${d}`), '    },');
    lines.push('  };');
  }
  const emits = c.emits.length > 0 ? `Emits ${c.emits.map((e) => e.name).join(' or ')}.` : 'Emits nothing.';
  const errors = c.errors.length > 0 ? ` Errors: ${c.errors.map((e) => e.name).join(', ')}.` : '';
  const doc = c.description ? `${c.description}\n\n${emits}${errors}` : `${emits}${errors}`;
  return [
    ...jsDoc(doc),
    `export function ${name}(${uses.command ? 'command' : '_command'}: ${commandType}, ${uses.state ? 'state' : '_state'}: ${stateType}): ${eventUnion} | ${eventUnion}[] {`,
    ...lines,
    '}',
  ];
}

/** One field of the emitted event: by name from the command or the state, the time, or a placeholder. */
function fill(f: FieldDef, c: Command, a: AggregateCode, cm: CodeModel, ref: TypeRef, uses: { command: boolean; state: boolean }, time: () => string): string[] {
  const key = propertyKey(f.name);
  const sources: [FieldDef | undefined, string, 'command' | 'state'][] = [
    [c.fields.get(f.name), `command.data${propertyAccess(f.name)}`, 'command'],
    [a.aggregate.state.get(f.name), `state${propertyAccess(f.name)}`, 'state'],
  ];
  for (const [src, expr, from] of sources) {
    if (!src || conversion(src, f, cm.model) !== 'none' || (src.optional && !f.optional)) continue;
    uses[from] = true;
    return [src.optional ? `...(${expr} !== undefined ? { ${key}: ${expr} } : {}),` : `${key}: ${expr},`];
  }
  if (f.type.kind === 'primitive' && f.type.name === 'datetime' && !f.enum) {
    uses.command = true;
    return [`${key}: ${time()}(command),`];
  }
  if (f.optional) return [];
  return [`${key}: ${placeholder(f, cm.model, ref)}, // TODO: ${lineComment(f.name)}`];
}
