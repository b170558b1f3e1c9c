import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { LineIndex, modelSemanticTokens, parseModel, parseSamples, sampleSemanticTokens, validateModelText, validateSamples, type Diagnostic, type Model, type Range } from '../../src/core/index.js';
import { ROOT } from './support/golden.js';
import { describeInput, editorLines, MODEL_SEEDS, mutated, outsideDocument, SAMPLE_SEEDS, type Mutated, type Seed } from './support/mutations.js';
import { timed } from './support/timing.js';

/**
 * Random edits of every example and fixture, checked with fast-check (which shrinks a failing
 * case to the fewest and smallest edits). For every input: nothing throws, every range lies
 * inside the document as an editor sees it, and validating takes at most BUDGET_MS (see
 * support/timing.ts for how time is counted on a busy machine).
 *
 * FUZZ_RUNS sets how many inputs (models; samples get a quarter as many), FUZZ_SEED replays a
 * run, and FUZZ_REPORT=1 prints the count and the slowest input at the end.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const BUDGET_MS = 500;

type Input = Mutated;

/** The slowest input of a run, for the report. */
interface Stats {
  count: number;
  slowestMs: number;
  slowest?: Input;
}

function checkRanges(what: string, ranges: Iterable<{ range: Range; label: string }>, text: string): void {
  const lines = editorLines(text);
  for (const { range, label } of ranges) {
    const why = outsideDocument(range, lines);
    if (why) assert.fail(`${what}: ${label} lies outside the document (${why})`);
  }
}

function diagnosticRanges(list: readonly Diagnostic[]): Array<{ range: Range; label: string }> {
  return list.flatMap((d) => [
    { range: d.range, label: `${d.code} "${d.message.slice(0, 80)}"` },
    ...(d.related ?? []).map((r) => ({ range: r.range, label: `related of ${d.code}` })),
  ]);
}

function record(stats: Stats, input: Input, ms: number): void {
  stats.count++;
  if (ms > stats.slowestMs) Object.assign(stats, { slowestMs: ms, slowest: input });
}

function report(label: string, stats: Stats): void {
  if (process.env.FUZZ_REPORT !== '1') return;
  const slowest = stats.slowest ? describeInput(stats.slowest) : 'none';
  console.log(`      ${label}: ${stats.count} inputs, 0 crashes, 0 ranges outside the document; slowest ${stats.slowestMs.toFixed(1)} ms: ${slowest.slice(0, 600)}`);
}

const params = (runs: number) => ({ numRuns: runs, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: false });

