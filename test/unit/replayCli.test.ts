import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main.js';
import { parseSamples, replayEvents, validateModelText, type Model, type SampleEvent } from '../../src/core/index.js';
import { ROOT } from './support/golden.js';

// `event-model replay`: the states at the end or after a step, the problems at the sample file's
// line and the model rule's, the delivery findings, and the exit codes, on the examples and on
// fixtures with problems.

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['replay', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) }, cwd);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface ReplayJson {
  source: { kind: string; file?: string };
  model: string;
  length: number;
  position: number;
  state: {
    aggregates: Array<{ aggregate: string; id: string; stream: string; state: Record<string, unknown> }>;
    projections: Array<{ projection: string; keyed: boolean; rows: Array<{ key: string; row: Record<string, unknown> }> }>;
  };
  problemCount: number;
  problems: Array<{ position: number; kind: string; message: string; file: string; line: number; column: number; rule?: { file: string; line: number; column: number } }>;
  findings: Array<{ check: string; severity: string; code: string; file: string; line: number; rule: { file: string; line: number } }> | null;
  diagnostics: Array<{ file: string; line: number; column: number; code: string }>;
}

async function json(args: string[]): Promise<{ code: number; report: ReplayJson }> {
  const r = await run([...args, '--format', 'json']);
  assert.equal(r.err, '', 'nothing on stderr in JSON mode');
  return { code: r.code, report: JSON.parse(r.out) as ReplayJson };
}

function loadModel(file: string): Model {
  return validateModelText(readFileSync(path.join(ROOT, file), 'utf8')).parsed.model;
}

function samplesOf(file: string): SampleEvent[] {
  return parseSamples(readFileSync(path.join(ROOT, file), 'utf8'), file).events;
}

/** The end states of `replayEvents`, without provenance: what the CLI's JSON gives. */
function expectedState(model: Model, events: SampleEvent[]): ReplayJson['state'] {
  const r = replayEvents(model, events);
  return {
    aggregates: r.aggregates.map(({ aggregate, id, stream, state }) => ({ aggregate, id, stream, state })),
    projections: r.projections.map(({ projection, keyed, rows }) => ({ projection, keyed, rows: rows.map(({ key, row }) => ({ key, row })) })),
  };
}

const examples = readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(ROOT, 'examples', d.name)).filter((f) => /\.samples\.(ya?ml|json|jsonl)$/.test(f)).map((f) => `examples/${d.name}/${f}`));

const ledger = 'test/fixtures/replay-cli/ledger.samples.yaml';
const ledgerModel = 'test/fixtures/replay-cli/ledger.events.yaml';
const clean = 'test/fixtures/replay-cli/clean.samples.yaml';
const yuna = '0504260e-0d96-4f41-aec5-954303e3b1aa';
const daeho = '7d29df2d-04dd-4809-9ffe-2a5dca649be8';

