/**
 * Full validation against a bare YAML parse of the same text, run side by side.
 * Usage: npm run bench [-- elements=5000 rounds=15 shape=lean|rich|both]
 * It runs the bundled build (the yaml build the CLI and the extension ship), not the sources.
 * Prints the median time of each and their ratio; the ratio is the figure to watch, since
 * absolute times vary from machine to machine.
 */
import { parse as parseYaml, parseDocument } from 'yaml';
import { validateModelText } from '../src/core/index.js';
import { generateModel, type ModelShape } from './generateModel.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const elements = Number(args.elements ?? 5000);
const rounds = Number(args.rounds ?? 15);

const shapes: ModelShape[] = args.shape === 'lean' || args.shape === 'rich' ? [args.shape] : ['lean', 'rich'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[process.env.BENCH_MIN ? 0 : Math.floor(xs.length / 2)]!;
const time = (f: () => void) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

for (const shape of shapes) {
  const text = generateModel(elements, shape);
  // Warm up both paths so the JIT has seen them before measuring.
  const first = validateModelText(text);
  if (first.diagnostics.length > 0) {
    console.error(`the generated model is not clean: ${first.diagnostics[0]!.code} ${first.diagnostics[0]!.message}`);
    process.exit(1);
  }
  parseYaml(text);

  const bare: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate the order so neither side always runs on a warmer heap.
    if (i % 2 === 0) {
      bare.push(time(() => parseYaml(text)));
      full.push(time(() => validateModelText(text)));
    } else {
      full.push(time(() => validateModelText(text)));
      bare.push(time(() => parseYaml(text)));
    }
  }

  const b = median(bare);
  const f = median(full);
  // For reference: the parse step alone as the validator calls it (one linear duplicate-key pass
  // replaces yaml's quadratic uniqueKeys check), so the rest of the gap is the checks themselves.
  const d = median(Array.from({ length: 5 }, () => time(() => parseDocument(text, { uniqueKeys: false }))));
  console.log(`\n${shape} model: ${elements} elements, ${(text.length / 1024).toFixed(0)} KiB, ${text.split('\n').length} lines; ${rounds} rounds`);
  console.log(`bare yaml parse      median ${b.toFixed(1)} ms`);
  console.log(`parse step alone     median ${d.toFixed(1)} ms (parseDocument, uniqueKeys off)`);
  console.log(`full validation      median ${f.toFixed(1)} ms`);
  console.log(`ratio validate/parse ${(f / b).toFixed(2)}x`);
}
