import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** One test the generated specs ran: its name, its suite, and whether it passed. */
export interface SpecResult {
  suite: string;
  name: string;
  ok: boolean;
}

/**
 * Runs generated `node:test` spec files the way a user would (`node --import tsx --test`) and
 * reads the TAP report: every test that ran, with its outcome. Failing tests are expected while
 * handlers are stubs, so the exit code is not an error here; a file that cannot load shows as a
 * failing test named after the file. With `together`, one entry file imports them all, so one
 * process runs every file (node --test starts a process per file, each compiling with tsx).
 */
export function runGeneratedSpecs(dir: string, files: readonly string[], options: { together?: boolean } = {}): { results: SpecResult[]; output: string } {
  let entries = files;
  if (options.together) {
    const entry = 'all-specs.test.ts';
    writeFileSync(path.join(dir, entry), files.map((f) => `import ${JSON.stringify(`./${f.replace(/\.ts$/, '.js')}`)};\n`).join(''));
    entries = [entry];
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...entries], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (run.error) throw run.error;
  const output = `${run.stdout}${run.stderr}`;
  return { results: readTap(output), output };
}

/** The leaf tests of a TAP report (suites report after their tests, one level out). */
export function readTap(tap: string): SpecResult[] {
  const lines = [...tap.matchAll(/^( *)(not ok|ok) \d+ - (.*?)(?: # (?:SKIP|TODO).*)?$/gm)].map((m) => ({
    depth: m[1]!.length / 4,
    ok: m[2] === 'ok',
    name: unescapeTap(m[3]!),
  }));
  const results: SpecResult[] = [];
  const suites: string[] = [];
  // Walk backwards: a suite's line comes after its tests, so going back meets it first.
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    suites.length = l.depth;
    const before = lines[i - 1];
    const hasChildren = before !== undefined && before.depth === l.depth + 1;
    if (hasChildren) {
      suites[l.depth] = l.name;
      continue;
    }
    results.push({ suite: suites.slice(0, l.depth).join(' > '), name: l.name, ok: l.ok });
  }
  return results.reverse();
}

function unescapeTap(name: string): string {
  return name.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

