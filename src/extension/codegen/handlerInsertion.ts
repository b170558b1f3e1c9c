import type { HandlerStub } from '../../core/index.js';

/**
 * Adding a command's handler to the user's handlers file, as text edits: the type imports it
 * needs merged into the file's own, the function appended, and the helpers it calls appended when
 * the file has none of that name. Plain text work (no vscode), so unit tests run it directly.
 */

/** Replace `length` characters at `offset` with `text` (0 for an insertion). */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

interface ImportStatement {
  offset: number;
  end: number;
  typeOnly: boolean;
  from: string;
  /** `Name` or `Name as Local`, as written. */
  entries: string[];
}

const NAMED_IMPORT = /^import(\s+type)?\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]\s*;$/;

/** The import statements at line starts: each runs to its `;` (imports hold none), over lines when one name a line. */
function importsOf(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (let at = 0; at < text.length; ) {
    const lineEnd = text.indexOf('\n', at);
    const next = lineEnd < 0 ? text.length : lineEnd + 1;
    if (text.startsWith('import', at) && !/[\w$]/.test(text[at + 6] ?? '')) {
      const semicolon = text.indexOf(';', at);
      if (semicolon < 0) break;
      const statement = text.slice(at, semicolon + 1);
      const named = NAMED_IMPORT.exec(statement);
      const entries = named ? named[2]!.split(',').map((e) => e.trim()).filter((e) => e.length > 0) : [];
      found.push({ offset: at, end: semicolon + 1, typeOnly: named?.[1] !== undefined, from: named?.[3] ?? '', entries });
      const after = text.indexOf('\n', semicolon);
      at = after < 0 ? text.length : after + 1;
    } else {
      at = next;
    }
  }
  return found;
}

/** The local name an entry binds: `B` for `A as B`, `A` for `type A`. */
function localName(entry: string): string {
  const words = entry.trim().split(/\s+/);
  return words[words.length - 1]!;
}

/** Every local name the file's imports bind, named or not (a default or namespace import binds one word). */
function importedLocals(text: string, statements: ImportStatement[]): Set<string> {
  const locals = new Set<string>();
  for (const s of statements) {
    if (s.entries.length > 0) for (const e of s.entries) locals.add(localName(e));
    else for (const word of text.slice(s.offset, s.end).match(/[A-Za-z_$][\w$]*/g) ?? []) locals.add(word);
  }
  return locals;
}

/** An `import type` statement as the generator writes one: on one line, or one name per line when long. */
function renderTypeImport(entries: string[], from: string): string {
  const sorted = [...entries].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const one = `import type { ${sorted.join(', ')} } from '${from}';`;
  return one.length <= 110 ? one : `import type {\n${sorted.map((e) => `  ${e},`).join('\n')}\n} from '${from}';`;
}

/** The offset just after the file's header comments (the `//` lines it starts with). */
function afterHeader(text: string): number {
  let at = 0;
  while (text.startsWith('//', at)) {
    const end = text.indexOf('\n', at);
    if (end < 0) return text.length;
    at = end + 1;
  }
  return at;
}

/** The names a file imports from one module (`A` for `A as B`), in `import` and `import type` statements. */
export function namesImportedFrom(text: string, from: string): string[] {
  return importsOf(text)
    .filter((s) => s.from === from)
    .flatMap((s) => s.entries.map((e) => e.trim().split(/\s+/).filter((w) => w !== 'type')[0]!));
}

/** Whether a file declares a function of this name (the handler or a helper). */
export function declaresFunction(text: string, name: string): boolean {
  return text.includes(`function ${name}(`) || text.includes(`function ${name} (`) || text.includes(`function ${name}<`);
}

/** The changes that add a stub to a handlers file, in file order; none overlap. */
export function handlerInsertion(text: string, stub: HandlerStub): TextChange[] {
  const changes: TextChange[] = [];
  const statements = importsOf(text);
  const locals = importedLocals(text, statements);
  const added: string[] = [];
  for (const wanted of importsOf(stub.imports.join('\n'))) {
    const missing = wanted.entries.filter((e) => !locals.has(localName(e)));
    if (missing.length === 0) continue;
    const same = statements.find((s) => s.typeOnly && s.from === wanted.from && s.entries.length > 0);
    if (same) changes.push({ offset: same.offset, length: same.end - same.offset, text: renderTypeImport([...same.entries, ...missing], same.from) });
    else added.push(renderTypeImport(missing, wanted.from));
  }
  if (added.length > 0) {
    const last = statements[statements.length - 1];
    if (last) changes.push({ offset: last.end, length: 0, text: `\n${added.join('\n')}` });
    else changes.push({ offset: afterHeader(text), length: 0, text: `\n${added.join('\n')}\n` });
  }
  let tail = `${text.endsWith('\n') || text.length === 0 ? '' : '\n'}\n${stub.code}`;
  for (const helper of stub.helpers) if (!declaresFunction(text, helper.name)) tail += `\n${helper.code}`;
  changes.push({ offset: text.length, length: 0, text: tail });
  return changes.sort((a, b) => a.offset - b.offset);
}

/** Applies changes to a text (for tests, and to know the result before editing a document). */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = '';
  let at = 0;
  for (const c of changes) {
    out += text.slice(at, c.offset) + c.text;
    at = c.offset + c.length;
  }
  return out + text.slice(at);
}
