/**
 * Keystroke to diagnostics through the language server, beside the same models checked in
 * process as the extension host checked them before the server (the cost of each edit on the
 * host), the outline and reference counts the editor asks for after each edit, and completion,
 * hover and references at the end of the large model.
 * Usage: npm run bench:server [-- sizes=500,5000 rounds=15 shape=rich|lean|shop]
 *
 * The server runs as an editor runs it (`node dist/server.js --stdio`, built by `npm run build`),
 * with its debounce set to 0 by an initialization option, so the times are net of any debounce:
 * from the edit sent to its diagnostics received, parse and checks included. Each edit changes
 * one line near the middle of the model (as a keystroke does), alternately adding and taking out
 * a comment. Completion is timed twice: on a text already checked, and right after a keystroke
 * with the server's default debounce (the editor's case while typing: the completion request
 * comes before the check starts).
 *
 * After each edit's diagnostics the editor asks again for the outline (`documentSymbol`) and the
 * reference counts (`codeLens`) of the new text: both are timed that way (the first request after
 * an edit reads the new parse), and again on a text already asked about.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLensRequest, CodeLensResolveRequest, CompletionRequest, DocumentSymbolRequest, HoverRequest, ReferencesRequest,
  type CompletionItem, type CompletionList, type Position,
} from 'vscode-languageserver/node';
import { parseModel, validateModel, YamlPieceCache } from '../src/core/index.js';
import { MemoryFileIndex } from '../src/core/language/fileIndex.js';
import { codeLenses, documentSymbols } from '../src/core/language/symbols.js';
import { StdioEditor } from '../test/unit/support/stdioEditor.js';
import { generateModel, type ModelShape } from './generateModel.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const sizes = (args.sizes ?? '500,5000').split(',').map(Number);
const rounds = Number(args.rounds ?? 15);
const shape: ModelShape = args.shape === 'lean' || args.shape === 'shop' ? args.shape : 'rich';
const server = path.join(__dirname, '..', 'server.js');

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const fastest = (xs: number[]) => sorted(xs)[0]!;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const show = (label: string, xs: number[], note = '') =>
  console.log(`  ${label.padEnd(46)} median ${median(xs).toFixed(1).padStart(7)} ms   fastest ${fastest(xs).toFixed(1).padStart(7)} ms${note}`);

/** The one-line edit of round `i`: a comment added at the end of the middle line, then taken out. */
function editOf(lines: string[], i: number): { range: { start: Position; end: Position }; text: string } {
  const line = Math.floor(lines.length / 2);
  const end = lines[line]!.length;
  const mark = ' # edited';
  return i % 2 === 0
    ? { range: { start: { line, character: end }, end: { line, character: end } }, text: mark }
    : { range: { start: { line, character: end }, end: { line, character: end + mark.length } }, text: '' };
}

/** The outline and the reference counts computed in process on each edit's new parse (the server's own part of a request). */
function featuresInProcess(text: string): { symbols: number[]; lenses: number[] } {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  const edited = [...lines.slice(0, middle), lines[middle] + ' # edited', ...lines.slice(middle + 1)].join('\n');
  const uri = 'file:///bench/bench.events.yaml';
  const index = new PiecesIndex();
  index.set(uri, text);
  const symbols: number[] = [];
  const lenses: number[] = [];
  for (let i = 0; i < rounds; i++) {
    index.set(uri, i % 2 === 0 ? edited : text);
    let t = now();
    documentSymbols(index, uri);
    symbols.push(now() - t);
    t = now();
    codeLenses(index, uri);
    lenses.push(now() - t);
  }
  return { symbols, lenses };
}

/** An index that keeps each model's pieces, as the server's does, so an edit parses only the lines around it. */
class PiecesIndex extends MemoryFileIndex {
  private readonly pieces = new YamlPieceCache();
  protected override parseModelText(_uri: string, text: string): ReturnType<typeof parseModel> {
    return parseModel(text, { pieces: this.pieces });
  }
}

/** The host's cost before the server: the model parsed (its pieces kept) and checked on each edit. */
function inProcess(text: string): number[] {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  const edited = [...lines.slice(0, middle), lines[middle] + ' # edited', ...lines.slice(middle + 1)].join('\n');
  const pieces = new YamlPieceCache();
  validateModel(parseModel(text, { pieces }));
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = now();
    validateModel(parseModel(i % 2 === 0 ? edited : text, { pieces }));
    out.push(now() - t);
  }
  return out;
}

function labelsOf(answer: CompletionItem[] | CompletionList | null): string[] {
  return (Array.isArray(answer) ? answer : (answer?.items ?? [])).map((i) => i.label);
}

