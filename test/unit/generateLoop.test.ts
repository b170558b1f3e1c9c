import * as assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import { planGeneratedFiles, readBanner, validateModelText, type ParsedModel } from '../../src/core/index.js';
import { TEMP_SUFFIX } from '../../src/node/atomicFile.js';
import type { FileOutcome } from '../../src/node/planWriter.js';
import { MODEL_EDITS, pickWeighted, SeededRandom, type ModelData } from './support/modelEdits.js';
import { ROOT } from './support/golden.js';

/**
 * The edit/regenerate loop: a seeded run of model edits, edits of the user's files, hand edits of
 * generated files and foreign files dropped into the output folder, each followed by
 * `event-model generate` (sometimes with --force). After every run it checks the writer's promises
 * on the disk itself. LOOP_SEED and LOOP_STEPS replay or lengthen a run; LOOP_REPORT=1 prints figures.
 */
const SEED = Number(process.env.LOOP_SEED ?? 20240902);
const STEPS = Number(process.env.LOOP_STEPS ?? 200);

type Report = { models: Array<{ diagnostics: unknown[]; files?: Array<FileOutcome & { file: string }>; counts?: Record<FileOutcome['action'], number> }> };

/** Every file under the output folder with its text (empty when the folder does not exist). */
function snapshot(dir: string): Map<string, string> {
  const all = new Map<string, string>();
  const walk = (at: string, prefix: string) => {
    for (const e of readdirSync(at, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(at, e.name), `${prefix}${e.name}/`);
      else all.set(prefix + e.name, readFileSync(path.join(at, e.name), 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return all;
}

describe('edit/regenerate loop', () => {
  it(`${STEPS} seeded steps (seed ${SEED}) never lose the user's work, and a rerun writes nothing`, async function () {
    this.timeout(600_000);
    const rng = new SeededRandom(SEED);
    const dir = mkdtempSync(path.join(tmpdir(), 'event-model-loop-'));
    try {
      mkdirSync(path.join(dir, 'bank'));
      cpSync(path.join(ROOT, 'examples/bank/bank.events.yaml'), path.join(dir, 'bank/bank.events.yaml'));
      const modelFile = path.join(dir, 'bank/bank.events.yaml');
      const out = path.join(dir, 'bank/generated');
      let data = parse(readFileSync(modelFile, 'utf8')) as ModelData;
      let parsed = validateModelText(readFileSync(modelFile, 'utf8')).parsed;
      /** Files whose bytes must stay as recorded: the user's edited files, foreign files, hand edits. */
      const guarded = new Map<string, { text: string; why: 'user' | 'foreign' | 'hand-edit' }>();
      const figures = { steps: 0, modelEdits: new Map<string, number>(), rejectedEdits: 0, userEdits: 0, handEdits: 0, foreign: 0, takenOver: 0, deleted: 0, forcedRuns: 0, replacedEdits: 0, runs: 0 };
      const totals: Record<FileOutcome['action'], number> = { written: 0, unchanged: 0, kept: 0, removed: 0, refused: 0 };
      const log: string[] = [];

      const generate = async (force: boolean): Promise<{ code: number; report: NonNullable<Report['models'][0]> }> => {
        const lines: string[] = [];
        const code = await main(['generate', 'bank/bank.events.yaml', '--format', 'json', ...(force ? ['--force'] : [])], { out: (s) => lines.push(s), err: () => {} }, dir);
        figures.runs++;
        return { code, report: (JSON.parse(lines.join('\n')) as Report).models[0]! };
      };
      const planFor = (p: ParsedModel) => new Map(planGeneratedFiles(p.model, { modelPath: 'bank.events.yaml' }).files.map((f) => [f.path, f]));
      const fail = (step: number, message: string) => assert.fail(`step ${step} (seed ${SEED}): ${message}\n${log.slice(-8).join('\n')}`);

      await generate(false);
      let plan = planFor(parsed);
      for (let step = 1; step <= STEPS; step++) {
        figures.steps++;
        const onDisk = snapshot(out);
        const roll = rng.next();
        if (roll < 0.45) {
          for (let attempt = 0; attempt < 5; attempt++) {
            const [kind, edit] = pickWeighted(rng, MODEL_EDITS);
            const next = structuredClone(data);
            const what = edit(next, step, rng);
            if (!what) continue;
            const text = stringify(next);
            const checked = validateModelText(text);
            if (checked.diagnostics.some((d) => d.severity === 'error')) {
              figures.rejectedEdits++;
              continue;
            }
            writeFileSync(modelFile, text);
            [data, parsed] = [next, checked.parsed];
            figures.modelEdits.set(kind, (figures.modelEdits.get(kind) ?? 0) + 1);
            log.push(`${step}: ${what}`);
            break;
          }
        } else if (roll < 0.6) {
          const file = rng.pick([...plan.values()].filter((f) => f.owner === 'user' && onDisk.has(f.path)).map((f) => f.path));
          if (file) {
            appendFileSync(path.join(out, file), `// my change at step ${step}\n`);
            guarded.set(file, { text: readFileSync(path.join(out, file), 'utf8'), why: 'user' });
            figures.userEdits++;
            log.push(`${step}: user edits ${file}`);
          }
        } else if (roll < 0.72) {
          const file = rng.pick([...onDisk].filter(([p, text]) => plan.get(p)?.owner === 'generated' && readBanner(text).generated).map(([p]) => p));
          if (file) {
            const lines = readFileSync(path.join(out, file), 'utf8').split('\n');
            lines.splice(2 + rng.int(lines.length - 2), 0, `// hand edit at step ${step}`);
            writeFileSync(path.join(out, file), lines.join('\n'));
            guarded.set(file, { text: lines.join('\n'), why: 'hand-edit' });
            figures.handEdits++;
            log.push(`${step}: hand edit of ${file}`);
          }
        } else if (roll < 0.8) {
          // A file of the user's own in the output folder: a new one, or one that takes over a generated path.
          const takeOver = figures.takenOver < 3 && rng.chance(0.3) ? rng.pick([...plan.values()].filter((f) => f.owner === 'generated' && !guarded.has(f.path)).map((f) => f.path)) : undefined;
          const file = takeOver ?? rng.pick([`mine-${step}.ts`, `sub/mine-${step}.ts`, `notes-${step}.md`])!;
          mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
          writeFileSync(path.join(out, file), `// My own file, written at step ${step}.\nexport const mine${step} = ${step};\n`);
          guarded.set(file, { text: readFileSync(path.join(out, file), 'utf8'), why: 'foreign' });
          if (takeOver) figures.takenOver++;
          else figures.foreign++;
          log.push(`${step}: foreign file ${file}`);
        } else if (roll < 0.85) {
          const file = rng.pick([...onDisk.keys()].filter((p) => plan.get(p)?.owner === 'generated' && !guarded.has(p)));
          if (file) {
            unlinkSync(path.join(out, file));
            figures.deleted++;
            log.push(`${step}: deleted ${file}`);
          }
        } else {
          log.push(`${step}: no edit`);
        }

        const force = rng.chance(0.25);
        if (force) figures.forcedRuns++;
        const before = snapshot(out);
        const { code, report } = await generate(force);
        const after = snapshot(out);
        const planned = (plan = planFor(parsed));
        if (!report.files || !report.counts) return fail(step, `the model was not generated: ${JSON.stringify(report.diagnostics)}`);
        for (const [k, v] of Object.entries(report.counts)) totals[k as FileOutcome['action']] += v;
        if (code !== (report.counts.refused > 0 ? 1 : 0)) fail(step, `exit code ${code} with ${report.counts.refused} refused`);
        const actions = new Map(report.files.map((f) => [f.path, f]));

        for (const name of after.keys()) if (name.endsWith(TEMP_SUFFIX)) fail(step, `temporary file left: ${name}`);
        for (const [file, g] of guarded) {
          const replaced = g.why === 'hand-edit' && force && actions.get(file)?.reason === 'replaced-edit';
          if (replaced) {
            guarded.delete(file);
            figures.replacedEdits++;
          } else if (after.get(file) !== g.text) fail(step, `${g.why} file ${file} changed or vanished`);
        }
        for (const [file, text] of before) {
          const banner = readBanner(text);
          if (!banner.generated && after.get(file) !== text) fail(step, `${file} has no banner, yet it changed`);
          if (banner.generated && !banner.hashMatches && !force && after.get(file) !== text) fail(step, `hand-edited ${file} was overwritten without --force`);
          if (planned.get(file)?.owner === 'user' && after.get(file) !== text) fail(step, `user-owned ${file} was written`);
        }
        for (const f of report.files) {
          const want = planned.get(f.path);
          if ((f.action === 'written' || f.action === 'unchanged') && f.owner === 'generated' && after.get(f.path) !== want?.content) fail(step, `${f.path} is ${f.action} but differs from the plan`);
          if (f.action === 'removed' && after.has(f.path)) fail(step, `${f.path} is removed but still there`);
          if (f.action === 'refused' && after.get(f.path) !== before.get(f.path)) fail(step, `${f.path} was refused but changed`);
        }
        for (const [file, want] of planned) {
          if (!after.has(file)) fail(step, `planned ${file} is missing`);
          if (want.owner === 'generated' && after.get(file) !== want.content && actions.get(file)?.action !== 'refused') fail(step, `planned ${file} is stale`);
        }

        const rerun = await generate(force);
        if (rerun.report.counts!.written !== 0 || rerun.report.counts!.removed !== 0) fail(step, `a rerun with no change wrote ${rerun.report.counts!.written} and removed ${rerun.report.counts!.removed}`);
        const still = snapshot(out);
        if (still.size !== after.size || [...after].some(([k, v]) => still.get(k) !== v)) fail(step, 'a rerun with no change touched the folder');
      }

      if (process.env.LOOP_REPORT === '1') {
        const edits = [...figures.modelEdits].map(([k, v]) => `${k} ${v}`).join(', ');
        console.log(`      loop: ${JSON.stringify({ ...figures, modelEdits: edits, totals, finalFiles: snapshot(out).size, finalModel: { commands: Object.keys(data.commands ?? {}).length, events: Object.keys(data.events ?? {}).length, projections: Object.keys(data.projections ?? {}).length, policies: Object.keys(data.policies ?? {}).length } })}`);
      }
      assert.ok(figures.modelEdits.size >= 5, 'the loop exercised most kinds of model edit');
      assert.ok(figures.userEdits > 0 && figures.handEdits > 0 && figures.replacedEdits > 0 && totals.removed > 0 && totals.refused > 0, JSON.stringify(figures));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
