import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENERATED_CODE_OPTIONS, scratchFolder, writeProjects } from './support/compileGenerated.js';
import { EXAMPLE_NAMES, examplePlan, exampleModel, TARGETS } from './support/examplePlans.js';
import { runGeneratedSpecs } from './support/runGeneratedSpecs.js';

/**
 * The generated spec files run under `node --test`. With the handler stubs most command
 * scenarios fail (the stubs implement no rule) until the examples get real handlers; the
 * projections are generated whole from the rules, so every projection scenario passes.
 */
describe('generated specs run', () => {
  for (const target of TARGETS) {
    it(`${target}: one test per scenario, and every projection scenario passes`, function () {
      this.timeout(120_000);
      const root = scratchFolder(`specs-${target}`);
      writeProjects(root, EXAMPLE_NAMES.map((example) => ({ name: example, plan: examplePlan(example, target) })));
      writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: GENERATED_CODE_OPTIONS }));
      const files = EXAMPLE_NAMES.flatMap((example) =>
        examplePlan(example, target).files.filter((f) => f.path.endsWith('.spec.ts')).map((f) => `${example}/${f.path}`),
      );
      const { results, output } = runGeneratedSpecs(root, files, { together: true });
      const scenarios = EXAMPLE_NAMES.flatMap((example) => exampleModel(example).scenarios);
      assert.equal(results.length, scenarios.length, `one test per scenario:\n${output.slice(0, 4000)}`);
      assert.deepEqual(results.map((r) => r.name).sort(), scenarios.map((s) => s.name).sort());
      const projectionScenarios = new Set(scenarios.filter((s) => s.projection).map((s) => s.name));
      const failing = results.filter((r) => projectionScenarios.has(r.name) && !r.ok).map((r) => `${r.suite} > ${r.name}`);
      assert.deepEqual(failing, [], `projection scenarios failed:\n${output.slice(0, 8000)}`);
      assert.ok(projectionScenarios.size >= EXAMPLE_NAMES.length, 'each example has a projection scenario');
      rmSync(root, { recursive: true, force: true });
    });
  }
});
