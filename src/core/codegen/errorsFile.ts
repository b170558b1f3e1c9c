import type { CodeModel } from './codeModel.js';
import { ModuleScope } from './moduleScope.js';
import { nameWords } from './names.js';
import { lineComment, stringLiteral } from './text.js';

/**
 * `errors.ts`: one class per named error. With Emmett each extends its `IllegalStateError` (a
 * rejected command is an illegal state for the aggregate); the plain target has a `DomainError`
 * base of its own. Every class carries its name as a literal `code`.
 */
export function renderErrorsFile(cm: CodeModel): string {
  const scope = new ModuleScope([...cm.errors.values(), cm.domainError]);
  const body: string[] = [];
  let base: string;
  if (cm.target === 'emmett') {
    base = scope.value('@event-driven-io/emmett', 'IllegalStateError');
  } else {
    base = cm.domainError;
    body.push(
      '',
      "/** The base class of the context's named errors: a command rejected by the rules. */",
      `export class ${base} extends Error {`,
      '  constructor(message: string) {',
      '    super(message);',
      `    this.name = ${stringLiteral(base)};`,
      '  }',
      '}',
    );
  }
  // Emmett's IllegalStateError sets its own prototype on every instance, so without this a
  // subclass's errors would not be `instanceof` the subclass (the specs and callers check that).
  const restorePrototype =
    cm.target === 'emmett' ? ["    // IllegalStateError resets the prototype to its own: make instanceof see this class again.", '    Object.setPrototypeOf(this, new.target.prototype);'] : [];
  for (const [name, cls] of cm.errors) {
    const owners = cm.errorOwners.get(name) ?? [];
    body.push(
      '',
      `/** Rejects ${lineComment(owners.join(', '))}. */`,
      `export class ${cls} extends ${base} {`,
      `  readonly code = ${stringLiteral(name)};`,
      '',
      `  constructor(message = ${stringLiteral(sentenceFromName(name))}) {`,
      '    super(message);',
      ...restorePrototype,
      `    this.name = ${stringLiteral(name)};`,
      '  }',
      '}',
    );
  }
  if (cm.target === 'emmett' && cm.errors.size === 0) return '// The model declares no errors.\nexport {};\n';
  return [...scope.render(), ...body].join('\n').replace(/^\n/, '') + '\n';
}

/** `decider-type.ts` (plain target): the decider shape, so generated code needs no package. */
export function renderDeciderTypeFile(cm: CodeModel): string {
  return [
    '/** A decider: commands are decided against a state that is rebuilt by folding events. */',
    `export type ${cm.deciderType}<State, Command, Event> = {`,
    '  decide: (command: Command, state: State) => Event | Event[];',
    '  evolve: (state: State, event: Event) => State;',
    '  initialState: () => State;',
    '};',
    '',
  ].join('\n');
}

/** "InsufficientFunds" -> "Insufficient funds": a default message from an error name. */
function sentenceFromName(name: string): string {
  const words = nameWords(name);
  if (words.length === 0) return name;
  return words.map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase())).join(' ');
}
