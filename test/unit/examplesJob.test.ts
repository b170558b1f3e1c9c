import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_NAMES, examplePlan, exampleModel } from './support/examplePlans.js';
import { ROOT } from './support/golden.js';

/**
 * `npm run examples`, the README's first command: the build, then scripts/examples.mjs, which
 * validates, generates, type-checks, runs the scenario tests, replays and draws every example.
 * One run of the script on the real examples (the build is `npm test`'s own first step), and one
 * on a copy of an example with a broken handler, which must fail and say which scenario broke.
 */
describe('npm run examples: the main job on the bundled examples', function () {
  this.timeout(180_000);
  const scratch = path.join(ROOT, '.cache', `examples-job-${process.pid}`);

  before(() => {
    // `npm test` builds before the unit tests; a bare `mocha` run may not have built yet.
    if (!existsSync(path.join(ROOT, 'dist/cli.js'))) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, `the build failed:\n${build.stdout}${build.stderr}`);
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('the package script builds, then runs scripts/examples.mjs', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(manifest.scripts.examples, 'node scripts/build.mjs && node scripts/examples.mjs');
  });

  it('does the whole job on every example, prints one line per example and a total, and exits 0', () => {
    const out = path.join(scratch, 'out');
    const run = runJob(['--out', path.relative(ROOT, out)]);
    assert.equal(run.status, 0, run.output);
    const lines = run.stdout.split('\n');

    for (const name of EXAMPLE_NAMES) {
      const line = lines.find((l) => l.startsWith(`ok   ${name} `));
      assert.ok(line, `no 'ok' line for ${name}:\n${run.output}`);
      const model = exampleModel(name);
      const samples = readdirSync(path.join(ROOT, 'examples', name)).filter((f) => /\.samples\.(ya?ml|jsonl?)$/.test(f)).sort();
      const generated = examplePlan(name, 'emmett').files.filter((f) => f.owner === 'generated');
      assert.match(line, new RegExp(`${name}\\.events\\.yaml \\+ ${samples.length} sample files? valid`));
      assert.match(line, new RegExp(`\\| ${generated.length} files generated \\|`));
      assert.match(line, new RegExp(`\\| ${model.scenarios.length}/${model.scenarios.length} scenario tests passed \\|`));
      for (const s of samples) assert.match(line, new RegExp(`${s.replace(/\.samples\..*$/, '').replace(/\./g, '\\.')} \\(\\d+ events?\\) -> \\d+ instances?, \\d+ rows?`));
      assert.match(line, /\| 2 diagrams$/);

      // What the line counts is on disk: the code, a replay report per sample file, both diagrams.
      for (const f of generated) assert.ok(existsSync(path.join(out, name, 'generated', f.path)), `${name}/generated/${f.path}`);
      for (const s of samples) assert.match(readFileSync(path.join(out, name, 'replay', `${s}.txt`), 'utf8'), / 0 problems\n$/);
      for (const view of ['flow', 'timeline']) assert.match(readFileSync(path.join(out, name, `${name}.${view}.md`), 'utf8'), /```mermaid\n/);
    }

    const scenarios = EXAMPLE_NAMES.reduce((n, name) => n + exampleModel(name).scenarios.length, 0);
    const total = lines.find((l) => l.startsWith('All passed: '));
    assert.ok(total, run.output);
    assert.match(total, new RegExp(`tsc --strict clean; ${scenarios}/${scenarios} scenario tests passed; 7 sample files replayed \\(\\d+ events, 0 problems\\); 10 diagrams written`));
    assert.doesNotMatch(run.stdout, /FAIL|failed:/);

    // The README shows this output as the first command's: the same lines, but for the time taken
    // and the output folder (the default one there).
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\(\d+(\.\d+)? s\)/g, '(N s)');
    const outShown = path.relative(ROOT, out).split(path.sep).join('/');
    for (const l of lines.filter((x) => x.trim() !== '')) {
      const expected = l.replace(/\(\d+(\.\d+)? s\)/g, '(N s)').replaceAll(`${outShown}/`, '.cache/examples/').replace(/(written to \.cache\/examples\/)$/, '$1 (git-ignored)');
      assert.ok(readme.includes(expected), `README.md lacks the line of the output:\n${expected}`);
    }
  });

  it('fails with exit code 1 and names the scenario when a handler breaks a rule', () => {
    // A copy of the cart example whose handler no longer refuses a SKU already in the cart.
    const examples = path.join(scratch, 'broken');
    mkdirSync(examples, { recursive: true });
    cpSync(path.join(ROOT, 'examples', 'cart'), path.join(examples, 'cart'), { recursive: true });
    const handlers = path.join(examples, 'cart', 'generated', 'cart.handlers.ts');
    const text = readFileSync(handlers, 'utf8');
    const broken = text.replace(/if \(lineOf\(state, command\.data\.sku\)\) throw new ItemAlreadyInCart\(\);/, 'if ((false as boolean)) throw new ItemAlreadyInCart();');
    assert.notEqual(broken, text, 'the rule to break is in cart.handlers.ts');
    writeFileSync(handlers, broken);

    const run = runJob(['--examples', path.relative(ROOT, examples), '--out', path.relative(ROOT, path.join(scratch, 'broken-out'))]);
    assert.equal(run.status, 1, run.output);
    assert.match(run.stdout, /^cart: scenario test failed: Cart > a SKU is in the cart at most once$/m);
    const scenarios = exampleModel('cart').scenarios.length;
    assert.match(run.stdout, new RegExp(`^FAIL cart .*\\| ${scenarios - 1}/${scenarios} scenario tests passed \\|`, 'm'));
    assert.match(run.stdout, /^FAILED: /m);
  });
});

function runJob(args: string[]): { status: number | null; stdout: string; output: string } {
  const run = spawnSync(process.execPath, ['scripts/examples.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, output: `${run.stdout}${run.stderr}`.slice(0, 12000) };
}
