import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main.js';
import { FIXTURES, ROOT } from './support/golden.js';

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, cwd);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI: event-model validate', () => {
  it('exits 0 on the examples', async () => {
    const r = await run(['validate', 'examples/**/*.events.yaml']);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, '');
    assert.match(r.err, /files checked: 0 errors, 0 warnings, 0 info/);
  });

  it('validates the sample files paired with each model', async () => {
    const r = await run(['validate', 'examples/shop/shop.events.yaml', '--format', 'json']);
    const report = JSON.parse(r.out) as { files: number };
    assert.ok(report.files >= 2, 'the model and its samples');
  });

  it('exits 1 and prints file:line:col severity code message for an invalid model', async () => {
    const r = await run(['validate', 'test/fixtures/models/unknown-references.events.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.out, /^test\/fixtures\/models\/unknown-references\.events\.yaml:13:16 error unknown-aggregate Command 'PlaceOrder' names the aggregate 'Ordr'/m);
  });

  it('every invalid fixture exits 1 and reports at the line and column of its golden file', async () => {
    const fixtures = readdirSync(path.join(FIXTURES, 'models')).filter((f) => f.endsWith('.events.yaml'));
    for (const file of fixtures) {
      const r = await run(['validate', `test/fixtures/models/${file}`, '--format', 'json']);
      const rows = (JSON.parse(r.out) as { diagnostics: Array<{ line: number; column: number; severity: string; code: string }> }).diagnostics;
      const golden = readFileSync(path.join(ROOT, 'test/golden/diagnostics', file.replace('.events.yaml', '.txt')), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/^(\d+:\d+)-\S+ (\S+) (\S+) .*$/, '$1 $2 $3'));
      assert.deepEqual(rows.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`), golden, file);
      assert.equal(r.code, rows.some((d) => d.severity === 'error') ? 1 : 0, file);
    }
  });

  it('finds a sample file model by its model: key, by its name, or by --model', async () => {
    const named = await run(['validate', 'test/fixtures/samples/named-model.samples.yaml']);
    assert.equal(named.code, 0, named.out);
    const paired = await run(['validate', 'test/fixtures/samples/orders.broken.samples.yaml']);
    assert.equal(paired.code, 1);
    assert.match(paired.out, /orders\.broken\.samples\.yaml:6:11 error sample-unknown-event/);
    const orphan = await run(['validate', 'test/fixtures/samples/orphan.samples.yaml']);
    assert.equal(orphan.code, 1);
    assert.match(orphan.out, /orphan\.samples\.yaml:1:1 error sample-model-not-found/);
    const given = await run(['validate', 'test/fixtures/samples/orphan.samples.yaml', '--model', 'test/fixtures/samples/orders.events.yaml']);
    assert.equal(given.code, 0, given.out);
  });

  it('reports a model named by a sample file that does not exist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'event-model-'));
    writeFileSync(path.join(dir, 'x.samples.yaml'), 'model: ./missing.events.yaml\nevents: []\n');
    const r = await run(['validate', 'x.samples.yaml'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /x\.samples\.yaml:1:8 error sample-model-not-found The model 'missing\.events\.yaml' cannot be read/);
  });

  it('takes folders', async () => {
    const r = await run(['validate', path.relative(ROOT, path.join(FIXTURES, 'samples'))]);
    assert.equal(r.code, 1);
    assert.match(r.out, /orders\.broken\.samples\.jsonl:3:1 error sample-invalid/);
  });

  it('exits 2 on bad usage', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['validate'])).code, 2);
    assert.equal((await run(['validate', '--format', 'xml', 'examples'])).code, 2);
    assert.equal((await run(['validate', '--bogus', 'examples'])).code, 2);
    const none = await run(['validate', 'no/such/*.events.yaml']);
    assert.equal(none.code, 2);
    assert.match(none.err, /no file matches 'no\/such\/\*\.events\.yaml'/);
  });

  it('--no-naming turns off the naming warnings', async () => {
    const on = await run(['validate', 'test/fixtures/models/naming-conventions.events.yaml']);
    const off = await run(['validate', 'test/fixtures/models/naming-conventions.events.yaml', '--no-naming']);
    assert.match(on.out, /event-tense/);
    assert.doesNotMatch(off.out, /event-tense|command-mood/);
    assert.equal(off.code, 0);
  });

  it('the bundled dist/cli.js runs as a program with the same exit codes', function () {
    const cli = path.join(ROOT, 'dist/cli.js');
    if (!existsSync(cli)) this.skip(); // `npm test` builds first; a bare `mocha` run may not have
    const ok = spawnSync(process.execPath, [cli, 'validate', 'examples'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const bad = spawnSync(process.execPath, [cli, 'validate', 'test/fixtures/models/flow.events.yaml'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    const usage = spawnSync(process.execPath, [cli], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /Usage: event-model/);
  });
});
