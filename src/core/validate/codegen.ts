import { diagnostic } from '../diagnostics.js';
import type { CheckContext } from './context.js';

/**
 * The `codegen` key: `out` is a folder relative to the model file, written with `/`, so the model
 * means the same folder on every machine. Its shape and `target` are checked by the schema.
 */
export function checkCodegen(c: CheckContext): void {
  const key = c.model.codegen;
  if (!key?.out || !key.outRange) return;
  const out = key.out;
  let why: string | undefined;
  if (out.includes('\\')) why = 'it holds a backslash; separate folders with /';
  else if (out.startsWith('/') || /^[A-Za-z]:/.test(out)) why = 'it is absolute; write a folder relative to the model file';
  else if (out.includes('\0')) why = 'it holds a NUL character';
  if (why) c.report(diagnostic('invalid-value', `codegen.out '${out}' cannot be used: ${why}, e.g. \`generated\` or \`../src/generated\`.`, key.outRange));
}
