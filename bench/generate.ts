/**
 * Code generation against validation of the same model, run side by side, then the writer and
 * the TypeScript compiler on the output.
 * Usage: npm run bench:generate [-- elements=5000 rounds=9 shape=rich|lean|shop tsc=yes|no]
 * It runs the bundled build, as `npm run bench` does. Prints medians and the ratio
 * generation/validation (the goal is at most 0.5x); absolute times vary from machine to machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { planGeneratedFiles, validateModelText } from '../src/core/index.js';
import { applyPlan } from '../src/node/planWriter.js';
import { generateModel, type ModelShape } from './generateModel.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const elements = Number(args.elements ?? 5000);
const rounds = Number(args.rounds ?? 9);
const shape: ModelShape = args.shape === 'lean' || args.shape === 'shop' ? args.shape : 'rich';
const withTsc = args.tsc !== 'no';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const time = (f: () => void) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const ms = (x: number) => `${x.toFixed(1).padStart(8)} ms`;

const text = generateModel(elements, shape);
const first = validateModelText(text);
if (first.diagnostics.some((d) => d.severity === 'error')) {
  console.error(`the generated model has errors: ${first.diagnostics[0]!.code} ${first.diagnostics[0]!.message}`);
  process.exit(1);
}
const model = first.parsed.model;
const plan = () => planGeneratedFiles(model, { modelPath: 'bench.events.yaml', target: 'emmett' });
plan(); // warm up

const validation: number[] = [];
const generation: number[] = [];
for (let i = 0; i < rounds; i++) {
  // Alternate the order so neither side always runs on a warmer heap.
  if (i % 2 === 0) {
    validation.push(time(() => validateModelText(text)));
    generation.push(time(plan));
  } else {
    generation.push(time(plan));
    validation.push(time(() => validateModelText(text)));
  }
}
const files = plan().files;
const bytes = files.reduce((n, f) => n + f.content.length, 0);
console.log(`\n${shape} model: ${elements} elements, ${(text.length / 1024).toFixed(0)} KiB; ${rounds} rounds`);
console.log(`plan                          ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB of TypeScript`);
console.log(`validation (parse + checks)   median ${ms(median(validation))}`);
console.log(`generation (plan, in memory)  median ${ms(median(generation))}`);
console.log(`ratio generation/validation   ${(median(generation) / median(validation)).toFixed(2)}x   (goal: at most 0.50x)`);

// The writer: a first run writes every file, a second run with no change writes none.
// Under the repository's git-ignored .cache/, so the compiler finds Emmett in node_modules.
const root = path.resolve('.cache', 'bench-generate');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
writeFileSync(path.join(root, 'package.json'), '{ "type": "module", "private": true }\n');
const out = path.join(root, 'generated');
const thePlan = plan();
let report = applyPlan(thePlan, out, { mode: 'write', force: false });
const firstWrite = time(() => {
  rmSync(out, { recursive: true, force: true });
  report = applyPlan(thePlan, out, { mode: 'write', force: false });
});
const written = (r: typeof report) => r.files.filter((f) => f.action === 'written').length;
console.log(`writer, first run             ${ms(firstWrite)}   ${written(report)} files written`);
const secondWrite = time(() => {
  report = applyPlan(thePlan, out, { mode: 'write', force: false });
});
console.log(`writer, second run            ${ms(secondWrite)}   ${written(report)} files written`);

if (withTsc) {
  // The strict flags generated code promises (docs/code-generation.md).
  const tsconfig = {
    compilerOptions: {
      strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noUnusedLocals: true,
      noUnusedParameters: true, verbatimModuleSyntax: true, module: 'NodeNext', moduleResolution: 'NodeNext',
      target: 'ES2022', lib: ['ES2022'], skipLibCheck: true, types: ['node'], noEmit: true,
    },
    include: ['generated/**/*.ts'],
  };
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = path.resolve('node_modules', '.bin', 'tsc');
  let result: ReturnType<typeof spawnSync> | undefined;
  const compile = time(() => {
    result = spawnSync(tsc, ['-p', root], { encoding: 'utf8' });
  });
  const lines = String(result?.stdout ?? '').split('\n').filter((l) => l.includes('error'));
  console.log(`tsc --noEmit on the output    ${ms(compile)}   ${lines.length} errors${lines.length ? `: ${lines[0]}` : ''}`);
}
rmSync(root, { recursive: true, force: true });
