import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../src/core/index.js';
import { ROOT } from './support/golden.js';

/** The `## ` headings of docs/diagnostics.md that are not diagnostic codes. */
const GENERAL_HEADINGS = ['How diagnostics are reported', 'Limits', 'Contents'];

interface Section {
  heading: string;
  /** 1-based line of the heading, for messages. */
  line: number;
  body: string;
}

/** Splits the document at its `## ` headings, ignoring lines inside fenced code blocks. */
function sections(text: string): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  let inFence = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = !inFence && /^## (.+?)\s*$/.exec(line);
    if (heading) {
      current = { heading: heading[1]!, line: i + 1, body: '' };
      out.push(current);
    } else if (current) {
      current.body += line + '\n';
    }
  });
  return out;
}

describe('docs/diagnostics.md', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/diagnostics.md'), 'utf8');
  const all = sections(doc);
  const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
  const isCode = (h: string): h is DiagnosticCode => Object.hasOwn(DIAGNOSTIC_CODES, h);

  it('has exactly one `## <code>` section for every diagnostic code', () => {
    const problems = codes.flatMap((code) => {
      const count = all.filter((s) => s.heading === code).length;
      return count === 1 ? [] : [`${code}: ${count} sections`];
    });
    assert.deepEqual(problems, []);
  });

  it('has no `## ` heading other than the codes and the general sections', () => {
    const unknown = all.filter((s) => !isCode(s.heading) && !GENERAL_HEADINGS.includes(s.heading)).map((s) => `line ${s.line}: ## ${s.heading}`);
    assert.deepEqual(unknown, []);
    for (const h of GENERAL_HEADINGS) assert.equal(all.filter((s) => s.heading === h).length, 1, `one '## ${h}' section`);
  });

  it('states in each code section the severity the validator reports', () => {
    const problems = all.filter((s) => isCode(s.heading)).flatMap((s) => {
      const code = s.heading as DiagnosticCode;
      const stated = [...s.body.matchAll(/^\*\*Severity:\*\* *`?(\w+)`?/gm)].map((m) => m[1]);
      const expected = DIAGNOSTIC_CODES[code][0];
      if (stated.length !== 1) return [`${code}: ${stated.length} severity lines`];
      return stated[0] === expected ? [] : [`${code}: the doc says ${stated[0]}, the validator reports ${expected}`];
    });
    assert.deepEqual(problems, []);
  });

  it('lists every code in the contents with its severity', () => {
    const contents = all.find((s) => s.heading === 'Contents')?.body ?? '';
    const problems = codes.flatMap((code) => {
      const row = new RegExp(`^\\| \\[\`${code}\`\\]\\(#${code}\\) \\| (\\w+) \\|`, 'm').exec(contents);
      if (!row) return [`${code}: no row in the contents`];
      const expected = DIAGNOSTIC_CODES[code][0];
      return row[1] === expected ? [] : [`${code}: the contents say ${row[1]}, the validator reports ${expected}`];
    });
    assert.deepEqual(problems, []);
  });
});
