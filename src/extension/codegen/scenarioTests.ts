import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Scenario } from '../../core/index.js';
import { outlineOfModel, type ModelOutline } from '../../server/outlineRequest.js';
import { outlineFromServer } from '../languageClient.js';
import { parsedModel } from '../modelDocuments.js';
import { toRange } from '../validation/toVscode.js';
import type { CodeGenerator } from './generator.js';
import { isGeneratable, type ModelOutput } from './modelOutput.js';
import { runSpecs, type SpecResult, type SpecRun } from './specRunner.js';

/** How one scenario's run ended, as the Testing view shows it. */
export interface ScenarioOutcome {
  model: vscode.Uri;
  scenario: string;
  state: 'passed' | 'failed' | 'errored';
  message?: string;
}

/**
 * The scenarios of every open model in the Testing view: one item per model, one child per scenario
 * at its place in the YAML, kept current from the shared parse. Running them (in a trusted
 * workspace only) generates the model's code when it changed, then runs the generated spec files
 * with `node --test` and shows each scenario's outcome, a failure's message at the scenario.
 */
export class ScenarioTests implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('eventModel.scenarios', 'Event Model Scenarios');
  private readonly finished = new vscode.EventEmitter<ScenarioOutcome>();
  /** Model -> what its items show, to skip a sync that would change nothing. */
  private readonly signatures = new Map<string, string>();
  /** Model -> how many syncs were asked for, so an answer that a newer sync overtook is dropped. */
  private readonly asked = new Map<string, number>();
  /** Fires as each scenario of a run ends. */
  readonly onDidFinishScenario = this.finished.event;

  constructor(private readonly generator: CodeGenerator) {
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
  }

  /**
   * Shows a model's scenarios as they are in its text now: from the language server's parse when
   * it runs (each check of a model ends with this, and the host parses nothing), else from the
   * host's own. Of several syncs of a model under way, only the last one's answer is shown.
   */
  sync(doc: vscode.TextDocument): void {
    if (!isGeneratable(doc.uri)) return;
    const key = doc.uri.toString();
    const asked = (this.asked.get(key) ?? 0) + 1;
    this.asked.set(key, asked);
    void outlineFromServer({ uri: key, include: ['scenarios'] }).then((found) => {
      if (this.asked.get(key) !== asked || doc.isClosed) return;
      this.show(doc, found?.scenarios ? found : outlineOfModel(parsedModel(doc.uri, doc.getText()).model, ['scenarios']));
    });
  }

  private show(doc: vscode.TextDocument, model: ModelOutline): void {
    const key = doc.uri.toString();
    const scenarios = model.scenarios ?? [];
    if (scenarios.length === 0) {
      this.controller.items.delete(key);
      this.signatures.delete(key);
      return;
    }
    // Each check of a model calls this: a large model's thousand scenarios are sent to the view
    // only when one of them moved, was renamed or came or went.
    const signature = `${model.context ?? ''}\n${scenarios.map((s) => `${s.name}|${s.description ?? ''}|${rangeKey(s.range)}`).join('\n')}`;
    let root = this.controller.items.get(key);
    if (root && this.signatures.get(key) === signature) return;
    this.signatures.set(key, signature);
    if (!root) {
      root = this.controller.createTestItem(key, path.basename(doc.uri.fsPath), doc.uri);
      this.controller.items.add(root);
    }
    root.description = model.context;
    const seen = new Set<string>();
    const children: vscode.TestItem[] = [];
    for (const s of scenarios) {
      // Duplicate names are a model error; the first one stands for the name.
      if (!s.name || seen.has(s.name)) continue;
      seen.add(s.name);
      // A model's item has the model's URI as its id; a scenario's, unique among its siblings, is its name.
      const item = root.children.get(s.name) ?? this.controller.createTestItem(s.name, s.name, doc.uri);
      const range = toRange(s.range);
      if (!item.range?.isEqual(range)) item.range = range;
      if (item.description !== s.description) item.description = s.description;
      children.push(item);
    }
    root.children.replace(children);
  }

  /** Takes a closed model's scenarios out of the view. */
  remove(uri: vscode.Uri): void {
    this.controller.items.delete(uri.toString());
    this.signatures.delete(uri.toString());
    this.asked.delete(uri.toString());
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const excluded = new Set(request.exclude ?? []);
    const byModel = new Map<string, vscode.TestItem[]>();
    const add = (item: vscode.TestItem) => {
      if (excluded.has(item) || !item.uri) return;
      if (!item.parent) {
        item.children.forEach(add);
        return;
      }
      const key = item.uri.toString();
      byModel.set(key, [...(byModel.get(key) ?? []), item]);
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    try {
      for (const [key, items] of byModel) {
        if (token.isCancellationRequested) break;
        await this.runModel(vscode.Uri.parse(key), items, run, abort.signal);
      }
    } finally {
      cancelled.dispose();
      run.end();
    }
  }

  private async runModel(model: vscode.Uri, items: vscode.TestItem[], run: vscode.TestRun, signal: AbortSignal): Promise<void> {
    for (const item of items) run.enqueued(item);
    const fail = (message: string) => {
      for (const item of items) this.end(run, item, 'errored', message);
    };
    if (!vscode.workspace.isTrusted) return fail('Scenarios run only in a trusted workspace: running them runs the generated code and your handlers.');
    const outcome = await this.generator.generate(model, 'test');
    if (outcome.status !== 'generated') return fail(outcome.message);
    const output = outcome.output;
    const refused = outcome.report.files.filter((f) => f.action === 'refused').map((f) => f.path);
    if (refused.length > 0) run.appendOutput(`Not replaced (edited by hand, or not generated): ${refused.join(', ')}; the tests run them as they are.\r\n`);
    const specs = new Map<vscode.TestItem, string>();
    for (const item of items) {
      const scenario = output.parsed.model.scenarios.find((s) => s.name === item.label);
      const spec = scenario && specFileOf(output, scenario);
      if (spec) specs.set(item, spec);
      else this.end(run, item, 'errored', 'No generated test runs this scenario: it needs a command of an aggregate, or a projection.');
    }
    if (specs.size === 0) return;
    for (const item of specs.keys()) run.started(item);
    const files = [...new Set(specs.values())].map((f) => output.file(f).fsPath);
    const names = [...specs.keys()].map((i) => i.label);
    const result = await runSpecs(output.outDir.fsPath, files, names, (text) => run.appendOutput(text.replace(/\r?\n/g, '\r\n')), signal);
    if ('error' in result) {
      for (const item of specs.keys()) this.end(run, item, 'errored', result.error);
      return;
    }
    run.appendOutput(`Ran with ${result.runtime}.\r\n`);
    for (const [item, spec] of specs) this.report(run, item, output.file(spec).fsPath, result);
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, file: string, result: SpecRun): void {
    const same = (r: SpecResult) => path.resolve(r.file) === path.resolve(file);
    const own = result.results.find((r) => same(r) && r.nesting === 1 && r.name === item.label);
    if (own?.passed) return this.end(run, item, 'passed', undefined, own);
    if (own) return this.end(run, item, 'failed', own.message ?? 'The scenario failed.', own);
    // No result of its own: the file did not load (a missing package, a syntax error in a handler).
    const stderr = [...result.stderr].find(([f]) => path.resolve(path.dirname(file), f) === file || f === file)?.[1] ?? '';
    const why = stderr.split('\n').find((l) => /Error/.test(l))?.trim();
    const hint = /Cannot find package '@event-driven-io\/emmett'/.test(stderr) ? " Install it in the project (npm install @event-driven-io/emmett), or generate with `target: plain`." : '';
    this.end(run, item, 'errored', why ? `${path.basename(file)} did not run: ${why}${hint}` : `${path.basename(file)} ran no test named '${item.label}'.`);
  }

  private end(run: vscode.TestRun, item: vscode.TestItem, state: ScenarioOutcome['state'], message?: string, result?: SpecResult): void {
    const model = item.uri!;
    if (state === 'passed') run.passed(item, result?.durationMs);
    else {
      const text = message ?? '';
      const m = result?.expected !== undefined && result.actual !== undefined ? vscode.TestMessage.diff(text, result.expected, result.actual) : new vscode.TestMessage(text);
      if (item.range) m.location = new vscode.Location(model, item.range);
      if (state === 'failed') run.failed(item, m, result?.durationMs);
      else run.errored(item, m);
    }
    this.finished.fire({ model, scenario: item.label, state, ...(message !== undefined ? { message } : {}) });
  }

  dispose(): void {
    this.controller.dispose();
    this.finished.dispose();
  }
}

function rangeKey(r: Scenario['range']): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** The generated spec file that holds a scenario's test: its aggregate's, or the projections'. */
function specFileOf(output: ModelOutput, scenario: Scenario): string | undefined {
  const plan = output.plan();
  if (scenario.projection) return plan.files.find((f) => f.path === 'projections.spec.ts')?.path;
  const aggregate = scenario.when && output.parsed.model.commands.get(scenario.when.name)?.aggregate?.name;
  return plan.files.find((f) => f.element?.kind === 'aggregate' && f.element.name === aggregate && f.path.endsWith('.spec.ts'))?.path;
}
