import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  SemanticTokensDeltaRequest, SemanticTokensRequest,
  type SemanticTokens, type SemanticTokensDelta, type SemanticTokensEdit,
} from 'vscode-languageserver/node';
import { generateModel } from '../../bench/generateModel.js';
import { modelSemanticTokens, parseModel, parseSamples, sampleSemanticTokens, SEMANTIC_TOKEN_TYPES, type ParsedModel, type SemanticToken } from '../../src/core/index.js';
import { diff, encode, SEMANTIC_TOKENS_LEGEND, SemanticTokensOfFiles } from '../../src/server/semanticTokens.js';
import { WorkspaceIndex } from '../../src/server/workspaceIndex.js';
import { readFixture } from './support/golden.js';
import { stdioWorkspace } from './support/stdioWorkspace.js';

/** The language server's semantic tokens: the core's tokens of the index's parse, whole or as edits of the last answer. */

/** Counts the parses of models' texts (a file new to the index is first registered empty), to see that the tokens reuse the index's. */
class CountingIndex extends WorkspaceIndex {
  modelParses = 0;
  protected override parseModelText(uri: string, text: string): ParsedModel {
    if (text !== '') this.modelParses++;
    return super.parseModelText(uri, text);
  }
}

/** `text:type[.declaration]` for each token of LSP data, decoded through the legend. */
function decode(data: readonly number[], text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, len, type, mods] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += dl;
    char = dl === 0 ? char + dc : dc;
    out.push(`${lines[line]!.slice(char, char + len)}:${SEMANTIC_TOKENS_LEGEND.tokenTypes[type]}${mods & 1 ? '.declaration' : ''}`);
  }
  return out;
}

function named(tokens: SemanticToken[], text: string): string[] {
  const lines = text.split('\n');
  return tokens.map((t) => `${lines[t.range.start.line]!.slice(t.range.start.character, t.range.end.character)}:${t.type}${t.declaration ? '.declaration' : ''}`);
}

