/**
 * Full validation against a bare YAML parse of the same text, run side by side.
 * Usage: npm run bench [-- elements=5000 rounds=15 shape=lean|rich|shop|all]
 * It runs the bundled build (the yaml build the CLI and the extension ship), not the sources.
 * Prints the median time of each and their ratio; the ratio is the figure to watch, since
 * absolute times vary from machine to machine.
 */
import { parse as parseYaml, parseDocument } from 'yaml';
import { parseModel, validateModel, validateModelText, YamlPieceCache } from '../src/core/index.js';
import { generateModel, type ModelShape } from './generateModel.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const elements = Number(args.elements ?? 5000);
const rounds = Number(args.rounds ?? 15);

const shapes: ModelShape[] = args.shape === 'lean' || args.shape === 'rich' || args.shape === 'shop' ? [args.shape] : ['lean', 'rich', 'shop'];
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const fastest = (xs: number[]) => sorted(xs)[0]!;
const time = (f: () => void) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
// Shared machines are noisy: the median is the figure, the fastest run shows the floor.
const show = (label: string, xs: number[], note = '') =>
  console.log(`${label.padEnd(34)} median ${median(xs).toFixed(1).padStart(7)} ms   fastest ${fastest(xs).toFixed(1).padStart(7)} ms${note}`);

for (const shape of shapes) {
  const text = generateModel(elements, shape);
  // The same model with one line changed near the middle, as after a keystroke in the editor.
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  const edited = [...lines.slice(0, middle), lines[middle] + ' # edited', ...lines.slice(middle + 1)].join('\n');
  // Warm up every path so the JIT has seen them before measuring.
  const first = validateModelText(text);
  if (first.diagnostics.length > 0) {
    console.error(`the generated model is not clean: ${first.diagnostics[0]!.code} ${first.diagnostics[0]!.message}`);
    process.exit(1);
  }
  parseYaml(text);
  const pieces = new YamlPieceCache();
  validateModel(parseModel(text, { pieces }));
  const { subset, yaml } = pieces.stats;

  const bare: number[] = [];
  const full: number[] = [];
  const edit: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate the order so neither side always runs on a warmer heap.
    if (i % 2 === 0) {
      bare.push(time(() => parseYaml(text)));
      full.push(time(() => validateModelText(text)));
    } else {
      full.push(time(() => validateModelText(text)));
      bare.push(time(() => parseYaml(text)));
    }
    // The editor's case: the previous parse's pieces are kept, one line changed since.
    edit.push(time(() => validateModel(parseModel(i % 2 === 0 ? edited : text, { pieces }))));
  }
  // For reference: yaml's document parse of the whole text, which the validator no longer runs
  // on large models (it parses them in pieces; see src/core/model/chunkedYaml.ts).
  const whole = Array.from({ length: Math.min(rounds, 7) }, () => time(() => parseDocument(text, { uniqueKeys: false })));

  console.log(`\n${shape} model: ${elements} elements, ${(text.length / 1024).toFixed(0)} KiB, ${lines.length} lines; ${rounds} rounds`);
  console.log(`pieces                             ${subset + yaml}: ${subset} read by the subset reader, ${yaml} by yaml`);
  show('bare yaml.parse', bare);
  show('yaml parseDocument, whole text', whole, '  (uniqueKeys off)');
  show('full validation', full);
  show('validation after a one-line edit', edit, '  (pieces kept, as in the editor)');
  console.log(`ratio validate/parse               ${(median(full) / median(bare)).toFixed(2)}x`);
}
