import * as assert from 'node:assert/strict';
import { compileGenerated } from './support/compileGenerated.js';
import { EXAMPLE_NAMES, examplePlan, TARGETS } from './support/examplePlans.js';

describe('generated code compiles', () => {
  it('every example, both targets, generated files and the user stubs as created: no diagnostics under the strict flags', function () {
    this.timeout(120_000);
    const projects = EXAMPLE_NAMES.flatMap((example) => TARGETS.map((target) => ({ name: `${example}-${target}`, plan: examplePlan(example, target) })));
    const result = compileGenerated(projects, { label: 'examples' });
    assert.deepEqual(result.diagnostics, [], `tsc reported problems in ${result.root}:\n${result.diagnostics.join('\n')}`);
  });
});
