import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES, parseSamples, starterModel, validateModelText, validateSamples } from '../../src/core/index.js';
import { expectGolden, FIXTURES, formatDiagnostics, readFixture } from './support/golden.js';

const modelFixtures = readdirSync(path.join(FIXTURES, 'models')).filter((f) => f.endsWith('.events.yaml')).sort();

describe('validator on fixtures (golden diagnostics)', () => {
  for (const file of modelFixtures) {
    it(file, () => {
      const { diagnostics } = validateModelText(readFixture(`models/${file}`));
      assert.ok(diagnostics.length > 0, 'every invalid fixture reports something');
      expectGolden(`diagnostics/${file.replace('.events.yaml', '')}.txt`, formatDiagnostics(diagnostics));
    });
  }

  it('reports every diagnostic code in at least one fixture', () => {
    const seen = new Set<string>();
    for (const file of modelFixtures) for (const d of validateModelText(readFixture(`models/${file}`)).diagnostics) seen.add(d.code);
    const orders = validateModelText(readFixture('samples/orders.events.yaml')).parsed.model;
    for (const file of ['orders.broken.samples.yaml', 'orders.broken.samples.jsonl']) {
      for (const d of validateSamples(parseSamples(readFixture(`samples/${file}`), file), orders)) seen.add(d.code);
    }
    const ledger = validateModelText(readFixture('upcast/ledger.events.yaml')).parsed.model;
    for (const d of validateSamples(parseSamples(readFixture('upcast/ledger.broken.samples.yaml'), 'ledger.broken.samples.yaml'), ledger)) seen.add(d.code);
    // Reported by the CLI (needs the file system) and for huge files (a unit test of its own).
    for (const code of ['sample-model-not-found', 'file-too-large']) seen.add(code);
    const missing = Object.keys(DIAGNOSTIC_CODES).filter((c) => !seen.has(c));
    assert.deepEqual(missing, [], 'codes without a fixture');
  });
});

describe('sample files against their model (golden diagnostics)', () => {
  const { parsed, diagnostics } = validateModelText(readFixture('samples/orders.events.yaml'));
  it('the fixture model is clean', () => assert.deepEqual(diagnostics, []));
  for (const file of ['orders.broken.samples.yaml', 'orders.broken.samples.jsonl', 'named-model.samples.yaml']) {
    it(file, () => {
      const samples = parseSamples(readFixture(`samples/${file}`), file);
      expectGolden(`diagnostics/${file}.txt`, formatDiagnostics(validateSamples(samples, parsed.model)));
    });
  }
});

describe('the starter model', () => {
  it('validates with no diagnostics and writes a `then` as a list of events', () => {
    const { parsed, diagnostics } = validateModelText(starterModel('Orders'));
    assert.equal(formatDiagnostics(diagnostics), '\n');
    assert.ok(parsed.model.scenarios.some((s) => s.then?.kind === 'events' && s.then.shortForm && s.then.events.length > 0));
  });
});
