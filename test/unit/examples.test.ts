import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSamples, validateModelText, validateSamples } from '../../src/core/index.js';
import { formatDiagnostics, ROOT } from './support/golden.js';

const EXAMPLES = path.join(ROOT, 'examples');

describe('examples', () => {
  const folders = readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  it('cover the five seed domains', () => {
    assert.deepEqual(folders, ['bank', 'blog', 'cart', 'ship-tracking', 'shop']);
  });

  for (const name of folders) {
    describe(name, () => {
      const dir = path.join(EXAMPLES, name);
      const files = readdirSync(dir);
      const modelFile = files.find((f) => f.endsWith('.events.yaml'));
      const sampleFiles = files.filter((f) => /\.samples\.(ya?ml|json|jsonl)$/.test(f));

      it('has a model and at least one sample file', () => {
        assert.ok(modelFile, 'a *.events.yaml model');
        assert.ok(sampleFiles.length > 0, 'a sample event file');
      });

      it('the model validates with no diagnostics at all', () => {
        const { diagnostics } = validateModelText(readFileSync(path.join(dir, modelFile!), 'utf8'));
        assert.equal(formatDiagnostics(diagnostics), '\n');
      });

      for (const sample of sampleFiles) {
        it(`${sample} matches the model`, () => {
          const { parsed } = validateModelText(readFileSync(path.join(dir, modelFile!), 'utf8'));
          const samples = parseSamples(readFileSync(path.join(dir, sample), 'utf8'), sample);
          assert.ok(samples.events.length > 0, 'has events');
          assert.equal(formatDiagnostics(validateSamples(samples, parsed.model)), '\n');
        });
      }

      it('has scenarios', () => {
        const { parsed } = validateModelText(readFileSync(path.join(dir, modelFile!), 'utf8'));
        assert.ok(parsed.model.scenarios.length > 0);
      });
    });
  }
});
