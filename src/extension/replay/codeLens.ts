import * as vscode from 'vscode';
import { isJsonLines, parseSamples } from '../../core/index.js';
import { countJsonEvents, countJsonLines, countYamlEvents, type Lines, type SampleCount } from './sampleCount.js';
import { replaySettings } from './settings.js';

/** The sample files a CodeLens is shown on: YAML ones have their language, JSON ones only a name. */
export const SAMPLE_FILES_SELECTOR: vscode.DocumentSelector = [{ language: 'event-model-samples' }, { pattern: '**/*.samples.{json,jsonl}' }];

/** How many events a sample file holds, and the line of the first, for one version of its text. */
interface Count extends SampleCount {
  version: number;
}

/**
 * A sample file's events counted from its lines, not parsed: this runs on every edit, and a
 * large file's parse would hold the extension host. Only a YAML or JSON file laid out otherwise
 * than usual (a flow list, anchors, several documents) is parsed.
 */
function countEvents(doc: vscode.TextDocument): SampleCount {
  const lines: Lines = { count: doc.lineCount, at: (i) => doc.lineAt(i).text };
  if (isJsonLines(doc.uri.path)) return countJsonLines(lines);
  const scanned = /\.json$/i.test(doc.uri.path) ? countJsonEvents(lines) : countYamlEvents(lines);
  if (scanned) return scanned;
  const { events } = parseSamples(doc.getText(), doc.uri.path);
  return { events: events.length, line: events[0]?.range.start.line ?? 0 };
}

/** "Replay N events" above the first event of every sample file. */
export class SampleReplayCodeLens implements vscode.CodeLensProvider {
  private readonly counts = new WeakMap<vscode.TextDocument, Count>();

  constructor(private readonly command: string) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!replaySettings(doc.uri).codeLens) return [];
    let count = this.counts.get(doc);
    if (count?.version !== doc.version) {
      count = { version: doc.version, ...countEvents(doc) };
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
    // Line by line, not the whole text: `context:` is near the top, and this runs on every edit.
    let line = 0;
    for (let i = 0; i < doc.lineCount; i++) {
      if (/^context\s*:/.test(doc.lineAt(i).text)) {
        line = i;
        break;
      }
    }
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
