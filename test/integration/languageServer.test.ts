// The language server inside VS Code: its features reached through VS Code's own commands (the
// same requests the editor makes when typing, clicking and renaming), on a copy of the cart example.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EventModelApi } from '../../src/extension/extension';
import { generateModel } from '../../bench/generateModel';
import { activateExtension, codeOf, formatDiagnostics, readRepoFile, waitFor, waitForDiagnostics, writeWorkspaceFile } from './support';

const CART = readRepoFile('examples/cart/cart.events.yaml');
const CART_SAMPLES = readRepoFile('examples/cart/cart.samples.yaml');

/** Resolves at the next publication of `uri`'s findings (set up before the change that causes it). */
function nextCheck(api: EventModelApi, uri: vscode.Uri, what: string): Promise<vscode.Uri> {
  let seen = false;
  const subscription = api.onDidValidate((u) => {
    if (u.toString() === uri.toString()) seen = true;
  });
  return waitFor(what, () => seen && uri, [api.onDidValidate], 30_000).finally(() => subscription.dispose());
}

/**
 * Measures how long the extension host's event loop was held at a stretch: a 1 ms interval
 * notes each gap between its turns. A gap counts for the CPU time the host's thread used in it,
 * when that is less: on a busy machine the host also waits for a CPU, which is not its own work.
 * The thread's own time where Node tells it (`process.threadCpuUsage`, Node 23.9 and later): the process's would add its other threads
 * (the garbage collector's helpers) working alongside. `stop()` counts the gap still open, so a
 * task that runs right before it (the one that published a finding, say) counts too.
 */
function hostStalls(): { stop(): number; mark(at: number): void; marked(): number; unmarked(): number } {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage ?? (() => process.cpuUsage());
  const cpuMs = () => {
    const { user, system } = usage.call(process);
    return (user + system) / 1000;
  };
  let last = performance.now();
  let lastCpu = cpuMs();
  /** Each gap: how busy, when it ended, and whether `mark()` claimed it. */
  const gaps: Array<{ busy: number; end: number; marked: boolean }> = [];
  let claimNext = false;
  const gap = () => {
    const now = performance.now();
    const cpu = cpuMs();
    gaps.push({ busy: Math.min(now - last, cpu - lastCpu), end: now, marked: claimNext });
    claimNext = false;
    last = now;
    lastCpu = cpu;
  };
  const timer = setInterval(gap, 1);
  const longest = (pick: (g: (typeof gaps)[number]) => boolean) => gaps.filter(pick).reduce((m, g) => Math.max(m, g.busy), 0);
  return {
    stop() {
      clearInterval(timer);
      gap();
      return longest(() => true);
    },
    /** Claims the stretch that held the moment `at` (when something was taken in), and the next from now (handing it on). */
    mark(at: number) {
      const held = gaps.find((g) => g.end >= at);
      if (held) held.marked = true;
      claimNext = true;
    },
    marked: () => longest((g) => g.marked),
    unmarked: () => longest((g) => !g.marked),
  };
}

/**
 * Resolves once the editor's own outline and lenses of `version` of the file have come from the
 * server and been handed on (set up before the edit); `onOutline` is told, as any outline of the
 * file is handed on, when the host took it in.
 */
function editorAnswers(api: EventModelApi, uri: vscode.Uri, version: number, onOutline: (receivedAt: number) => void): Promise<void> {
  const seen = new Set<string>();
  const subscription = api.onDidServerAnswer((a) => {
    if (a.uri.toString() !== uri.toString()) return;
    if (a.request === 'documentSymbol') onOutline(a.receivedAt);
    if (a.version === version) seen.add(a.request);
  });
  return waitFor(`the editor's outline and lenses of version ${version}`, () => (seen.has('documentSymbol') && seen.has('codeLens')) || undefined, [api.onDidServerAnswer], 30_000, () => `seen: ${[...seen].join(', ')}`)
    .then(() => undefined)
    .finally(() => subscription.dispose());
}

/** One turn of the event loop: what an answer handed on set going (VS Code's own conversion and message) has run. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Figures as `median M ms, max N ms`. */
function spread(figures: readonly number[], digits = 0): string {
  const sorted = [...figures].sort((a, b) => a - b);
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return `median ${median.toFixed(digits)} ms, max ${sorted[sorted.length - 1]!.toFixed(digits)} ms`;
}

/** Opens a model (or sample file) written for the test and waits until the server has checked it. */
async function openChecked(api: EventModelApi, relative: string, text: string): Promise<vscode.TextEditor> {
  const uri = await writeWorkspaceFile(relative, text);
  const checked = nextCheck(api, uri, `the server to check ${relative}`);
  const editor = await vscode.window.showTextDocument(uri);
  await checked;
  return editor;
}