function applyEdits(data: readonly number[], edits: readonly SemanticTokensEdit[]): number[] {
  const out = [...data];
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

describe('language server: semantic tokens', () => {
  const model = readFixture('samples/orders.events.yaml');
  const modelUri = 'file:///w/orders.events.yaml';

  it('has the core\'s legend, so each kind keeps its colour', () => {
    assert.deepEqual(SEMANTIC_TOKENS_LEGEND, { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: ['declaration'] });
  });

  it('answers with the core\'s tokens of a model, from the parse the index holds', () => {
    const index = new CountingIndex();
    index.openDocument(modelUri, model, 1);
    const tokens = new SemanticTokensOfFiles(index);
    const answer = tokens.full(modelUri);
    assert.deepEqual(decode(answer.data, model), named(modelSemanticTokens(parseModel(model).model), model));
    assert.ok(decode(answer.data, model).includes('Order:class.declaration'));
    // The check of the same text, and a second request, parse nothing again.
    index.get(modelUri);
    assert.deepEqual(tokens.full(modelUri).data, answer.data);
    assert.equal(index.modelParses, 1);
  });

  it('answers a delta request with the edits of the last answer, the same data once applied', () => {
    const index = new CountingIndex();
    index.openDocument(modelUri, model, 1);
    const tokens = new SemanticTokensOfFiles(index);
    const first = tokens.full(modelUri);
    assert.deepEqual((tokens.delta(modelUri, first.resultId!) as SemanticTokensDelta).edits, [], 'nothing changed');
    const edited = model.replace('PlaceOrder:', 'PlaceAnOrder:');
    index.openDocument(modelUri, edited, 2);
    const second = tokens.full(modelUri);
    index.openDocument(modelUri, model, 3);
    const delta = tokens.delta(modelUri, second.resultId!) as SemanticTokensDelta;
    assert.ok('edits' in delta);
    assert.deepEqual(applyEdits(second.data, delta.edits), tokens.full(modelUri).data);
    assert.equal(index.modelParses, 3, 'one parse per version');
    // An answer that is not the last sent: all the tokens.
    assert.ok('data' in tokens.delta(modelUri, first.resultId!));
  });

  it('sends a few numbers for an edit of a 5,000-element model', () => {
    const large = generateModel(5000, 'rich');
    const index = new WorkspaceIndex();
    const uri = 'file:///w/large.events.yaml';
    index.openDocument(uri, large, 1);
    const tokens = new SemanticTokensOfFiles(index);
    const first = tokens.full(uri);
    const at = large.lastIndexOf('aggregate: Account990\n') + 'aggregate: Acc'.length;
    index.openDocument(uri, `${large.slice(0, at)}o${large.slice(at)}`, 2);
    const delta = tokens.delta(uri, first.resultId!) as SemanticTokensDelta;
    const sent = delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0);
    assert.ok(first.data.length > 10_000, `${first.data.length} numbers in all`);
    assert.ok(sent <= 10, `${sent} numbers sent`);
  });

  it('colours the events of YAML sample files, and leaves JSON ones to their grammar', () => {
    const index = new WorkspaceIndex();
    const yaml = 'events:\n  - OrderPlaced: {}\n  - type: OrderShipped\n';
    index.openDocument('file:///w/orders.samples.yaml', yaml, 1);
    index.openDocument('file:///w/orders.samples.json', '{"events": [{"type": "OrderPlaced"}]}', 1);
    index.openDocument('file:///w/orders.samples.jsonl', '{"type": "OrderPlaced", "data": {}}\n', 1);
    const tokens = new SemanticTokensOfFiles(index);
    assert.deepEqual(decode(tokens.full('file:///w/orders.samples.yaml').data, yaml), named(sampleSemanticTokens(parseSamples(yaml, 'x.samples.yaml')), yaml));
    assert.deepEqual(decode(tokens.full('file:///w/orders.samples.yaml').data, yaml), ['OrderPlaced:event', 'OrderShipped:event']);
    assert.deepEqual(tokens.full('file:///w/orders.samples.json').data, []);
    assert.deepEqual(tokens.full('file:///w/orders.samples.jsonl').data, []);
    assert.deepEqual(tokens.full('file:///w/unknown.events.yaml').data, []);
  });

  it('encodes tokens relative to the one before, and diffs data into one edit', () => {
    const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
    assert.deepEqual(
      encode([
        { range: range(0, 0, 6), type: 'keyword', declaration: false },
        { range: range(0, 8, 10), type: 'event', declaration: true },
        { range: range(2, 4, 5), type: 'operator', declaration: false },
      ]),
      [0, 0, 6, 0, 0, 0, 8, 2, 4, 1, 2, 4, 1, 7, 0],
    );
    assert.deepEqual(diff([1, 2, 3, 4], [1, 2, 3, 4]), []);
    assert.deepEqual(diff([1, 2, 3, 4], [1, 9, 3, 4]), [{ start: 1, deleteCount: 1, data: [9] }]);
    assert.deepEqual(diff([1, 2, 3], [1, 2, 3, 4, 5]), [{ start: 3, deleteCount: 0, data: [4, 5] }]);
    assert.deepEqual(diff([1, 1, 1], [1, 1]), [{ start: 2, deleteCount: 1, data: [] }]);
    for (const [a, b] of [[[1, 2, 1], [1]], [[5], [5, 5, 5]], [[], [1]], [[1, 2], []]] as Array<[number[], number[]]>) {
      assert.deepEqual(applyEdits(a, diff(a, b)), b, `${a} -> ${b}`);
    }
  });
});

describe('language server over stdio: semantic tokens', function () {
  this.timeout(60000);
  const workspace = stdioWorkspace('test/fixtures/language-server', 'tokens');

  it('offers full and delta semantic tokens with the core\'s legend, and answers both', async () => {
    const started = await workspace.start();
    const { editor } = started;
    const dir = workspace.dir;
    assert.deepEqual(started.result.capabilities.semanticTokensProvider, { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: false });
    const uri = pathToFileURL(path.join(dir, 'orders.events.yaml')).href;
    const text = readFileSync(path.join(dir, 'orders.events.yaml'), 'utf8');
    await editor.open(uri, text, 1);
    const full = (await editor.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } })) as SemanticTokens;
    assert.deepEqual(decode(full.data, text), named(modelSemanticTokens(parseModel(text).model), text));
    const line = text.split('\n').findIndex((l) => l.startsWith('commands:'));
    await editor.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '# a comment\n' }]);
    const delta = (await editor.connection.sendRequest(SemanticTokensDeltaRequest.type, { textDocument: { uri }, previousResultId: full.resultId! })) as SemanticTokensDelta;
    const edited = text.split('\n');
    edited.splice(line, 0, '# a comment');
    assert.deepEqual(decode(applyEdits(full.data, delta.edits), edited.join('\n')), decode(full.data, text));
    assert.equal(await editor.stop(), 0);
  });
});