async function throughServer(text: string, dir: string, completionAtEnd: boolean): Promise<void> {
  const file = path.join(dir, 'bench.events.yaml');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const lines = text.split('\n');
  const { editor } = await StdioEditor.start(server, dir, { initializationOptions: { debounceMs: 0 } });
  try {
    let t = now();
    await editor.open(uri, text, 1);
    const first = await editor.diagnosticsFor(uri, 1);
    const opened = now() - t;
    if (first.diagnostics.length > 0) throw new Error(`the generated model is not clean: ${first.diagnostics[0]!.code} ${first.diagnostics[0]!.message}`);
    console.log(`  ${'open: first diagnostics'.padEnd(46)} ${opened.toFixed(1).padStart(14)} ms   (whole parse and checks)`);
    let version = 1;
    // Warm-up edits for the server's JIT, as the in-process side had its own run: at least as
    // many as measured ones and for at least three seconds (a fresh process needs that many).
    let warm = 0;
    for (const until = now() + 3000; warm < 200 && (warm < rounds || now() < until); warm++) {
      const from = editor.published.length;
      await editor.change(uri, ++version, [editOf(lines, warm)]);
      await editor.diagnosticsFor(uri, version, from);
    }
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const from = editor.published.length;
      t = now();
      await editor.change(uri, ++version, [editOf(lines, i + warm)]);
      await editor.diagnosticsFor(uri, version, from);
      times.push(now() - t);
    }
    show('edit -> diagnostics, through the server', times, '  (debounce 0)');

    // The outline and the reference counts, as the editor asks for them after each edit.
    const textDocument = { uri };
    const outline = () => editor.connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
    const lenses = () => editor.connection.sendRequest(CodeLensRequest.type, { textDocument });
    const timed = async (ask: () => Promise<unknown>): Promise<number> => {
      const start = now();
      await ask();
      return now() - start;
    };
    const symbolsAfterEdit: number[] = [];
    const lensesAfterEdit: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const from = editor.published.length;
      await editor.change(uri, ++version, [editOf(lines, i + warm + rounds)]);
      await editor.diagnosticsFor(uri, version, from);
      // Alternately first, as the editor sends them in either order.
      if (i % 2 === 0) {
        symbolsAfterEdit.push(await timed(outline));
        lensesAfterEdit.push(await timed(lenses));
      } else {
        lensesAfterEdit.push(await timed(lenses));
        symbolsAfterEdit.push(await timed(outline));
      }
    }
    const outlineAnswer = (await outline()) ?? [];
    const lensAnswer = (await lenses()) ?? [];
    const sections = outlineAnswer.length;
    const lensCount = lensAnswer.length;
    // What the editor receives and converts: the answers' sizes as JSON, and one lens resolved.
    const countSymbols = (list: readonly { children?: readonly unknown[] }[]): number => list.reduce((n, x) => n + 1 + countSymbols((x.children ?? []) as { children?: unknown[] }[]), 0);
    const kb = (x: unknown) => `${(JSON.stringify(x).length / 1024).toFixed(0)} KB`;
    const resolveOne = () => editor.connection.sendRequest(CodeLensResolveRequest.type, lensAnswer[Math.floor(lensCount / 2)]!);
    const resolved = await resolveOne();
    console.log(`  answers: outline ${countSymbols(outlineAnswer as { children?: unknown[] }[])} symbols, ${kb(outlineAnswer)}; lenses ${lensCount}, ${kb(lensAnswer)}; one resolved lens ${kb(resolved)} ('${resolved.command?.title ?? ''}')`);
    const resolveTimes: number[] = [];
    for (let i = 0; i < rounds; i++) resolveTimes.push(await timed(resolveOne));
    const symbolsSettled: number[] = [];
    const lensesSettled: number[] = [];
    for (let i = 0; i < rounds; i++) {
      symbolsSettled.push(await timed(outline));
      lensesSettled.push(await timed(lenses));
    }
    show(`documentSymbol after an edit (${sections} sections)`, symbolsAfterEdit, '  (a new parse)');
    show('documentSymbol again', symbolsSettled, '  (text already asked about)');
    show(`codeLens after an edit (${lensCount} lenses)`, lensesAfterEdit, '  (a new parse)');
    show('codeLens again', lensesSettled, '  (text already asked about)');
    show('codeLens/resolve of one lens', resolveTimes, '  (text already asked about)');
    // The first thing the editor's side does with an answer, on its one thread: parse its JSON
    // (timed here, in this process, as a yardstick of the answers' weight).
    const parsing = (answer: unknown) => {
      const json = JSON.stringify(answer);
      const out: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = now();
        JSON.parse(json);
        out.push(now() - t0);
      }
      return out;
    };
    show('JSON.parse of the outline answer', parsing(outlineAnswer), '  (what the client takes in)');
    show('JSON.parse of the lenses answer', parsing(lensAnswer), '  (what the client takes in)');

    // As the editor types: the outline and the lenses asked for right after each edit, before its
    // diagnostics come; the check waits for them.
    const withRequests: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const from = editor.published.length;
      t = now();
      await editor.change(uri, ++version, [editOf(lines, i + warm + 2 * rounds)]);
      const asked = Promise.all([outline(), lenses()]);
      await editor.diagnosticsFor(uri, version, from);
      withRequests.push(now() - t);
      await asked;
    }
    show('edit -> diagnostics, outline and lenses asked', withRequests, '  (debounce 0)');
    if (!completionAtEnd) return;

    // Completion at the end of the model: an event of the last scenario, its name begun.
    const typed = '        - MoneyDep';
    const last = lines.length - 1; // the text ends with a newline: the last line is empty
    const from = editor.published.length;
    await editor.change(uri, ++version, [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: typed }]);
    await editor.diagnosticsFor(uri, version, from);
    const position = { line: last, character: typed.length };
    const complete = () => editor.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) as Promise<CompletionItem[] | CompletionList | null>;
    const offered = labelsOf(await complete()).length;
    const settled: number[] = [];
    for (let i = 0; i < rounds; i++) {
      t = now();
      await complete();
      settled.push(now() - t);
    }
    show(`completion at the end (${offered} items)`, settled, '  (text already checked)');

    // Hover and references on the last scenario's event (its name written out in full there).
    let eventLine = lines.length - 1;
    while (eventLine > 0 && !/^\s+- [A-Za-z]\w*:/.test(lines[eventLine]!)) eventLine--;
    const name = /^\s+- ([A-Za-z]\w*):/.exec(lines[eventLine]!);
    if (!name) throw new Error('no event written in a list at the end of the model');
    const on = { textDocument, position: { line: eventLine, character: lines[eventLine]!.indexOf(name[1]!) + 2 } };
    const hovers: number[] = [];
    const found: number[] = [];
    let places = 0;
    for (let i = 0; i < rounds; i++) {
      hovers.push(await timed(() => editor.connection.sendRequest(HoverRequest.type, on)));
      const start = now();
      places = ((await editor.connection.sendRequest(ReferencesRequest.type, { ...on, context: { includeDeclaration: true } })) ?? []).length;
      found.push(now() - start);
    }
    // References right after an edit: the first request on a new parse walks the whole model.
    const foundAfterEdit: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const from = editor.published.length;
      await editor.change(uri, ++version, [editOf(lines, i + warm + 3 * rounds)]);
      await editor.diagnosticsFor(uri, version, from);
      foundAfterEdit.push(await timed(() => editor.connection.sendRequest(ReferencesRequest.type, { ...on, context: { includeDeclaration: true } })));
    }
    show(`hover at the end (${name[1]})`, hovers, '  (text already checked)');
    show(`references at the end (${places} places)`, found, '  (text already checked)');
    show('references at the end after an edit', foundAfterEdit, '  (a new parse: the whole walk)');
  } finally {
    await editor.stop();
  }
}