describe('CLI: event-model replay', () => {
  it('finds sample files in every example', () => {
    assert.ok(examples.length >= 6, examples.join());
    assert.ok(examples.some((f) => f.endsWith('.jsonl')));
  });

  it('every example replays clean (exit 0), to the states replayEvents gives', async () => {
    for (const file of examples) {
      const { code, report } = await json([file]);
      assert.equal(code, 0, file);
      const model = loadModel(report.model);
      assert.deepEqual(report.state, expectedState(model, samplesOf(file)), file);
      assert.equal(report.problemCount, 0, file);
      assert.equal(report.position, report.length, file);
      assert.equal(report.findings, null, file);
    }
  });

  it('prints the states as text: each instance\'s fields, each projection as a table, the summary on stderr', async () => {
    const r = await run(['examples/bank/bank.samples.yaml']);
    assert.equal(r.code, 0, r.err);
    const blocks = r.out.split('\n\n');
    assert.deepEqual(blocks[0]!.split('\n'), [
      `Account-${yuna}`,
      '  status     open',
      '  ownerName  Choi Yuna',
      '  currency   KRW',
      '  balance    364700',
    ]);
    const table = blocks.find((b) => b.startsWith('AccountBalances'))!.split('\n');
    assert.equal(table[0], 'AccountBalances: 2 rows');
    // Columns in the model's order; numbers right-aligned under their names.
    assert.match(table[1]!, /^ {2}accountId {29}ownerName {3}currency {2}status {2}balance {2}totalDeposited/);
    assert.match(table[2]!, new RegExp(`^  ${yuna}  Choi Yuna   KRW       open     364700          530000`));
    assert.match(blocks.find((b) => b.startsWith('OpenAccounts'))!, /OpenAccounts: 1 row\n/);
    assert.equal(r.err, 'examples/bank/bank.samples.yaml: 10 events replayed through examples/bank/bank.events.yaml, 0 problems');
  });

  it('prints a single-document projection as fields, and cuts long table values', async () => {
    const ship = await run(['examples/ship-tracking/ship-tracking.samples.yaml', '--projection', 'FleetStatistics']);
    assert.equal(ship.out, ['FleetStatistics (single document)', '  registeredShips   2', '  shipsAtSea        0', '  voyagesCompleted  1', '  positionReports   4', '  lastReportAt      2024-09-12T15:00:00Z'].join('\n'));
    const cart = await run(['examples/cart/cart.samples.yaml', '--projection', 'CartContents']);
    assert.match(cart.out, /\[\{"sku":"KETTLE-GS-08","name":"Glass ke… /);
    assert.match(cart.out, /\(long values are cut; --format json gives them whole\)/);
  });

  it('--at N: the states after the first N events; 0 is before the first; past the end or not a number is bad usage', async () => {
    const file = 'examples/bank/bank.samples.yaml';
    const model = loadModel('examples/bank/bank.events.yaml');
    for (const n of [0, 1, 3, 7, 10]) {
      const { code, report } = await json([file, '--at', String(n)]);
      assert.equal(code, 0);
      assert.equal(report.position, n);
      assert.equal(report.length, 10);
      assert.deepEqual(report.state, expectedState(model, samplesOf(file).slice(0, n)), `--at ${n}`);
    }
    const text = await run([file, '--at', '3']);
    assert.match(text.err, /: 3 of 10 events replayed through/);
    const past = await run([file, '--at', '11']);
    assert.equal(past.code, 2);
    assert.equal(past.err, 'event-model replay: --at 11 is past the end: examples/bank/bank.samples.yaml has 10 events');
    for (const bad of ['x', '2.5', '-1', '']) {
      const r = await run([file, `--at=${bad}`]);
      assert.equal(r.code, 2, bad);
      assert.match(r.err, /--at takes a whole number of events/, bad);
    }
    // Problems after the step asked for are not reported.
    const early = await json([ledger, '--at', '3']);
    assert.equal(early.code, 0);
    assert.equal(early.report.problemCount, 0);
  });

  it('--stream: one instance, by stream name or by id; an unknown one is bad usage, with a suggestion', async () => {
    for (const stream of [`Account-${daeho}`, daeho]) {
      const { code, report } = await json(['examples/bank/bank.samples.yaml', '--stream', stream]);
      assert.equal(code, 0);
      assert.deepEqual(report.state.aggregates.map((a) => a.stream), [`Account-${daeho}`]);
      assert.deepEqual(report.state.projections, [], 'only the instance');
    }
    const typo = await run(['examples/bank/bank.samples.yaml', '--stream', `Acount-${daeho}`]);
    assert.equal(typo.code, 2);
    assert.match(typo.err, new RegExp(`--stream: no stream named 'Acount-${daeho}' after 10 events, and no instance with that id\\. Did you mean 'Account-${daeho}'\\?`));
    // Daeho's account is opened by the third event.
    const notYet = await run(['examples/bank/bank.samples.yaml', '--stream', daeho, '--at', '2']);
    assert.equal(notYet.code, 2);
    assert.match(notYet.err, /no stream named '7d29df2d-04dd-4809-9ffe-2a5dca649be8' after 2 events/);
  });

  it('--projection: one projection; an unknown one is bad usage, with a suggestion', async () => {
    const { code, report } = await json(['examples/bank/bank.samples.yaml', '--projection', 'OpenAccounts']);
    assert.equal(code, 0);
    assert.deepEqual(report.state.aggregates, []);
    assert.deepEqual(report.state.projections.map((p) => [p.projection, p.rows.map((r) => r.key)]), [['OpenAccounts', [yuna]]]);
    const text = await run(['examples/bank/bank.samples.yaml', '--projection', 'OpenAccounts']);
    assert.deepEqual(text.out.split('\n').map((l) => l.trimEnd().replace(/ {2,}/g, ' | ')), [
      'OpenAccounts: 1 row',
      ' | accountId | ownerName | currency | openedAt | stream',
      ` | ${yuna} | Choi Yuna | KRW | 2024-09-02T09:00:00Z | Account-${yuna}`,
    ]);
    const both = await json(['examples/bank/bank.samples.yaml', '--projection', 'OpenAccounts', '--stream', yuna]);
    assert.deepEqual([both.report.state.aggregates.length, both.report.state.projections.length], [1, 1]);
    const typo = await run(['examples/bank/bank.samples.yaml', '--projection', 'OpenAcounts']);
    assert.equal(typo.code, 2);
    assert.equal(typo.err, "event-model replay: --projection: no projection named 'OpenAcounts' in the model. Did you mean 'OpenAccounts'?");
  });

  it('reports each problem at the sample file\'s line and the model rule\'s, and exits 1', async () => {
    const r = await run([ledger]);
    assert.equal(r.code, 1);
    const lines = r.out.split('\n').filter((l) => l.includes(' error '));
    assert.deepEqual(lines, [
      `${ledger}:6:5 error not-a-number inc adds a number to 'balance', but the amount is "lots". (event 4; rule ${ledgerModel}:13:26)`,
      `${ledger}:6:5 error not-a-number inc adds a number to 'balance', but the amount is "lots". (event 4; rule ${ledgerModel}:39:26)`,
      `${ledger}:7:5 error missing-stream-id Credited has no 'accountId', the id of its Account stream. (event 5)`,
      `${ledger}:7:5 error missing-row-key Credited has no 'accountId', the key of Balances. (event 5; rule ${ledgerModel}:39:17)`,
    ]);
    // The replay goes on after a problem: the last credit is counted.
    assert.match(r.out, /^Account-A-1\n {2}balance {2}125\.5\n {2}owner {4}Ada$/m);
    assert.equal(r.err, `${ledger}: 6 events replayed through ${ledgerModel}, 4 problems`);

    const { code, report } = await json([ledger]);
    assert.equal(code, 1);
    assert.equal(report.problemCount, 4);
    assert.deepEqual(report.problems[0], {
      position: 4,
      kind: 'not-a-number',
      message: "inc adds a number to 'balance', but the amount is \"lots\".",
      file: ledger, line: 6, column: 5, endLine: 7, endColumn: 1,
      rule: { file: ledgerModel, line: 13, column: 17, endLine: 13, endColumn: 52 },
      op: { file: ledgerModel, line: 13, column: 26, endLine: 13, endColumn: 33 },
    });
  });

  it('the JSON output has a stable shape', async () => {
    const { report } = await json([clean]);
    assert.deepEqual(Object.keys(report), ['source', 'model', 'length', 'position', 'state', 'problemCount', 'problems', 'findings', 'diagnostics']);
    assert.deepEqual(report.source, { kind: 'file', file: clean });
    assert.deepEqual(Object.keys(report.state), ['aggregates', 'projections']);
    assert.deepEqual(Object.keys(report.state.aggregates[0]!), ['aggregate', 'id', 'stream', 'state']);
    assert.deepEqual(Object.keys(report.state.projections[0]!), ['projection', 'keyed', 'rows']);
    assert.deepEqual(report.state.projections.map((p) => [p.projection, p.keyed]), [['Balances', true], ['Totals', false]]);
  });

  it('--check-delivery: the delivery findings at the event and the rule; a projection\'s warning exits 1', async () => {
    const plain = await run([clean]);
    assert.equal(plain.code, 0, plain.out);
    const r = await run([clean, '--check-delivery']);
    assert.equal(r.code, 1);
    const findings = r.out.split('\n').filter((l) => / (warning|info) not-idempotent /.test(l));
    assert.ok(findings.length >= 2, r.out);
    assert.ok(findings.every((l) => l.startsWith(`${clean}:`) && new RegExp(`\\(rule ${ledgerModel}:\\d+:\\d+\\)$`).test(l)), findings.join('\n'));
    assert.ok(findings.some((l) => / warning not-idempotent Projection Totals, on Credited: inc 'credits'/.test(l)), findings.join('\n'));
    assert.match(r.err, /\d+ delivery findings \(\d+ warnings?(, \d+ info)?\) with every event delivered twice/);
    const { code, report } = await json([clean, '--check-delivery']);
    assert.equal(code, 1);
    assert.ok(report.findings && report.findings.length === findings.length);
    const totals = report.findings.find((f) => f.code === 'not-idempotent' && f.severity === 'warning')!;
    assert.equal(totals.file, clean);
    assert.equal(totals.rule.file, ledgerModel);
    // An order-independent, idempotent file has none.
    const bank = await json(['examples/bank/bank.samples.yaml', '--check-delivery', '--projection', 'OpenAccounts']);
    assert.ok(Array.isArray(bank.report.findings));
  });

  it('--check-delivery flags a projection that counts with inc, at its rule, and passes one written idempotently', async () => {
    const counting = await run(['test/fixtures/replay/counting.samples.yaml', '--check-delivery']);
    assert.equal(counting.code, 1, counting.out);
    assert.match(counting.out, /^test\/fixtures\/replay\/counting\.samples\.yaml:2:5 warning not-idempotent Projection PageViews, on PageViewed: inc 'views' .*\(rule test\/fixtures\/replay\/counting\.events\.yaml:31:16\)$/m);
    const idempotent = await json(['test/fixtures/replay/counting-idempotent.samples.yaml', '--check-delivery']);
    assert.equal(idempotent.code, 0);
    assert.deepEqual(idempotent.report.findings, []);
  });

  it('finds the model as validate does: the model: key, the naming convention, or --model', async () => {
    assert.equal((await json([clean])).report.model, ledgerModel);
    assert.equal((await json([ledger])).report.model, ledgerModel);
    const dir = mkdtempSync(path.join(tmpdir(), 'event-model-replay-'));
    try {
      copyFileSync(path.join(ROOT, ledgerModel), path.join(dir, 'the-model.events.yaml'));
      writeFileSync(path.join(dir, 'lonely.samples.yaml'), 'events:\n  - Opened: { accountId: B-1, owner: Bo }\n');
      const none = await run(['lonely.samples.yaml'], dir);
      assert.equal(none.code, 2);
      assert.match(none.err, /'lonely\.samples\.yaml': No model for this sample file: add `model: <path>`/);
      const given = await run(['lonely.samples.yaml', '--model', 'the-model.events.yaml'], dir);
      assert.equal(given.code, 0, given.err);
      assert.match(given.out, /^Account-B-1$/m);
      writeFileSync(path.join(dir, 'named.samples.yaml'), 'model: ./missing.events.yaml\nevents: []\n');
      const missing = await run(['named.samples.yaml'], dir);
      assert.equal(missing.code, 2);
      assert.equal(missing.err, "event-model replay: cannot read the model 'missing.events.yaml': ENOENT");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('JSON Lines: read from disk through the file source; its broken lines are reported and left out', async () => {
    const r = await run(['test/fixtures/samples/orders.broken.samples.jsonl']);
    assert.equal(r.code, 1);
    const lines = r.out.split('\n').filter((l) => / error /.test(l));
    assert.deepEqual(lines.map((l) => l.replace(/ error (\S+) .*$/, ' $1')), [
      'test/fixtures/samples/orders.broken.samples.jsonl:3:1 sample-invalid',
      'test/fixtures/samples/orders.broken.samples.jsonl:6:1 sample-invalid',
      'test/fixtures/samples/orders.broken.samples.jsonl:7:1 sample-invalid',
      'test/fixtures/samples/orders.broken.samples.jsonl:5:1 unknown-event',
    ]);
    assert.match(r.err, /3 events replayed through test\/fixtures\/samples\/orders\.events\.yaml, 1 problem, 3 errors in the files$/);
    const voyage = await json(['examples/ship-tracking/ship-tracking.voyage.samples.jsonl', '--at', '20']);
    assert.equal(voyage.report.length, 33);
    assert.equal(voyage.report.position, 20);
  });

  it('a model with errors is still replayed as far as it can be read, and exits 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'event-model-replay-'));
    try {
      const text = readFileSync(path.join(ROOT, ledgerModel), 'utf8').replace('emits: [Credited]', 'emits: [Credted]');
      writeFileSync(path.join(dir, 'ledger.events.yaml'), text);
      copyFileSync(path.join(ROOT, clean), path.join(dir, 'clean.samples.yaml'));
      const r = await run(['clean.samples.yaml'], dir);
      assert.equal(r.code, 1);
      assert.match(r.out, /^ledger\.events\.yaml:\d+:\d+ error unknown-event /m);
      assert.match(r.out, /^Account-A-1$/m);
      assert.match(r.err, /1 error in the files$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on bad usage, with the reason', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /name one sample file/],
      [['a.samples.yaml', 'b.samples.yaml'], /name one sample file \(\*\.samples\.yaml\|json\|jsonl\), not 2/],
      [['examples/bank/bank.samples.yaml', '--bogus'], /Unknown option '--bogus'/],
      [['examples/bank/bank.samples.yaml', '--format', 'xml'], /--format must be text or json, not 'xml'/],
      [['no/such.samples.yaml'], /cannot read 'no\/such\.samples\.yaml': ENOENT/],
      [['README.md'], /'README\.md' is not a sample file/],
      [['examples/bank/bank.events.yaml'], /'examples\/bank\/bank\.events\.yaml' is a model; name a sample file to replay: ('[^']+' or )*'examples\/bank\/bank\.samples\.yaml'/],
      [['examples/bank/bank.samples.yaml', '--store-stream', 'account-1'], /--store-stream names a stream of an event store: give the store with --connection/],
      [['examples/bank/bank.samples.yaml', '--connection', 'postgresql://localhost/db'], /with --connection the events come from the store: name the model/],
      [['--connection', 'postgresql://localhost/db'], /with --connection, name the model/],
      [['examples/bank/bank.events.yaml', '--connection', 'not a url'], /^event-model replay: the connection is not a PostgreSQL URL/],
    ];
    for (const [args, expected] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, expected, args.join(' '));
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
  });

  it('the bundled dist/cli.js replays as a program, and leaves pg to dist/event-store.js', function () {
    const cli = path.join(ROOT, 'dist/cli.js');
    if (!existsSync(cli)) this.skip(); // `npm test` builds first; a bare `mocha` run may not have
    const ok = spawnSync(process.execPath, [cli, 'replay', 'examples/bank/bank.samples.yaml'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^AccountBalances: 2 rows$/m);
    // The bank's balances projection counts its totals with inc: a redelivered deposit is counted twice.
    const delivery = spawnSync(process.execPath, [cli, 'replay', 'examples/bank/bank.samples.yaml', '--check-delivery'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(delivery.status, 1, delivery.stdout + delivery.stderr);
    assert.match(delivery.stdout, /^examples\/bank\/bank\.samples\.yaml:10:5 warning not-idempotent Projection AccountBalances, on MoneyDeposited: inc 'totalDeposited'/m);
    const bad = spawnSync(process.execPath, [cli, 'replay', ledger], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    const refused = spawnSync(process.execPath, [cli, 'replay', 'examples/bank/bank.events.yaml', '--connection', 'postgresql://u:secret@127.0.0.1:1/db'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(refused.status, 2);
    assert.equal(refused.stderr.trim(), "event-model replay: cannot connect to database 'db' at 127.0.0.1:1: the connection was refused (is PostgreSQL running there?)");
    // pg's protocol code is in the reader's bundle only, which the CLI and the extension require when used.
    const marker = /SCRAM-SHA-256/;
    assert.match(readFileSync(path.join(ROOT, 'dist/event-store.js'), 'utf8'), marker);
    for (const bundle of ['dist/cli.js', 'dist/extension.js']) assert.doesNotMatch(readFileSync(path.join(ROOT, bundle), 'utf8'), marker, `${bundle} holds pg`);
    assert.match(readFileSync(cli, 'utf8'), /import\("\.\/event-store\.js"\)/, 'the CLI loads the reader beside it when used');
  });
});
