import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, CodeLensRequest, CodeLensResolveRequest, CompletionRequest, DefinitionRequest, DidChangeWatchedFilesNotification, FileChangeType, HoverRequest,
  PrepareRenameRequest, ReferencesRequest, RenameRequest,
  type CodeAction, type CompletionItem, type Diagnostic, type Hover, type MarkupContent, type CompletionList, type Location, type LocationLink, type Position, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { ROOT } from './support/golden.js';
import { StdioEditor } from './support/stdioEditor.js';

/**
 * The language server driven over stdio as Neovim or Helix drive it, with no VS Code anywhere:
 * `node dist/server.js --stdio` (built by `npm run build`), initialize with a workspace folder,
 * open a model, wait for its diagnostics, ask for completion, a definition and a rename, and
 * shut down.
 */

const SERVER = path.join(ROOT, 'dist/server.js');

/** The position of the `nth` occurrence of `needle` in `text`, `inside` characters into it. */
function positionOf(text: string, needle: string, inside = 0, nth = 1): Position {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' is not in the text ${nth} times`);
  }
  const offset = at + inside;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

describe('language server over stdio', function () {
  this.timeout(60000);
  let dir: string;
  let editor: StdioEditor | undefined;
  let modelUri: string;
  let samplesUri: string;
  let model: string;
  let finding: Diagnostic | undefined;

  before(function () {
    if (!existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first');
    dir = mkdtempSync(path.join(tmpdir(), 'ems-lsp-'));
    cpSync(path.join(ROOT, 'test/fixtures/language-server'), dir, { recursive: true });
    modelUri = pathToFileURL(path.join(dir, 'orders.events.yaml')).href;
    samplesUri = pathToFileURL(path.join(dir, 'orders.samples.yaml')).href;
    // A misspelt event in CancelOrder's `emits`: the diagnostic the test waits for.
    model = readFileSync(path.join(dir, 'orders.events.yaml'), 'utf8').replace('emits: [OrderCancelled]', 'emits: [OrderCancelld]');
  });

  after(() => {
    editor?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('initializes and indexes the workspace folder', async () => {
    const started = await StdioEditor.start(SERVER, dir);
    editor = started.editor;
    const caps = started.result.capabilities;
    assert.ok(caps.textDocumentSync, 'document sync');
    for (const cap of ['completionProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'codeLensProvider', 'hoverProvider', 'codeActionProvider'] as const) {
      assert.ok(caps[cap], `${cap} is offered`);
    }
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: true }, 'lenses resolved one by one');
    assert.equal(await editor.until(() => editor!.indexedFiles), 2, 'the model and its sample file');
  });

  it('publishes the diagnostics of an opened model at their range', async () => {
    await editor!.open(modelUri, model, 1);
    const { diagnostics } = await editor!.diagnosticsFor(modelUri, 1);
    // One error; OrderCancelled, emitted by nothing now, is also reported (information).
    const errors = diagnostics.filter((d) => d.severity === 1);
    assert.equal(errors.length, 1, JSON.stringify(diagnostics));
    const d = errors[0]!;
    finding = d;
    assert.equal(d.code, 'unknown-event');
    assert.match(d.message, /Did you mean 'OrderCancelled'\?/);
    assert.equal(d.source, 'event-model');
    assert.equal(d.severity, 1);
    const start = positionOf(model, 'OrderCancelld');
    assert.deepEqual(d.range, { start, end: { line: start.line, character: start.character + 'OrderCancelld'.length } });
  });

  it('checks an opened sample file against the model, and again when the model changes', async () => {
    const samples = readFileSync(path.join(dir, 'orders.samples.yaml'), 'utf8');
    await editor!.open(samplesUri, samples, 1);
    assert.deepEqual((await editor!.diagnosticsFor(samplesUri, 1)).diagnostics, []);
    // The model no longer declares OrderCancelled: the open sample file's event is unknown now.
    const from = editor!.published.length;
    const at = positionOf(model, 'OrderCancelled:', 0, 2);
    await editor!.change(modelUri, 2, [{ range: { start: at, end: { line: at.line, character: at.character + 'OrderCancelled'.length } }, text: 'OrderWithdrawn' }]);
    const rechecked = await editor!.until(() => editor!.published.slice(from).find((p) => p.uri === samplesUri && p.diagnostics.length > 0));
    assert.deepEqual(rechecked.diagnostics.map((d) => d.code), ['sample-unknown-event']);
    // Put the model back as it was opened (version 3), with its one finding.
    await editor!.change(modelUri, 3, [{ text: model }]);
    assert.deepEqual((await editor!.diagnosticsFor(modelUri, 3)).diagnostics.map((d) => d.code), ['unknown-event', 'event-not-produced']);
  });

  it('completes an event name in emits', async () => {
    const position = positionOf(model, 'OrderCancelld', 'Order'.length);
    const answer = (await editor!.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: modelUri }, position })) as CompletionItem[] | CompletionList | null;
    const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('OrderCancelled'), labels.join(', '));
    assert.ok(labels.includes('OrderPlaced'), labels.join(', '));
  });

  it('hovers over an element, and over a finding with what its code means', async () => {
    const onEvent = (await editor!.connection.sendRequest(HoverRequest.type, { textDocument: { uri: modelUri }, position: positionOf(model, 'OrderPlaced:', 3, 2) })) as Hover | null;
    assert.match((onEvent?.contents as MarkupContent).value, /OrderPlaced/);
    const onFinding = (await editor!.connection.sendRequest(HoverRequest.type, { textDocument: { uri: modelUri }, position: positionOf(model, 'OrderCancelld', 3) })) as Hover | null;
    assert.match((onFinding?.contents as MarkupContent).value, /unknown-event/);
  });

  it('offers the suggested name as a quick fix of the finding, and a fix-all of the file', async () => {
    const actions = (await editor!.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: modelUri },
      range: finding!.range,
      context: { diagnostics: [finding!] },
    })) as CodeAction[] | null;
    const fix = actions?.find((a) => a.kind === 'quickfix' && a.edit?.changes?.[modelUri]?.some((e) => e.newText === 'OrderCancelled'));
    assert.ok(fix, JSON.stringify(actions?.map((a) => a.title)));
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['unknown-event']);
    const all = (await editor!.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: modelUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[] | null;
    assert.deepEqual(all?.map((a) => a.kind), ['source.fixAll']);
  });

  it('lists reference lenses without counts, and resolves the one on screen to its count and places', async () => {
    const lenses = await editor!.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: modelUri } });
    assert.ok(lenses && lenses.length > 0);
    assert.ok(lenses.every((l) => l.command === undefined && l.data !== undefined), 'no command until resolved');
    const declared = positionOf(model, 'OrderPlaced:', 0, 2);
    const lens = lenses.find((l) => l.range.start.line === declared.line)!;
    assert.ok(lens, 'a lens above OrderPlaced');
    const resolved = await editor!.connection.sendRequest(CodeLensResolveRequest.type, lens);
    assert.match(resolved.command?.title ?? '', /^\d+ references?$/);
    assert.equal(resolved.command?.command, 'eventModel.showReferences');
    const places = resolved.command!.arguments![2] as Location[];
    assert.equal(places.length, Number(resolved.command!.title.split(' ')[0]));
    assert.ok(places.some((p) => p.uri === samplesUri), 'the sample file\'s uses too');
    // The data names the file by a number, not by its URI (repeated in every lens of a large model).
    assert.ok(lenses.every((l) => !JSON.stringify(l.data).includes('file:')), JSON.stringify(lens.data));
    // A lens listed by another server (one since restarted): no count, nothing to click.
    const [, kind, name] = lens.data as [number, string, string];
    const stranger = await editor!.connection.sendRequest(CodeLensResolveRequest.type, { range: lens.range, data: [1_000_000, kind, name] });
    assert.deepEqual(stranger.command, { title: '', command: '' });
  });

  it('goes to the definition of a command from a scenario', async () => {
    const position = positionOf(model, 'PlaceOrder: {', 3);
    const answer = (await editor!.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: modelUri }, position })) as Location[] | LocationLink[] | Location | null;
    const list = answer === null ? [] : Array.isArray(answer) ? answer : [answer];
    assert.equal(list.length, 1, JSON.stringify(answer));
    const target = list[0]! as Location;
    assert.equal(target.uri, modelUri);
    const declared = positionOf(model, '  PlaceOrder:\n', 2);
    assert.deepEqual(target.range.start, declared);
  });

  it('renames an event in the model and in the sample file no editor has open', async () => {
    await editor!.connection.sendNotification('textDocument/didClose', { textDocument: { uri: samplesUri } });
    const position = positionOf(model, 'OrderPlaced', 2, 2); // in `emits` of PlaceOrder
    const prepared = (await editor!.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: modelUri }, position })) as { placeholder: string } | null;
    assert.equal(prepared?.placeholder, 'OrderPlaced');
    const edit = (await editor!.connection.sendRequest(RenameRequest.type, { textDocument: { uri: modelUri }, position, newName: 'OrderSubmitted' })) as WorkspaceEdit | null;
    const changes = edit?.changes ?? {};
    assert.deepEqual(Object.keys(changes).sort(), [modelUri, samplesUri].sort());
    // Every OrderPlaced of the model: the evolve rule, emits, the event, the scenario's then.
    assert.equal(changes[modelUri]!.length, model.split('OrderPlaced').length - 1);
    const samples = readFileSync(path.join(dir, 'orders.samples.yaml'), 'utf8');
    const inSamples = positionOf(samples, 'OrderPlaced');
    assert.deepEqual(changes[samplesUri], [{ range: { start: inSamples, end: { line: inSamples.line, character: inSamples.character + 'OrderPlaced'.length } }, newText: 'OrderSubmitted' }]);
    // A name that is not an identifier is refused, with the reason.
    await assert.rejects(
      editor!.connection.sendRequest(RenameRequest.type, { textDocument: { uri: modelUri }, position, newName: 'Order Submitted' }),
      (e: Error) => e.message.length > 0,
    );
  });

  it('indexes a sample file created on disk when told of it by a file event', async () => {
    const created = path.join(dir, 'orders.more.samples.yaml');
    writeFileSync(created, 'events:\n  - OrderCancelled: { orderId: 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f }\n');
    const createdUri = pathToFileURL(created).href;
    await editor!.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: createdUri, type: FileChangeType.Created }] });
    const position = positionOf(model, 'OrderCancelled:', 2, 2); // the event's declaration
    // The server reads the new file from disk after the event: ask until its answer has it.
    let files = new Set<string>();
    for (let attempt = 0; attempt < 1000 && !files.has(createdUri); attempt++) {
      const refs = (await editor!.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: modelUri }, position, context: { includeDeclaration: false } })) ?? [];
      files = new Set(refs.map((r) => r.uri));
    }
    assert.deepEqual([...files].sort(), [createdUri, modelUri, samplesUri].sort());
  });

  it('answers every request on bad input and at positions outside the text, and keeps running', async () => {
    const bad = [
      'a: &a [*a, *a]\n\t- ]]] {{{\n__proto__: { __proto__: 1 }\n',
      '\u0000\u0001\uFFFD binary \u0000',
      `version: 1\ncontext: ${'x'.repeat(20000)}\nevents: {${Array.from({ length: 300 }, (_, i) => `E${i}: {}`).join(', ')}}\n`,
    ];
    const uri = pathToFileURL(path.join(dir, 'bad.events.yaml')).href;
    for (const [i, text] of bad.entries()) {
      if (i === 0) await editor!.open(uri, text, 1);
      else await editor!.change(uri, i + 1, [{ text }]);
      await editor!.diagnosticsFor(uri, i + 1);
      for (const position of [{ line: 0, character: 0 }, { line: 1, character: 3 }, { line: 2, character: 10000 }, { line: 9999, character: 5 }]) {
        const at = { textDocument: { uri }, position };
        await editor!.connection.sendRequest(CompletionRequest.type, at);
        await editor!.connection.sendRequest(HoverRequest.type, at);
        await editor!.connection.sendRequest(DefinitionRequest.type, at);
        await editor!.connection.sendRequest(ReferencesRequest.type, { ...at, context: { includeDeclaration: true } });
        await editor!.connection.sendRequest(PrepareRenameRequest.type, at).catch(() => null);
        await editor!.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
      }
    }
    await editor!.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.equal(editor!.process.exitCode, null, 'still running');
    assert.deepEqual(editor!.errors, [], 'no feature failed');
  });

  it('shuts down and exits with 0', async () => {
    assert.equal(await editor!.stop(), 0);
    editor = undefined;
  });
});
