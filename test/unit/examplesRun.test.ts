import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLE_NAMES, exampleModel } from './support/examplePlans.js';
import { ROOT } from './support/golden.js';
import { readTap, type SpecResult } from './support/runGeneratedSpecs.js';

/**
 * Every scenario of every example passes as a test: the spec files committed under
 * `examples/<name>/generated/`, run with the example's own handlers, as `node --import tsx` runs
 * them for a user. One node process runs all examples, each inside a suite named after it: on
 * Node 20, `node --test` starts a process per spec file, which takes ten times as long here.
 */
describe('examples run: every scenario passes against the committed generated code and handlers', function () {
  this.timeout(120_000);
  let run: { results: SpecResult[]; output: string; ms: number };

  before(() => {
    run = runExampleSpecs(EXAMPLE_NAMES);
  });

  for (const example of EXAMPLE_NAMES) {
    it(`${example}: one passing test per scenario`, () => {
      const results = run.results.filter((r) => r.suite === example || r.suite.startsWith(`${example} > `));
      const failing = results.filter((r) => !r.ok);
      assert.deepEqual(
        failing.map((r) => `${r.suite} > ${r.name}`),
        [],
        `failing tests in examples/${example}/generated:\n${failureDetails(run.output, failing.map((r) => r.name))}`,
      );
      const scenarios = exampleModel(example).scenarios.map((s) => s.name);
      assert.equal(results.length, scenarios.length, `one test per scenario of ${example}; the run said:\n${run.output.slice(0, 6000)}`);
      assert.deepEqual(results.map((r) => r.name).sort(), [...scenarios].sort());
    });
  }
});

/** Runs the spec files of the examples' generated folders in one node process and reads its TAP report. */
function runExampleSpecs(examples: readonly string[]): { results: SpecResult[]; output: string; ms: number } {
  const suites = examples.map((example) => {
    const dir = path.join(ROOT, 'examples', example, 'generated');
    const specs = readdirSync(dir).filter((f) => f.endsWith('.spec.ts')).sort();
    const imports = specs.map((f) => `await import(${JSON.stringify(pathToFileURL(path.join(dir, f)).href)});`).join(' ');
    // A spec file that fails to load fails its example's suite, not the whole run.
    return `describe(${JSON.stringify(example)}, async () => { ${imports} });`;
  });
  const script = `import { describe } from 'node:test';\n${suites.join('\n')}\n`;
  const started = performance.now();
  // From the repository root, so `tsx` and `@event-driven-io/emmett` resolve from its node_modules.
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--test-reporter=tap', '--input-type=module', '--eval', script], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const ms = Math.round(performance.now() - started);
  if (child.error) throw child.error;
  const output = `${child.stdout}${child.stderr}`;
  return { results: readTap(output), output, ms };
}

/** The TAP blocks of the failing tests named: each `not ok` line with its YAML block (error and stack). */
function failureDetails(tap: string, names: readonly string[]): string {
  const lines = tap.split('\n');
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^( *)not ok \d+ - (.*)$/.exec(lines[i]!);
    if (!m || !names.includes(m[2]!)) continue;
    const end = lines.indexOf(`${m[1]}  ...`, i);
    blocks.push(lines.slice(i, end < 0 ? i + 1 : end + 1).join('\n'));
  }
  return blocks.join('\n').slice(0, 12000) || tap.slice(0, 6000);
}