/** Completion right after each keystroke, with the server's default debounce: what typing feels like. */
async function completionWhileTyping(text: string, dir: string): Promise<void> {
  const file = path.join(dir, 'typing.events.yaml');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const last = text.split('\n').length - 1;
  const { editor } = await StdioEditor.start(server, dir);
  try {
    await editor.open(uri, text, 1);
    await editor.diagnosticsFor(uri, 1);
    let version = 1;
    const typed = '        - ';
    await editor.change(uri, ++version, [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: typed }]);
    let column = typed.length;
    const word = 'MoneyDeposited';
    const times: number[] = [];
    for (let i = 0; i < Math.min(rounds, word.length); i++) {
      const t = now();
      await editor.change(uri, ++version, [{ range: { start: { line: last, character: column }, end: { line: last, character: column } }, text: word[i]! }]);
      column++;
      await editor.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: last, character: column } });
      times.push(now() - t);
    }
    show('keystroke + completion at the end', times, '  (default debounce: the check waits)');
  } finally {
    await editor.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ems-bench-'));
  try {
    const largest = Math.max(...sizes);
    for (const elements of sizes) {
      const text = generateModel(elements, shape);
      console.log(`\n${shape} model: ${elements} elements, ${(text.length / 1024).toFixed(0)} KiB, ${text.split('\n').length} lines; ${rounds} rounds`);
      // Side by side: the host's cost per edit before the server, then the same edits through it.
      inProcess(text); // warm-up
      show('edit -> diagnostics, in process (before)', inProcess(text), '  (the host, blocked)');
      featuresInProcess(text); // warm-up
      const inside = featuresInProcess(text);
      show('documentSymbol, in process', inside.symbols, '  (on each edit\'s new parse)');
      show('codeLens, in process', inside.lenses, '  (on each edit\'s new parse)');
      await throughServer(text, dir, elements === largest);
      if (elements === largest) await completionWhileTyping(text, dir);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
