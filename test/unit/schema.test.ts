import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderJsonSchema } from '../../src/core/index.js';
import { ROOT } from './support/golden.js';

describe('JSON Schema', () => {
  it('the committed schema/events.schema.json is what the zod schema generates (run `npm run schema`)', () => {
    const committed = readFileSync(path.join(ROOT, 'schema/events.schema.json'), 'utf8');
    assert.equal(committed, renderJsonSchema());
  });

  it('describes the top-level sections', () => {
    const schema = JSON.parse(renderJsonSchema()) as { properties: Record<string, unknown>; required: string[] };
    for (const key of ['version', 'context', 'types', 'aggregates', 'commands', 'events', 'projections', 'policies', 'scenarios']) {
      assert.ok(key in schema.properties, key);
    }
    assert.deepEqual(schema.required.sort(), ['context', 'version']);
  });
});
