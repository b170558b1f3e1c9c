// The pure parts of the extension's commands and code links: the workspace check's summary, the
// new model's file name and context, and where the diagnostics reference explains a code.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../src/core/index.js';
import { contextOfModelFile, freeModelFileName, modelFileName } from '../../src/extension/commands/modelFile.js';
import { summarize } from '../../src/extension/commands/workspaceSummary.js';
import { codeOfDocsLink, sectionLine } from '../../src/extension/validation/docsSection.js';
import { ROOT } from './support/golden.js';

describe('Validate Workspace Models: the summary', () => {
  it('counts findings by severity and the files that have some', () => {
    const s = summarize([['error', 'error', 'warning'], [], ['info'], []], 4, false);
    assert.deepEqual({ ...s, message: undefined }, { files: 4, found: 4, errors: 2, warnings: 1, infos: 1, filesWithProblems: 2, cancelled: false, message: undefined });
    assert.equal(s.message, 'Checked 4 files: 2 errors, 1 warning, 1 info in 2 files.');
  });

  it('says so when everything is clean, in the singular for one file', () => {
    assert.equal(summarize([[], [], []], 3, false).message, 'Checked 3 files: no problems.');
    assert.equal(summarize([[]], 1, false).message, 'Checked 1 file: no problems.');
    assert.equal(summarize([['warning']], 1, false).message, 'Checked 1 file: 1 warning in 1 file.');
  });

  it('says how far a cancelled check got, and when there was nothing to check', () => {
    assert.equal(summarize([['error'], []], 12, true).message, 'Stopped after 2 of 12 files: 1 error in 1 file.');
    assert.equal(summarize([], 0, false).message, 'No model or sample files in the workspace.');
  });
});

describe('New Event Model: the file', () => {
  it('names a model file from what the user typed', () => {
    assert.equal(modelFileName('orders'), 'orders.events.yaml');
    assert.equal(modelFileName(' orders.yaml '), 'orders.events.yaml');
    assert.equal(modelFileName('orders.yml'), 'orders.events.yaml');
    assert.equal(modelFileName('orders.events.yml'), 'orders.events.yml');
    assert.equal(modelFileName('ship-tracking.events.yaml'), 'ship-tracking.events.yaml');
    for (const bad of ['', '.yaml', '.hidden', '-x', 'a b', 'a/b']) assert.equal(modelFileName(bad), undefined, bad);
  });

  it('takes the bounded context from the file name', () => {
    assert.equal(contextOfModelFile('orders.events.yaml'), 'Orders');
    assert.equal(contextOfModelFile('ship-tracking.events.yaml'), 'ShipTracking');
    assert.equal(contextOfModelFile('order_book.events.yml'), 'OrderBook');
    assert.equal(contextOfModelFile('model-2.events.yaml'), 'Model2');
  });

  it('suggests a name that is not taken', () => {
    assert.equal(freeModelFileName(() => false), 'model.events.yaml');
    const taken = new Set(['model.events.yaml', 'model-2.events.yaml']);
    assert.equal(freeModelFileName((n) => taken.has(n)), 'model-3.events.yaml');
  });
});

describe('code links: where docs/diagnostics.md explains a code', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/diagnostics.md'), 'utf8');
  const lines = doc.split('\n');

  it('reads the code of a link the extension handles, and nothing else', () => {
    assert.equal(codeOfDocsLink('/diagnostics', 'unknown-event'), 'unknown-event');
    assert.equal(codeOfDocsLink('/diagnostics/', 'handler-missing'), 'handler-missing');
    for (const [p, f] of [['/diagnostics', ''], ['/other', 'unknown-event'], ['/diagnostics', 'Unknown Event'], ['/diagnostics', '../x'], ['/diagnostics', 'a--b']]) {
      assert.equal(codeOfDocsLink(p!, f!), undefined, `${p}#${f}`);
    }
  });

  it('finds the heading of every diagnostic code and of the editor-only codes', () => {
    for (const code of [...Object.keys(DIAGNOSTIC_CODES), 'handler-missing', 'handler-stale']) {
      const line = sectionLine(doc, code);
      assert.ok(line !== undefined, `${code} has a section`);
      assert.match(lines[line]!, new RegExp(`^#{2,3} ${code}\\s*$`), code);
    }
    assert.equal(sectionLine(doc, 'no-such-code'), undefined);
  });

  it('ignores headings inside fenced code blocks', () => {
    assert.equal(sectionLine('```\n## unknown-event\n```\ntext\n## unknown-event\n', 'unknown-event'), 4);
  });
});
