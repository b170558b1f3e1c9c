import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkSync } from 'recheck';
import { API } from 'typescript/unstable/sync';
import { isCallExpression, isIdentifier, isNewExpression, isNoSubstitutionTemplateLiteral, isPropertyAccessExpression, isRegularExpressionLiteral, isStringLiteral } from 'typescript/unstable/ast/is';
import type { Node } from 'typescript/unstable/ast';
import { ROOT } from './support/golden.js';

/**
 * Every regular expression of the extension's code (src/ and webview/) runs on text from files
 * that may come from anywhere, so each one is checked for catastrophic backtracking (ReDoS) by
 * recheck. The sources are parsed with the TypeScript compiler, so no literal is missed: regex
 * literals, and `new RegExp(...)` / `RegExp(...)` calls.
 */

/** The trees checked, relative to the repository's root. */
const TREES = ['src', 'webview'];

/** Fewer than this many found means the search itself is broken (there are over 60). */
const AT_LEAST = 30;

/**
 * Expressions recheck answers 'unknown' for (it gave up within its time budget), each reviewed
 * by hand: `file: source` with the reason it is safe. None at present.
 */
const REVIEWED_UNKNOWN: Record<string, string> = {};

/**
 * `RegExp(...)` calls whose pattern is built at run time, so no checker can judge them here;
 * each reviewed by hand: `file:line` with the reason it is safe. None at present.
 */
const REVIEWED_DYNAMIC: Record<string, string> = {};

interface Found {
  /** `file:line`, the file relative to the root. */
  where: string;
  file: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|mts|cts|tsx|js|mjs|cjs)$/.test(name) ? [full] : [];
  });
}

/** The text of a string argument written as a literal, or undefined when it is computed. */
function literalText(node: Node | undefined): string | undefined {
  if (node && (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

/** `RegExp`, or `globalThis.RegExp` / `window.RegExp`. */
function isRegExpName(node: Node): boolean {
  if (isIdentifier(node)) return node.text === 'RegExp';
  return isPropertyAccessExpression(node) && isIdentifier(node.name) && node.name.text === 'RegExp';
}

/** Every regular expression in the files: literals and RegExp calls, and the computed ones. */
function findRegexes(): { found: Found[]; dynamic: string[]; files: number } {
  const files = TREES.flatMap((tree) => sourceFiles(path.join(ROOT, tree)));
  const api = new API({ cwd: ROOT });
  const found: Found[] = [];
  const dynamic: string[] = [];
  try {
    // Each file is opened on its own: it is parsed by the project it belongs to (so with that
    // project's settings), or by an inferred project when none includes it.
    const snapshot = api.updateSnapshot({ openFiles: files });
    for (const full of files) {
      const rel = path.relative(ROOT, full).split(path.sep).join('/');
      const project = snapshot.getDefaultProjectForFile(full);
      const file = project?.program.getSourceFile(full);
      assert.ok(file, `${rel} was not parsed`);
      const visit = (node: Node): void => {
        const where = `${rel}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
        if (isRegularExpressionLiteral(node)) {
          const text = node.text;
          const slash = text.lastIndexOf('/');
          found.push({ where, file: rel, source: text.slice(1, slash), flags: text.slice(slash + 1) });
        } else if ((isNewExpression(node) || isCallExpression(node)) && isRegExpName(node.expression)) {
          const args = node.arguments ?? [];
          const source = literalText(args[0]);
          const flags = args.length < 2 ? '' : literalText(args[1]);
          if (source === undefined || flags === undefined) dynamic.push(where);
          else found.push({ where, file: rel, source, flags });
        }
        node.forEachChild(visit);
      };
      visit(file);
    }
  } finally {
    api.close();
  }
  return { found, dynamic, files: files.length };
}

describe('regular expressions are safe from catastrophic backtracking (ReDoS)', function () {
  this.timeout(120_000);
  let result: ReturnType<typeof findRegexes>;
  before(() => {
    result = findRegexes();
  });

  it(`finds the regular expressions of ${TREES.join(' and ')} (at least ${AT_LEAST})`, () => {
    assert.ok(result.files > 50, `only ${result.files} source files found`);
    assert.ok(result.found.length >= AT_LEAST, `only ${result.found.length} regular expressions found`);
  });

  it('has no RegExp built at run time that nobody reviewed', () => {
    assert.deepEqual(result.dynamic.filter((w) => !(w in REVIEWED_DYNAMIC)), []);
  });

  it('recheck finds every one safe', () => {
    const problems: string[] = [];
    for (const r of result.found) {
      const check = checkSync(r.source, r.flags);
      if (check.status === 'safe') continue;
      const key = `${r.file}: ${r.source}`;
      if (check.status === 'unknown' && key in REVIEWED_UNKNOWN) continue;
      const detail =
        check.status === 'vulnerable'
          ? `${check.complexity.summary} on ${check.attack.pattern}`
          : `unknown (${check.error?.kind ?? 'no verdict'}); review it and list it in REVIEWED_UNKNOWN`;
      problems.push(`${r.where}  /${r.source}/${r.flags}  ${check.status}: ${detail}`);
    }
    assert.deepEqual(problems, []);
  });
});
