import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../../src/core/index.js';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
const GOLDEN = path.join(ROOT, 'test/golden');

/**
 * Compares text with a golden file under test/golden. `UPDATE_GOLDEN=1` rewrites the file
 * instead; the diff is then reviewed like code.
 */
export function expectGolden(relative: string, actual: string): void {
  const file = path.join(GOLDEN, relative);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `missing golden file ${relative}: run with UPDATE_GOLDEN=1 and review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from ${relative} (UPDATE_GOLDEN=1 rewrites it)`);
}

/** One diagnostic a line: `line:col-line:col severity code message` (1-based), as goldens store them. */
export function formatDiagnostics(list: readonly Diagnostic[]): string {
  return list
    .map((d) => {
      const r = d.range;
      const related = (d.related ?? []).map((x) => ` [related ${x.range.start.line + 1}:${x.range.start.character + 1}: ${x.message}]`).join('');
      return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.severity} ${d.code} ${d.message}${related}`;
    })
    .join('\n') + '\n';
}

export function readFixture(relative: string): string {
  return readFileSync(path.join(FIXTURES, relative), 'utf8');
}
