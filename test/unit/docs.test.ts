import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateModelText } from '../../src/core/index.js';
import { formatDiagnostics, ROOT } from './support/golden.js';

/** The YAML blocks of a Markdown file that are whole models (they start with `version: 1`). */
function modelBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^version: 1\b/m.test(b.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? ''));
}

describe('documentation', () => {
  for (const doc of ['docs/model-format.md', 'README.md']) {
    it(`every complete model in ${doc} validates without errors`, () => {
      const blocks = modelBlocks(readFileSync(path.join(ROOT, doc), 'utf8'));
      if (doc === 'docs/model-format.md') assert.ok(blocks.length > 0, 'the format reference shows at least one whole model');
      for (const block of blocks) {
        const errors = validateModelText(block).diagnostics.filter((d) => d.severity === 'error');
        assert.equal(formatDiagnostics(errors), '\n', block.slice(0, 200));
      }
    });
  }
});
