// The Replay panel inside VS Code: it opens for a sample file, builds the replay, answers the
// webview's requests, and links events and rules to the editor both ways. The tests play the
// webview's part through the panel's message handler, and read what the host sends it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSamples, type SampleEvent } from '../../src/core/index';
import type { HostToReplayMessage, ReplayStateMessage } from '../../src/protocol/replay';
import type { ReplayPanel } from '../../src/extension/replay/panel';
import { activateExtension, waitFor, workspaceUri } from './support';

suite('replay panel', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens beside a sample file, builds its replay, and its webview starts', async () => {
    const api = await activateExtension();
    const uri = workspaceUri('shop', 'shop.samples.yaml');
    await vscode.window.showTextDocument(uri);
    const panel = await vscode.commands.executeCommand<ReplayPanel>('eventModel.openReplay', uri);
    assert.ok(panel, 'the command gives the panel');
    assert.equal(api.replayPanelFor(uri), panel);
    assert.equal(panel.panel.viewType, 'eventModel.replay');
    assert.equal(panel.panel.title, 'Replay: shop');
    const events = await eventsOf(uri);
    await built(panel);
    assert.equal(panel.answers?.timeline.length, events.length);
    assert.equal(panel.answers?.timeline.problemCount, 0);
    // The webview's own script ran under the CSP and asked for the timeline.
    await waitFor('the webview to say it is ready', () => panel.webviewReady, [panel.onDidReceive as vscode.Event<unknown>], 30_000);
    // Opening it again reveals the same panel.
    assert.equal(await vscode.commands.executeCommand('eventModel.openReplay', uri), panel);
  });

  test('stepping sends the state after each event, and what the step changed', async () => {
    const { panel, events } = await openReplay('shop', 'shop.samples.yaml');
    for (const position of [1, 3, events.length, 2]) {
      const state = await stateAfter(panel, { type: 'select', position });
      assert.equal(state.position, position);
      assert.equal(state.step?.type, events[position - 1]!.type);
      assert.equal(state.step?.eventRange.start.line, events[position - 1]!.range.start.line);
    }
    const third = await stateAfter(panel, { type: 'select', position: 3 });
    assert.ok(third.aggregates.length + third.projections.length > 0, 'states at step 3');
    assert.ok(third.step!.changes.length > 0, 'step 3 changed something');
    assert.ok(third.previous.length > 0, 'the states before step 3, for the diff');
    const start = await stateAfter(panel, { type: 'select', position: 0 });
    assert.equal(start.step, undefined);
    assert.equal(panel.position, 0);
    // Out of range: clamped.
    assert.equal((await stateAfter(panel, { type: 'select', position: 10_000 })).position, events.length);
  });

  test('the event list comes in windows, and filters by type', async () => {
    const { panel, events } = await openReplay('shop', 'shop.samples.yaml');
    const entries = await reply(panel, { type: 'requestEntries', filterId: 0, from: 2, to: 5 }, 'entries');
    assert.deepEqual(entries.items.map((e) => e.position), [3, 4, 5]);
    assert.deepEqual(entries.items.map((e) => e.type), events.slice(2, 5).map((e) => e.type));
    const type = events[1]!.type;
    const filtered = await reply(panel, { type: 'setFilter', filterId: 7, selected: 0, types: [type], streams: [], text: '', problemsOnly: false }, 'filtered');
    assert.equal(filtered.count, events.filter((e) => e.type === type).length);
    const rows = await reply(panel, { type: 'requestEntries', filterId: 7, from: 0, to: 100 }, 'entries');
    assert.ok(rows.items.every((e) => e.type === type));
  });

  test('a jump to the next problem says when there is none', async () => {
    const { panel } = await openReplay('shop', 'shop.samples.yaml');
    const notice = await reply(panel, { type: 'jumpToProblem', direction: 'next', from: 0 }, 'notice');
    assert.equal(notice.message, 'No later problem.');
  });

  test('clicking an event selects its line in the sample file', async () => {
    const { panel, events, uri } = await openReplay('shop', 'shop.samples.yaml');
    const position = 5;
    await panel.receive({ type: 'revealEvent', position });
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    assert.ok(editor, 'the sample file is in view');
    assert.equal(editor.selection.start.line, events[position - 1]!.range.start.line);
    assert.equal(editor.selection.start.character, events[position - 1]!.range.start.character);
    assert.equal(editor.selection.end.line, editor.selection.start.line, 'the first line of the event');
  });

  test('moving the cursor in the sample file selects that event in the panel', async () => {
    const { panel, events, uri } = await openReplay('shop', 'shop.samples.yaml');
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const target = events[6]!;
    const sent = waitForPost(panel, (m): m is ReplayStateMessage => m.type === 'state' && m.position === 7);
    const line = target.range.start.line;
    editor.selection = new vscode.Selection(line, 2, line, 2);
    await sent;
    assert.equal(panel.position, 7);
  });

  test('clicking a state value reveals the rule that wrote it in the model', async () => {
    const { panel } = await openReplay('shop', 'shop.samples.yaml');
    const state = await stateAfter(panel, { type: 'select', position: 3 });
    const written = [...state.aggregates.flatMap((a) => Object.values(a.provenance)), ...state.projections.flatMap((p) => p.rows.flatMap((r) => Object.values(r.provenance)))].find(
      (w) => w.position > 0,
    );
    assert.ok(written, 'a value written by an event');
    const range = written.opRange ?? written.ruleRange;
    await panel.receive({ type: 'revealRule', range });
    const editor = vscode.window.activeTextEditor;
    const model = workspaceUri('shop', 'shop.events.yaml');
    assert.equal(editor?.document.uri.toString(), model.toString());
    assert.deepEqual(
      [editor!.selection.start.line, editor!.selection.start.character, editor!.selection.end.line, editor!.selection.end.character],
      [range.start.line, range.start.character, range.end.line, range.end.character],
    );
  });

  test('an edit of the sample file replays again and keeps the selected position', async () => {
    const { panel, events, uri } = await openReplay('cart', 'cart.samples.yaml');
    await stateAfter(panel, { type: 'select', position: 2 });
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(doc.getText().endsWith('\n'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(doc.lineCount, 0), '  - CartCleared: { cartId: 8cffcb65-4f8c-4715-8132-6ba8e667ce23, clearedAt: 2024-09-04T08:31:00Z }\n');
    const replayed = waitForPost(panel, (m): m is Extract<HostToReplayMessage, { type: 'replayed' }> => m.type === 'replayed');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const info = await replayed;
    assert.equal(info.length, events.length + 1);
    assert.equal(panel.position, 2);
    assert.equal(info.position, 2);
    // Revert acts on the active editor: bring the sample file's forward from the panel.
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('workbench.action.files.revert', uri);
    assert.equal(doc.isDirty, false);
    await waitFor('the reverted file replayed', () => panel.answers?.timeline.length === events.length, [panel.onDidBuild as vscode.Event<unknown>]);
  });

  test('a JSON Lines file replays, one event a line', async () => {
    const { panel, events, uri } = await openReplay('ship-tracking', 'ship-tracking.voyage.samples.jsonl');
    assert.ok(events.length >= 30);
    assert.equal(panel.answers?.timeline.length, events.length);
    await panel.receive({ type: 'revealEvent', position: 4 });
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    assert.equal(editor?.selection.start.line, events[3]!.range.start.line);
  });

  test('Open Replay for Model opens the sample file that pairs with the model', async () => {
    const api = await activateExtension();
    // The cart model has one sample file, so no pick is asked for.
    const model = workspaceUri('cart', 'cart.events.yaml');
    const sample = workspaceUri('cart', 'cart.samples.yaml');
    const panel = await vscode.commands.executeCommand<ReplayPanel>('eventModel.openReplayForModel', model);
    assert.ok(panel);
    assert.equal(panel.subject.file?.toString(), sample.toString());
    assert.equal(api.replayPanelFor(sample), panel);
    await built(panel);
    assert.ok((panel.answers?.timeline.length ?? 0) > 0);
  });
});