describe('random edits of every example and fixture (fast-check)', function () {
  this.timeout(0);

  it(`models: nothing throws, every range is inside the document, each validates in under ${BUDGET_MS} ms (${RUNS} inputs)`, () => {
    assert.ok(MODEL_SEEDS.length >= 10, `only ${MODEL_SEEDS.length} seed models`);
    const stats: Stats = { count: 0, slowestMs: 0 };
    fc.assert(
      fc.property(mutated(MODEL_SEEDS), (input) => {
        const { result, ms } = timed(() => validateModelText(input.text), BUDGET_MS);
        record(stats, input, ms);
        const tokens = modelSemanticTokens(result.parsed.model).map((t) => ({ range: t.range, label: `semantic token ${t.type}` }));
        checkRanges(describeInput(input), [...diagnosticRanges(result.diagnostics), ...tokens], input.text);
        assert.ok(ms <= BUDGET_MS, `${ms.toFixed(0)} ms to validate ${describeInput(input)}`);
      }),
      params(RUNS),
    );
    report('models', stats);
  });

  it(`sample files: nothing throws, every range is inside the document, each is read in under ${BUDGET_MS} ms (${Math.ceil(RUNS / 4)} inputs)`, () => {
    assert.ok(SAMPLE_SEEDS.length >= 5, `only ${SAMPLE_SEEDS.length} seed sample files`);
    // Each sample file is checked against the model of its folder (the fixtures share one).
    const models = new Map<string, Model>();
    const modelOf = (seed: Seed): Model => {
      const dir = path.dirname(seed.name);
      const own = path.join(dir, `${path.basename(dir)}.events.yaml`);
      const file = existsSync(path.join(ROOT, own)) ? own : 'test/fixtures/samples/orders.events.yaml';
      if (!models.has(file)) models.set(file, parseModel(readFileSync(path.join(ROOT, file), 'utf8')).model);
      return models.get(file)!;
    };
    const stats: Stats = { count: 0, slowestMs: 0 };
    fc.assert(
      fc.property(mutated(SAMPLE_SEEDS), (input) => {
        const model = modelOf(input.seed);
        const { result, ms } = timed(() => {
          const samples = parseSamples(input.text, path.basename(input.seed.name));
          return { samples, diagnostics: validateSamples(samples, model) };
        }, BUDGET_MS);
        record(stats, input, ms);
        const tokens = sampleSemanticTokens(result.samples).map((t) => ({ range: t.range, label: 'semantic token' }));
        const ranges = result.samples.events.flatMap((e) => [
          { range: e.range, label: `event ${e.type}` },
          { range: e.typeRange, label: `type of ${e.type}` },
          ...(e.atRange ? [{ range: e.atRange, label: `at of ${e.type}` }] : []),
        ]);
        checkRanges(describeInput(input), [...diagnosticRanges(result.diagnostics), ...tokens, ...ranges], input.text);
        assert.ok(ms <= BUDGET_MS, `${ms.toFixed(0)} ms to read ${describeInput(input)}`);
      }),
      params(Math.ceil(RUNS / 4)),
    );
    report('sample files', stats);
  });

  it('LineIndex places every offset as an editor does, and a line break at the end of its line', () => {
    const texts = fc.array(fc.constantFrom('a', 'bc', '\r', '\n', '\r\n', '😀'), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(texts, (text) => {
        // Where each editor line starts, and where its text ends (before the break).
        const lines: Array<{ start: number; end: number }> = [];
        const re = /\r\n|\r|\n/g;
        let start = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          lines.push({ start, end: m.index });
          start = m.index + m[0].length;
        }
        lines.push({ start, end: text.length });
        const index = new LineIndex(text);
        assert.equal(index.lineCount, lines.length);
        for (let o = 0; o <= text.length; o++) {
          let line = lines.length - 1;
          while (lines[line]!.start > o) line--;
          const expected = { line, character: Math.min(o, lines[line]!.end) - lines[line]!.start };
          assert.deepEqual(index.position(o), expected, `${JSON.stringify(text)} at ${o}`);
        }
        lines.forEach((l, i) => assert.deepEqual(index.lineRange(i), index.range(l.start, l.end)));
      }),
      { numRuns: 2000 },
    );
  });

  it('a finding at a CRLF line among LF lines ends at the end of that line, before its \\r', () => {
    // A syntax error on the one CRLF line: its range used to take in the `\r`.
    const text = 'version: 1\ncontext: Crlf\nevents:\n  A: { fields: { a: string }\r\n  B: x\n';
    const lines = editorLines(text);
    const { diagnostics } = validateModelText(text);
    assert.ok(diagnostics.length > 0);
    for (const d of diagnostics) assert.equal(outsideDocument(d.range, lines), undefined, `${d.code} ${JSON.stringify(d.range)}`);
  });

  it('a lone \\r ends a line, as in the editor', () => {
    const text = 'version: 1\rcontext: Cr\revents:\r  OrderPlaced:\r    fields: { id: string }\r';
    const { diagnostics } = validateModelText(text);
    const lines = editorLines(text);
    for (const d of diagnostics) assert.equal(outsideDocument(d.range, lines), undefined, `${d.code} ${JSON.stringify(d.range)}`);
    const samples = parseSamples('{"type": "A", "data": {}}\r{"type": 1}\n{"type": "B", "data": {}}\n', 'x.samples.jsonl');
    // The second JSON line is the third editor line: the first holds a lone \r.
    assert.deepEqual(samples.events.map((e) => [e.type, e.typeRange.start.line]), [['B', 2]]);
    assert.deepEqual(samples.diagnostics.map((d) => d.range.start.line), [0]);
  });
});