/** The position `offset` characters into the first occurrence of `marker` in the document. */
function positionOf(doc: vscode.TextDocument, marker: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(marker);
  assert.ok(at >= 0, `'${marker}' is in ${doc.uri.path}`);
  return doc.positionAt(at + offset);
}

function rangeOf(target: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in target ? { uri: target.targetUri, range: target.targetSelectionRange ?? target.targetRange } : target;
}

suite('language server', () => {
  test('completion in `emits` offers the model\'s events, and the one taken checks clean', async () => {
    const api = await activateExtension();
    const editor = await openChecked(api, 'ls-completion/cart.events.yaml', CART.replace('emits: [CartCleared]', 'emits: [Cart]'));
    const doc = editor.document;
    const at = positionOf(doc, 'emits: [Cart]', 'emits: [Cart'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
    const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
    const events = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Event).map(label);
    for (const name of ['CartCleared', 'CartOpened', 'ItemAdded']) assert.ok(events.includes(name), `${name} in ${JSON.stringify(events)}`);
    assert.ok(!list.items.map(label).includes('ClearCart'), 'no command where an event is expected');
    // Taken as the editor takes it: the item's text over its range (or the word at the cursor).
    const item = list.items.find((i) => label(i) === 'CartCleared')!;
    const range = item.range instanceof vscode.Range ? item.range : (item.range?.replacing ?? doc.getWordRangeAtPosition(at)!);
    const text = typeof item.insertText === 'string' ? item.insertText : (item.insertText?.value ?? label(item));
    assert.ok(await editor.edit((b) => b.replace(range, text)));
    assert.match(doc.getText(), /emits: \[CartCleared\]/);
    await waitForDiagnostics(api, doc.uri, 'the completed model to check clean', (found) => found.length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a quick fix from the Problems panel replaces an unknown event with the one meant', async () => {
    const api = await activateExtension();
    const editor = await openChecked(api, 'ls-quick-fix/cart.events.yaml', CART.replace('emits: [CartCleared]', 'emits: [CartClearred]'));
    const doc = editor.document;
    const [unknown] = await waitForDiagnostics(api, doc.uri, 'unknown-event', (list) => list.some((d) => codeOf(d) === 'unknown-event'));
    assert.equal(doc.getText(unknown!.range), 'CartClearred');
    // What the Problems panel asks for a finding: the quick fixes at its range.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, unknown!.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.includes("to 'CartCleared'"));
    assert.ok(fix?.edit, `a fix naming CartCleared among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /emits: \[CartCleared\]/);
    await waitForDiagnostics(api, doc.uri, 'the fixed model to check clean', (list) => list.length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a reference-count lens above an event lists its uses, and clicking it shows them', async () => {
    const api = await activateExtension();
    const { document: doc } = await openChecked(api, 'ls-lens/cart.events.yaml', CART);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const declared = positionOf(doc, '\n  ItemAdded:\n', 3);
    const lens = lenses.find((l) => l.range.start.line === declared.line && /^\d+ references?$/.test(l.command?.title ?? ''));
    assert.ok(lens?.command, `a count above ItemAdded among ${JSON.stringify(lenses.map((l) => [l.range.start.line, l.command?.title]))}`);
    // The model's own uses: emits, evolve and the scenarios (the sample file beside the real model is not in this folder).
    assert.equal(lens.command.title, `${CART.split(/\bItemAdded\b/).length - 2} references`);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    await vscode.commands.executeCommand('closeReferenceSearch');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('go to definition from a scenario to its command', async () => {
    const api = await activateExtension();
    const { document: doc } = await openChecked(api, 'ls-definition/cart.events.yaml', CART);
    // `when: AddItem` in the first scenario, the cursor inside the name.
    const use = positionOf(doc, 'when:\n      AddItem:', 'when:\n      '.length + 3);
    const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, use);
    assert.equal(found.length, 1, JSON.stringify(found));
    const { uri, range } = rangeOf(found[0]!);
    assert.equal(uri.toString(), doc.uri.toString());
    assert.equal(doc.getText(range), 'AddItem');
    assert.deepEqual(range.start, positionOf(doc, '\n  AddItem:\n', 3), 'the command is declared under commands:');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('renaming an event renames it in the model and in its sample file', async () => {
    const api = await activateExtension();
    const editor = await openChecked(api, 'ls-rename/cart.events.yaml', CART);
    // Open, so the server has it now rather than when the file watcher reports it.
    const samples = await writeWorkspaceFile('ls-rename/cart.samples.yaml', CART_SAMPLES);
    const samplesChecked = nextCheck(api, samples, 'the server to check the sample file');
    await vscode.workspace.openTextDocument(samples);
    await samplesChecked;
    const doc = editor.document;
    const declared = positionOf(doc, '\n  ItemAdded:\n', 3);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, declared, 'ItemPut');
    assert.ok(edit, 'a rename edit');
    const inSamples = edit.get(samples);
    assert.equal(inSamples.length, CART_SAMPLES.split(/\bItemAdded\b/).length - 1, 'every ItemAdded of the sample file is renamed');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const samplesDoc = await vscode.workspace.openTextDocument(samples);
    assert.doesNotMatch(samplesDoc.getText(), /\bItemAdded\b/);
    assert.match(samplesDoc.getText(), /\bItemPut\b/);
    assert.doesNotMatch(doc.getText(), /\bItemAdded\b/);
    // Both files still check clean: every use was renamed, none was missed.
    await waitForDiagnostics(api, doc.uri, 'the renamed model to check clean', (list) => list.length === 0);
    await waitForDiagnostics(api, samples, 'the renamed sample file to check clean', (list) => list.length === 0);
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the validation settings reach the server: naming warnings go while namingConventions is off', async () => {
    const api = await activateExtension();
    const { document: doc } = await openChecked(api, 'ls-settings/cart.events.yaml', CART.replace(/\bCartCleared\b/g, 'CartClear'));
    const tense = (list: vscode.Diagnostic[]) => list.some((d) => codeOf(d) === 'event-tense');
    await waitForDiagnostics(api, doc.uri, 'event-tense on CartClear', tense);
    const config = vscode.workspace.getConfiguration('eventModel.validation');
    await config.update('namingConventions', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(api, doc.uri, 'no event-tense with namingConventions off', (list) => !tense(list));
    } finally {
      await config.update('namingConventions', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(api, doc.uri, 'event-tense back with the setting reset', tense);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the outline\'s and the lenses\' caps reach the server: a model past them lists its first elements and says so', async () => {
    const api = await activateExtension();
    const config = vscode.workspace.getConfiguration('eventModel.outline');
    const lensConfig = vscode.workspace.getConfiguration('eventModel.codeLens');
    await config.update('maxItems', 100, vscode.ConfigurationTarget.Workspace);
    await lensConfig.update('maxItems', 100, vscode.ConfigurationTarget.Workspace);
    try {
      const { document: doc } = await openChecked(api, 'ls-outline/many.events.yaml', generateModel(200, 'rich'));
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      const count = (list: readonly vscode.DocumentSymbol[]): number => list.reduce((n, x) => n + 1 + count(x.children), 0);
      assert.equal(count(symbols), 100);
      const cut = symbols.find((x) => /^first \d+ of \d+ \(eventModel\.outline\.maxItems\)$/.test(x.detail));
      assert.ok(cut, `a section says it is cut: ${symbols.map((x) => `${x.name} [${x.detail}]`).join(', ')}`);
      // The lenses: the first 100 elements' (the server's own, above the host's on `context:`), then one that says where they stop.
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 1000)).filter((l) => !l.command || /reference|References counted/.test(l.command.title));
      assert.equal(lenses.length, 101);
      const notice = lenses.find((l) => l.command?.command === 'workbench.action.openSettings');
      assert.match(notice?.command?.title ?? '', /^References counted on the first 100 of [\d,]+ elements \(eventModel\.codeLens\.maxItems\)$/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await config.update('maxItems', undefined, vscode.ConfigurationTarget.Workspace);
      await lensConfig.update('maxItems', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Restart Language Server starts a new server, which checks the open files again', async () => {
    const api = await activateExtension();
    const { document: doc } = await openChecked(api, 'ls-restart/cart.events.yaml', CART.replace('emits: [CartCleared]', 'emits: [CartClearred]'));
    await waitForDiagnostics(api, doc.uri, 'unknown-event', (list) => list.some((d) => codeOf(d) === 'unknown-event'));
    const checkedAgain = nextCheck(api, doc.uri, 'the new server to check the open model');
    await vscode.commands.executeCommand('eventModel.restartLanguageServer');
    await checkedAgain;
    await waitForDiagnostics(api, doc.uri, 'the finding back from the new server', (list) => list.some((d) => codeOf(d) === 'unknown-event'));
    // The new server answers requests too.
    const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'when:\n      AddItem:', 'when:\n      '.length + 1));
    assert.equal(found.length, 1);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a 5,000-element model: a keystroke\'s finding comes from the server, with the host\'s longest stall meanwhile printed', async function () {
    this.timeout(180_000);
    const api = await activateExtension();
    // Saved only when the test saves: VS Code in a browser saves an edit after a second by
    // default, and a save is work of its own (timed apart below), which would land in whichever
    // keystroke's measure it happens to fall.
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    // Nor does the host look for ports to forward (a remote host's own work, a process spawned every
    // few seconds, which stalls it for as long as the rest put together).
    const remote = vscode.workspace.getConfiguration('remote');
    await remote.update('autoForwardPorts', false, vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await openChecked(api, 'ls-large/large.events.yaml', generateModel(5000, 'rich'));
      const doc = editor.document;
      assert.deepEqual(formatDiagnostics(vscode.languages.getDiagnostics(doc.uri)), []);
      // The text's semantic tokens fetched first, as the editor does on opening: the edit's are then a delta.
      await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', doc.uri);
      const at = doc.positionAt(doc.getText().lastIndexOf('aggregate: Account990\n') + 'aggregate: Acc'.length);
      const typo = (list: vscode.Diagnostic[]) => list.some((d) => codeOf(d) === 'unknown-aggregate');
      // Typed one character at a time, as a person does: `Account990` becomes `Accoount990`, an
      // unknown aggregate, and back. Each keystroke is measured until its finding is shown and the
      // editor's own requests of the new text are answered and handed on: the outline (for the
      // breadcrumbs and sticky scroll) and the lenses, which the editor asks for after each edit.
      // The outline's two stretches (taking its answer in, handing it on) are told apart from the rest.
      const reported: number[] = [];
      const longest: number[] = [];
      const outline: number[] = [];
      const rest: number[] = [];
      for (let i = 0; i < 5; i++) {
        const adds = i % 2 === 0;
        const stalls = hostStalls();
        const answered = editorAnswers(api, doc.uri, doc.version + 1, (receivedAt) => stalls.mark(receivedAt));
        const found = waitForDiagnostics(api, doc.uri, adds ? 'unknown-aggregate' : 'no finding', (list) => (adds ? typo(list) : list.length === 0));
        const started = Date.now();
        assert.ok(await editor.edit((b) => (adds ? b.insert(at, 'o') : b.delete(new vscode.Range(at, at.translate(0, 1))))));
        const list = await found;
        reported.push(Date.now() - started);
        await answered;
        await nextTurn();
        longest.push(stalls.stop());
        outline.push(stalls.marked());
        rest.push(stalls.unmarked());
        if (adds) assert.equal(doc.getText(list.find((d) => codeOf(d) === 'unknown-aggregate')!.range), 'Accoount990');
      }
      // Through VS Code's commands instead, as other tests ask: the host converts the answer twice
      // more (to the editor's side and back), which the editor's own requests do not.
      const commands: string[] = [];
      for (const [what, command] of [['outline', 'vscode.executeDocumentSymbolProvider'], ['lenses', 'vscode.executeCodeLensProvider']] as const) {
        const stalled: number[] = [];
        for (let i = 0; i < 3; i++) {
          const during = hostStalls();
          await vscode.commands.executeCommand(command, doc.uri);
          stalled.push(during.stop());
        }
        commands.push(`${what} ${spread(stalled)}`);
      }
      // A save of the text the keystrokes left (with its typo): the host's own work on it.
      const saved = new Promise<void>((resolve) => {
        const subscription = vscode.workspace.onDidSaveTextDocument((d) => {
          if (d !== doc) return;
          subscription.dispose();
          resolve();
        });
      });
      const saving = hostStalls();
      assert.ok(await doc.save());
      await saved;
      await nextTurn();
      const onSave = saving.stop();
      // The model does not say where its code goes and never generated any: the server's outline
      // tells the host so, and the host parses nothing (a parse of this model alone is 200 ms or more).
      assert.ok(onSave < 100, `a save held the host for ${onSave.toFixed(0)} ms: was the model parsed on the host?`);
      // Printed, not asserted (timings on a shared machine): the host parses nothing on an edit; what
      // it still does is take in the server's answers.
      console.log(`      (a 5,000-element model, ${longest.length} keystrokes: each finding shown ${spread(reported, 0)} after the keystroke, debounce included; the extension host's longest stall per keystroke, the editor's own outline and lenses of the new text included: ${spread(longest)} (taking in and handing on the outline ${spread(outline)}, all else ${spread(rest)}); through VS Code's commands, which convert the answer twice more: ${commands.join(', ')}; a save: ${onSave.toFixed(0)} ms)`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
      await remote.update('autoForwardPorts', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
