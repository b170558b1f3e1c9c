/**
 * Free text from a model (descriptions, rules, scenario names) reaches generated code only through
 * these functions, one per place it can stand, so no text can ever end a comment or a string early.
 */

/** JavaScript line terminators: each one ends a `//` comment. */
const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;
/** Control characters other than tab, and lone surrogates, which cannot be written as UTF-8. */
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for a `//` comment: one line, line breaks become spaces. */
export function lineComment(text: string): string {
  return printable(text).replace(LINE_BREAKS, ' ').trimEnd();
}

/** The lines of a JSDoc block (without `/**`), with `*\/` neutralised; empty for empty text. */
export function jsDocLines(text: string): string[] {
  const lines = printable(text).replace(/\*\//g, '*\\/').split(LINE_BREAKS).map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines;
}

/** A JSDoc block for `text`, indented by `indent`; nothing when there is no text. */
export function jsDoc(text: string | undefined, indent = ''): string[] {
  if (text === undefined) return [];
  const lines = jsDocLines(text);
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}

/**
 * A single-quoted TypeScript string literal. JSON.stringify does the escaping; the quotes are then
 * swapped, and the two line terminators JSON leaves raw are escaped too.
 */
export function stringLiteral(text: string): string {
  const inner = JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\.|'/g, (m) => (m === "'" ? "\\'" : m === '\\"' ? '"' : m))
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${inner}'`;
}

function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => (c === '\u000B' || c === '\u000C' ? ' ' : '\uFFFD'));
}