async function openReplay(...segments: string[]): Promise<{ panel: ReplayPanel; events: SampleEvent[]; uri: vscode.Uri }> {
  await activateExtension();
  const uri = workspaceUri(...segments);
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
  const panel = await vscode.commands.executeCommand<ReplayPanel>('eventModel.openReplay', uri);
  assert.ok(panel, `a panel for ${segments.join('/')}`);
  // The webview selects a first position once it has the timeline: let that settle before the
  // test plays the webview's part, so the answers it reads are to its own requests.
  const settled = new Promise<void>((resolve) => {
    const sub = panel.onDidReceive((m) => {
      if (m.type === 'select') {
        sub.dispose();
        resolve();
      }
    });
  });
  await built(panel);
  await Promise.race([settled, failAfter(30_000, 'the webview to select its first position')]);
  return { panel, events: await eventsOf(uri), uri };
}

function failAfter(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms));
}

async function eventsOf(uri: vscode.Uri): Promise<SampleEvent[]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return parseSamples(doc.getText(), uri.path).events;
}

function built(panel: ReplayPanel): Promise<unknown> {
  return waitFor('the replay to be built', () => panel.answers !== undefined || panel.error, [panel.onDidBuild as vscode.Event<unknown>], 30_000, () => `error: ${panel.error}`).then(() => {
    assert.equal(panel.error, undefined);
  });
}

function waitForPost<T extends HostToReplayMessage>(panel: ReplayPanel, match: (m: HostToReplayMessage) => m is T): Promise<T> {
  let found: T | undefined;
  const sub = panel.onDidPost((m) => {
    if (!found && match(m)) found = m;
  });
  return waitFor('a message to the webview', () => found, [panel.onDidPost as vscode.Event<unknown>]).finally(() => sub.dispose());
}

async function reply<K extends HostToReplayMessage['type']>(panel: ReplayPanel, message: Parameters<ReplayPanel['receive']>[0], type: K): Promise<Extract<HostToReplayMessage, { type: K }>> {
  let answer: Extract<HostToReplayMessage, { type: K }> | undefined;
  const sub = panel.onDidPost((m) => {
    if (m.type === type) answer = m as Extract<HostToReplayMessage, { type: K }>;
  });
  try {
    await panel.receive(message);
  } finally {
    sub.dispose();
  }
  assert.ok(answer, `the host answered ${message.type} with ${type}`);
  return answer;
}

function stateAfter(panel: ReplayPanel, message: Parameters<ReplayPanel['receive']>[0]): Promise<ReplayStateMessage> {
  return reply(panel, message, 'state');
}
