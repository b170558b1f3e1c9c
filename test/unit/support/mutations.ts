import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { globSync } from 'tinyglobby';
import type { Range } from '../../../src/core/index.js';
import { ROOT } from './golden.js';

/**
 * Mutated copies of real files for property tests: the examples and fixtures, edited with
 * pieces that mean something to YAML, deletions, line ending changes (`\r\n`, a lone `\r`),
 * anchors and aliases, and long runs of digits in names. fast-check shrinks a failing case to
 * the fewest and smallest edits, so a failure names a short list of edits of one seed file.
 */

export interface Seed {
  name: string;
  text: string;
}

function seeds(patterns: string[]): Seed[] {
  return globSync(patterns, { cwd: ROOT })
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(ROOT, name), 'utf8') }));
}

/** Every example model and model fixture. */
export const MODEL_SEEDS = seeds(['examples/**/*.events.yaml', 'test/fixtures/**/*.events.{yaml,yml}']);

/** Every sample file of the examples and fixtures (YAML and JSON Lines). */
export const SAMPLE_SEEDS = seeds(['examples/**/*.samples.{yaml,yml,json,jsonl}', 'test/fixtures/**/*.samples.{yaml,yml,json,jsonl}']);

/** Text that means something to YAML, or to this format, or to positions. */
const PIECES = [
  '{', '}', '[', ']', ',', ':', ': ', '- ', '-', '?', '? ', '|', '>', '|-\n', '#', ' # c', '"', "'", '\\', '"\\u00e9"', '!', '!!str ', '!!map ',
  '%YAML 1.2\n', '---\n', '...\n', '@', '`', '&a ', '*a', '&b [*b]', '&m { x: *m }', '&a [ &b [*a] ]', '<<: *a', '*nowhere',
  '\n', '\r\n', '\r', '\n\n', '  ', '    ', '\t', ' ', '\u0000', '\ufeff', '\u2028', '\u0085', 'é', '😀', '\ud800',
  '$event.', '$state.x', '$meta.timestamp', '$$', 'x: ', '\nx:\n', '\n  - y\n', 'null:', '~', 'true', '1e400', '0x',
  '__proto__: 1', 'constructor', 'V2', '_v2_3',
];

/** One edit: where it applies is a fraction of the text, so shrinking moves it to the start. */
export type Edit =
  | { kind: 'insert'; at: number; piece: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'digits'; at: number; count: number }
  | { kind: 'lineEnding'; at: number; ending: '\r\n' | '\r' }
  | { kind: 'allLineEndings'; ending: '\r\n' | '\r' }
  | { kind: 'line'; at: number; op: 'duplicate' | 'remove' | 'indent' | 'dedent' };

// Spread evenly over the text (fast-check's own bias would put most edits at the start).
const at = fc.noBias(fc.nat({ max: 999_999 })).map((n) => n / 1_000_000);

export const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at, piece: fc.constantFrom(...PIECES) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 40 }) }), weight: 2 },
  // A long run of digits inside a name: what made the naming check backtrack.
  { arbitrary: fc.record({ kind: fc.constant('digits' as const), at, count: fc.integer({ min: 20, max: 1000 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('lineEnding' as const), at, ending: fc.constantFrom('\r\n' as const, '\r' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('allLineEndings' as const), ending: fc.constantFrom('\r\n' as const, '\r' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('line' as const), at, op: fc.constantFrom('duplicate' as const, 'remove' as const, 'indent' as const, 'dedent' as const) }), weight: 2 },
);

/** Applies edits in order. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  for (const e of edits) {
    if (e.kind === 'allLineEndings') {
      text = text.replace(/\r\n|\r|\n/g, e.ending);
      continue;
    }
    const offset = Math.floor(e.at * (text.length + 1));
    switch (e.kind) {
      case 'insert':
        text = text.slice(0, offset) + e.piece + text.slice(offset);
        break;
      case 'delete':
        text = text.slice(0, offset) + text.slice(offset + e.length);
        break;
      case 'digits':
        text = text.slice(0, offset) + '1'.repeat(e.count) + 'x' + text.slice(offset);
        break;
      case 'lineEnding': {
        // The first line break at or after the offset gets the other ending.
        const m = /\r\n|\r|\n/g;
        m.lastIndex = offset;
        const hit = m.exec(text);
        if (hit) text = text.slice(0, hit.index) + e.ending + text.slice(hit.index + hit[0].length);
        break;
      }
      case 'line': {
        const lines = text.split('\n');
        const n = Math.min(lines.length - 1, Math.floor(e.at * lines.length));
        if (e.op === 'duplicate') lines.splice(n, 0, lines[n]!);
        else if (e.op === 'remove') lines.splice(n, 1);
        else if (e.op === 'indent') lines[n] = `  ${lines[n]!}`;
        else lines[n] = lines[n]!.replace(/^ {2}/, '');
        text = lines.join('\n');
        break;
      }
    }
  }
  return text;
}

export interface Mutated {
  seed: Seed;
  edits: Edit[];
  text: string;
}

/** A seed and the edits made to it; shown in a failure as the seed's name and the edits. */
export function mutated(from: Seed[], maxEdits = 4): fc.Arbitrary<Mutated> {
  return fc
    .record({ seed: fc.constantFrom(...from), edits: fc.array(edit, { minLength: 1, maxLength: maxEdits }) })
    .map(({ seed, edits }) => {
      const input: Mutated = { seed, edits, text: applyEdits(seed.text, edits) };
      return Object.assign(input, { [fc.toStringMethod]: () => describeInput(input) });
    });
}

/**
 * The lines of a text as an editor splits them (`\r\n`, `\n` and a lone `\r` each end a line),
 * written here apart from the core's LineIndex, which is what is being checked.
 */
export function editorLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Why a range does not lie inside the document, or undefined when it does. */
export function outsideDocument(range: Range, lines: readonly string[]): string | undefined {
  for (const [name, p] of [['start', range.start], ['end', range.end]] as const) {
    if (!Number.isInteger(p.line) || p.line < 0 || p.line >= lines.length) return `${name} line ${p.line} of ${lines.length}`;
    const length = lines[p.line]!.length;
    if (!Number.isInteger(p.character) || p.character < 0 || p.character > length) return `${name} ${p.line}:${p.character}, past the line's ${length} characters`;
  }
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return `start ${start.line}:${start.character} after end ${end.line}:${end.character}`;
  return undefined;
}

/** How an input is shown in a failure or a report: its seed and edits, and its text when short. */
export function describeInput(input: Mutated): string {
  const edits = JSON.stringify(input.edits);
  return `${input.seed.name} with ${edits}${input.text.length < 400 ? `: ${JSON.stringify(input.text)}` : ''}`;
}
