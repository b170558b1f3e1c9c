import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { planGeneratedFiles, readBanner } from '../../src/core/index.js';
import { GENERATED_CODE_OPTIONS } from './support/compileGenerated.js';
import { EXAMPLE_NAMES, exampleModel } from './support/examplePlans.js';
import { ROOT } from './support/golden.js';

const REGENERATE = 'run `npm run generate:examples` and commit the result';

/** An example's plan as the CLI makes it: the model's own `codegen` settings, banners naming the model beside the output folder. */
function examplePlan(example: string) {
  return planGeneratedFiles(exampleModel(example), { modelPath: `${example}.events.yaml` });
}

describe('examples: the committed generated code', () => {
  for (const example of EXAMPLE_NAMES) {
    describe(example, () => {
      const plan = examplePlan(example);
      const dir = path.join(ROOT, 'examples', example, plan.settings.out);

      it('says in its model where its code goes: generated/, target emmett', () => {
        assert.deepEqual(plan.settings, { out: 'generated', target: 'emmett', declared: true });
      });

      it('has every generated file exactly as the generator writes it now, and no other', () => {
        const differing = plan.files
          .filter((f) => f.owner === 'generated')
          .filter((f) => {
            const file = path.join(dir, ...f.path.split('/'));
            return !existsSync(file) || !readFileSync(file).equals(Buffer.from(f.content, 'utf8'));
          })
          .map((f) => f.path);
        const planned = new Set(plan.files.map((f) => f.path));
        const orphans = readdirSync(dir).filter((f) => !planned.has(f) && readBanner(readFileSync(path.join(dir, f), 'utf8')).generated);
        assert.deepEqual(differing, [], `examples/${example}/${plan.settings.out} differs from the generator's output: ${REGENERATE}`);
        assert.deepEqual(orphans, [], `examples/${example}/${plan.settings.out} has generated files the model no longer gives: ${REGENERATE}`);
      });

      it("has the user's files, written for the example rather than the stubs as created", () => {
        for (const f of plan.files.filter((x) => x.owner === 'user')) {
          const file = path.join(dir, ...f.path.split('/'));
          assert.ok(existsSync(file), `examples/${example}/${plan.settings.out}/${f.path} is missing: the example writes its own`);
          const text = readFileSync(file, 'utf8');
          assert.notEqual(text, f.content, `${f.path} is still the stub`);
          assert.equal(readBanner(text).generated, false, `${f.path} is the user's: no generated banner`);
          assert.doesNotMatch(text, /\bTODO\b/, `${f.path} leaves a placeholder of the stub`);
        }
      });
    });
  }

  it('compile with the handlers under the strict flags: `tsc -p examples` reports nothing', function () {
    this.timeout(120_000);
    // examples/tsconfig.json is what a reader runs; it must hold the flags generated code is promised.
    const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'examples/tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
      compilerOptions: unknown;
      include: string[];
    };
    assert.deepEqual(tsconfig.compilerOptions, GENERATED_CODE_OPTIONS);
    assert.deepEqual(tsconfig.include, ['*/generated/**/*.ts']);
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'examples', '--pretty', 'false'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (run.error) throw run.error;
    assert.equal(`${run.stdout}${run.stderr}`, '');
    assert.equal(run.status, 0);
  });
});
