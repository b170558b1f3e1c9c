import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { planGeneratedFiles, readBanner, validateModelText, type Model } from '../../src/core/index.js';
import { compileGenerated, type GeneratedProject } from './support/compileGenerated.js';
import { modelTextArbitrary } from './support/modelArbitrary.js';

/**
 * Random valid models (hostile names, keywords as field names, descriptions full of comment ends
 * and line separators) generate code that compiles with no diagnostics, for both targets.
 * `npm test` runs CODEGEN_PROPERTY_RUNS models (40 by default) from a fixed seed; set
 * CODEGEN_PROPERTY_RUNS and CODEGEN_PROPERTY_SEED to run more, or others. Models compile 40 to a
 * TypeScript program.
 */

const RUNS = Number(process.env.CODEGEN_PROPERTY_RUNS ?? 40);
const SEED = Number(process.env.CODEGEN_PROPERTY_SEED ?? 20240901);
const BATCH = 40;

/** The first `count` error-free models the arbitrary gives from `seed`, with their texts. */
function validModels(count: number, seed: number): { text: string; model: Model }[] {
  const found: { text: string; model: Model }[] = [];
  // About two in three generated models validate clean; draw until there are enough.
  for (let round = 0; found.length < count && round < 20; round++) {
    for (const text of fc.sample(modelTextArbitrary, { numRuns: count * 2, seed: seed + round })) {
      const { parsed, diagnostics } = validateModelText(text);
      if (diagnostics.some((d) => d.severity === 'error')) continue;
      found.push({ text, model: parsed.model });
      if (found.length === count) break;
    }
  }
  return found;
}

describe('code generation, property', () => {
  it(`random valid models: plans are deterministic and every generated file's banner matches its content`, () => {
    fc.assert(
      fc.property(modelTextArbitrary, (text) => {
        const { parsed, diagnostics } = validateModelText(text);
        fc.pre(!diagnostics.some((d) => d.severity === 'error'));
        for (const target of ['emmett', 'plain'] as const) {
          const plan = planGeneratedFiles(parsed.model, { modelPath: 'model.events.yaml', target });
          assert.deepEqual(planGeneratedFiles(parsed.model, { modelPath: 'model.events.yaml', target }), plan);
          assert.equal(new Set(plan.files.map((f) => f.path.toLowerCase())).size, plan.files.length, 'paths differ, whatever the case');
          for (const f of plan.files) {
            assert.match(f.path, /^[a-z0-9-]+(\.[a-z]+)*\.ts$/, f.path);
            assert.equal(readBanner(f.content).hashMatches, f.owner === 'generated', f.path);
            assert.ok(!/[\r\u2028\u2029]/.test(f.content), `${f.path}: only \\n ends lines`);
          }
        }
      }),
      { numRuns: 100, seed: SEED },
    );
  });

  it(`${RUNS} random valid models compile with no diagnostics, both targets (CODEGEN_PROPERTY_RUNS)`, function () {
    this.timeout(Math.max(60_000, RUNS * 3_000));
    const models = validModels(RUNS, SEED);
    assert.equal(models.length, RUNS, 'enough models validate clean');
    for (let start = 0; start < models.length; start += BATCH) {
      const batch = models.slice(start, start + BATCH);
      const projects: GeneratedProject[] = batch.flatMap(({ model }, i) =>
        (['emmett', 'plain'] as const).map((target) => ({ name: `m${start + i}-${target}`, plan: planGeneratedFiles(model, { modelPath: 'model.events.yaml', target }) })),
      );
      const result = compileGenerated(projects, { label: 'property' });
      if (result.diagnostics.length > 0) {
        // Keep each model next to its code, to read the failure.
        batch.forEach(({ text }, i) => writeFileSync(path.join(result.root, `m${start + i}.events.yaml`), text));
      }
      assert.deepEqual(result.diagnostics.slice(0, 40), [], `tsc reported problems in ${result.root} (each model is saved beside its folders)`);
    }
  });
});
