import type { FieldDef, Model } from '../model/model.js';
import { compareRanges, type Position } from '../source.js';
import { fieldNameProblem, nameProblem } from '../validate/names.js';
import { indexedOccurrences, linkedFields, occurrencesAt, symbolKey, type FieldOwner, type Occurrence } from './occurrences.js';
import type { FileIndex, PrepareRename, RenameRefused, TextEdit, WorkspaceEdit } from './types.js';

/**
 * Rename of an element, an error or a field, across a model and its sample files.
 *
 * An element (event, command, aggregate, projection, policy, type) is renamed where it is
 * declared and wherever it is named: `emits`, `aggregate`, `evolve` and `on` keys, policy `when`
 * and `then`, scenarios, field types (`OrderLine[]`), and the event types of sample files. An
 * error is renamed in every command's `errors` and every scenario's `then.error`.
 *
 * A field belongs to its owner: the `amount` of one event is not the `amount` of another. It is
 * renamed where declared, in `$event.`/`$state.` paths that read it, in rule paths that write it,
 * and in the keys of every payload of that owner (scenarios, policy mappings, sample data,
 * `initial`, rows). Some fields are tied to fields of other owners by name, and renaming one
 * alone would break the model, so they are renamed together: an aggregate's `id` field in every
 * command and event of the aggregate (and the `id` itself), a projection's `key` in every event
 * of its `on` (and the `key`), and the fields a by-name policy step copies from its event into
 * the command. The tie follows on, so a key field that is also an aggregate's id takes that
 * aggregate's commands and events along. A projection row's field of the same name as its key
 * is the row's own: it is not renamed with the key.
 *
 * A sample event written with an older version keeps the names of that version: a data key
 * that an upcast step renames or drops is not the current field and is left as written.
 */

/** The name under the cursor and whether it can be renamed. */
export function prepareRename(index: FileIndex, uri: string, position: Position): PrepareRename | RenameRefused | undefined {
  const at = occurrencesAt(index, uri, position);
  const first = at[0];
  if (!first) return undefined;
  const refused = notRenamable(index, first);
  if (refused) return refused;
  return { range: first.range, placeholder: first.name };
}

/** The edits that rename the name under the cursor to `newName`, or why it cannot be done. */
export function rename(index: FileIndex, uri: string, position: Position, newName: string): WorkspaceEdit | RenameRefused {
  const at = occurrencesAt(index, uri, position);
  const first = at[0];
  if (!first) return { refused: 'There is nothing to rename here: put the cursor on the name of an element, an error or a field.' };
  const refused = notRenamable(index, first);
  if (refused) return refused;
  if (newName === first.name) return { changes: {} };
  const occ = indexedOccurrences(index, uri)!;
  const model = index.modelOf(uri)!.parsed.model;

  let symbols: Occurrence[];
  if (first.kind === 'field') {
    const problem = fieldNameProblem(newName);
    if (problem) return { refused: problem.message };
    const group = new Map<string, Occurrence>();
    for (const o of at) for (const linked of linkedFields(index, o)) group.set(symbolKey(linked), linked);
    symbols = [...group.values()];
    for (const s of symbols) {
      const fields = fieldsOf(model, s.owner!);
      if (fields?.has(newName)) return { refused: `${describeOwner(s.owner!, true)} already has a field '${newName}'.` };
    }
  } else {
    const refusal = elementNameTaken(model, first, newName);
    if (refusal) return { refused: refusal };
    symbols = [first];
  }

  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const s of symbols) {
    for (const o of occ.bySymbol.get(symbolKey(s)) ?? []) {
      const key = `${o.uri}\u0000${o.range.start.line}:${o.range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (changes[o.uri] ??= []).push({ range: o.range, newText: newName });
    }
  }
  for (const edits of Object.values(changes)) edits.sort((a, b) => compareRanges(a.range, b.range));
  return { changes };
}

/** Why an occurrence's symbol cannot be renamed, if it cannot. */
function notRenamable(index: FileIndex, o: Occurrence): RenameRefused | undefined {
  if (o.kind === 'scenario') return { refused: "A scenario's name is a sentence that nothing refers to; edit it where it is written." };
  if (!index.modelOf(o.uri)) return { refused: 'This sample file pairs with no model that is open or in the workspace, so its names cannot be renamed.' };
  if (o.kind === 'field') return undefined;
  const declared = indexedOccurrences(index, o.uri)?.bySymbol.get(symbolKey(o))?.some((x) => x.role === 'definition');
  if (declared) return undefined;
  return o.kind === 'error'
    ? { refused: `No command declares the error '${o.name}' in its \`errors\`, so there is nothing to rename; declare it first.` }
    : { refused: `The model declares no ${o.kind} '${o.name}', so there is nothing to rename; declare it first, or correct the name.` };
}

/** Why `newName` cannot be given to an element or an error, if it cannot: the validator's rules. */
function elementNameTaken(model: Model, o: Occurrence, newName: string): string | undefined {
  const problem = nameProblem(newName, o.kind);
  if (problem) return problem.message;
  const clash = elementNamed(model, newName);
  if (clash) {
    return o.kind === 'error'
      ? `'${newName}' is the name of the ${clash}; generated code gives errors types of their own, so an error cannot share an element's name.`
      : `The name '${newName}' is already used by the ${clash}; names are unique across the model.`;
  }
  const error = errorNamed(model, newName);
  if (error) {
    return o.kind === 'error'
      ? `Command '${error}' already declares an error '${newName}'; renaming would merge two errors into one.`
      : `'${newName}' is the name of an error of command '${error}'; an element and an error cannot share a name.`;
  }
  return undefined;
}

function elementNamed(m: Model, name: string): string | undefined {
  const tables = [['type', m.types], ['aggregate', m.aggregates], ['command', m.commands], ['event', m.events], ['projection', m.projections], ['policy', m.policies]] as const;
  for (const [kind, table] of tables) if (table.has(name)) return `${kind} '${name}'`;
  return undefined;
}

function errorNamed(m: Model, name: string): string | undefined {
  for (const c of m.commands.values()) if (c.errors.some((e) => e.name === name)) return c.name;
  return undefined;
}

/** The fields of an owner, when it is declared. */
export function fieldsOf(m: Model, owner: FieldOwner): Map<string, FieldDef> | undefined {
  switch (owner.kind) {
    case 'event':
      return m.events.get(owner.name)?.fields;
    case 'command':
      return m.commands.get(owner.name)?.fields;
    case 'type':
      return m.types.get(owner.name)?.fields;
    case 'state':
      return m.aggregates.get(owner.name)?.state;
    case 'row':
      return m.projections.get(owner.name)?.fields;
    default:
      return undefined;
  }
}

/** "Event 'OrderPlaced'", "The state of aggregate 'Order'", "The row of projection 'OrderSummary'". */
export function describeOwner(owner: FieldOwner, capital = false): string {
  const text =
    owner.kind === 'state' ? `the state of aggregate '${owner.name}'` : owner.kind === 'row' ? `the row of projection '${owner.name}'` : `${owner.kind} '${owner.name}'`;
  return capital ? text[0]!.toUpperCase() + text.slice(1) : text;
}
