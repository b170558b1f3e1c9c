import * as vscode from 'vscode';
import { isJsonLines, parseSamples } from '../../core/index.js';
import { replaySettings } from './settings.js';

/** The sample files a CodeLens is shown on: YAML ones have their language, JSON ones only a name. */
export const SAMPLE_FILES_SELECTOR: vscode.DocumentSelector = [{ language: 'event-model-samples' }, { pattern: '**/*.samples.{json,jsonl}' }];

/** How many events a sample file holds, and the line of the first. */
interface Count {
  version: number;
  events: number;
  line: number;
}

/** The events of a JSON Lines text: its lines that are not empty, less a first `{"model": ...}` line. */
function countJsonLines(text: string): Omit<Count, 'version'> {
  let events = 0;
  let line = -1;
  let lineNo = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 10) continue;
    const raw = text.slice(start, i);
    if (raw.trim() !== '' && !(events === 0 && line < 0 && /^\s*\{\s*"model"\s*:/.test(raw) && !/"type"\s*:/.test(raw))) {
      events += 1;
      if (line < 0) line = lineNo;
    }
    start = i + 1;
    lineNo += 1;
  }
  return { events, line: Math.max(0, line) };
}

/** "Replay N events" above the first event of every sample file. */
export class SampleReplayCodeLens implements vscode.CodeLensProvider {
  private readonly counts = new WeakMap<vscode.TextDocument, Count>();

  constructor(private readonly command: string) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!replaySettings(doc.uri).codeLens) return [];
    let count = this.counts.get(doc);
    if (count?.version !== doc.version) {
      const text = doc.getText();
      if (isJsonLines(doc.uri.path)) count = { version: doc.version, ...countJsonLines(text) };
      else {
        const { events } = parseSamples(text, doc.uri.path);
        count = { version: doc.version, events: events.length, line: events[0]?.range.start.line ?? 0 };
      }
      this.counts.set(doc, count);
    }
    const title = `$(play) Replay ${count.events} ${count.events === 1 ? 'event' : 'events'}`;
    const range = new vscode.Range(count.line, 0, count.line, 0);
    return [new vscode.CodeLens(range, { title, tooltip: 'Open the Replay panel: step through these events and see the states they build', command: this.command, arguments: [doc.uri] })];
  }
}

/** "Replay samples" above the `context:` line of every model. */
export class ModelReplayCodeLens implements vscode.CodeLensProvider {
  constructor(private readonly command: string) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!replaySettings(doc.uri).codeLens) return [];
    const at = doc.getText().search(/^context\s*:/m);
    const line = at >= 0 ? doc.positionAt(at).line : 0;
    return [
      new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: '$(play) Replay samples',
        tooltip: 'Replay one of the sample files of this model',
        command: this.command,
        arguments: [doc.uri],
      }),
    ];
  }
}
