import * as vscode from 'vscode';
import type { Feature } from '../feature.js';
import type { ModelDiagnostics } from '../validation/liveValidation.js';
import { generateCommands } from './generateCommand.js';
import { CodeGenerator, type GenerationOutcome } from './generator.js';
import { HandlerDrift } from './handlerDrift.js';
import { isGeneratable, ModelOutput } from './modelOutput.js';
import { generateOnSave } from './onSave.js';
import { CodegenCodeLens, openGeneratedFileCommand } from './openCode.js';
import { ScenarioTests, type ScenarioOutcome } from './scenarioTests.js';
import { GeneratedCodeState, type StaleReason } from './staleState.js';

/** What code generation offers the extension's API (the integration tests wait on it). */
export interface CodegenApi {
  /** Fires after every generation (command, save, scenario run), whatever its outcome. */
  onDidGenerate: vscode.Event<GenerationOutcome>;
  /** Fires when what is known of a model's generated code changed (after a generation or a check). */
  onDidChangeGeneratedCode: vscode.Event<vscode.Uri>;
  /** Why a model's generated code is stale; empty when it is not. */
  staleReasons(model: vscode.Uri): readonly StaleReason[];
  /** What the generated-code status bar item shows now. */
  generatedCodeStatus(): { visible: boolean; text: string; tooltip: string };
  /** Fires as each scenario run from the Testing view ends. */
  onDidFinishScenario: vscode.Event<ScenarioOutcome>;
}

/**
 * Code generation in the editor: the Generate Code command and CodeLens, generation on save, the
 * stale state in the status bar, CodeLens to an element's generated and own code, the missing
 * handler check with its quick fix, and the scenarios in the Testing view.
 */
export function codeGeneration(diagnostics: ModelDiagnostics): { feature: Feature; api: CodegenApi } {
  const generated = new vscode.EventEmitter<GenerationOutcome>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const finished = new vscode.EventEmitter<ScenarioOutcome>();
  let state: GeneratedCodeState | undefined;
  const api: CodegenApi = {
    onDidGenerate: generated.event,
    onDidChangeGeneratedCode: changed.event,
    staleReasons: (model) => state?.reasonsFor(model) ?? [],
    generatedCodeStatus: () => state?.status() ?? { visible: false, text: '', tooltip: '' },
    onDidFinishScenario: finished.event,
  };
  const feature: Feature = ({ log }) => {
    state = new GeneratedCodeState();
    const codeState = state;
    const generator = new CodeGenerator(log, codeState);
    const lenses = new CodegenCodeLens(codeState);
    const drift = new HandlerDrift(diagnostics);
    const tests = new ScenarioTests(generator);
    const assessSoon = debounced((uri: vscode.Uri) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      // An unsaved model is not what was generated from: it is assessed again when saved.
      if (doc && !doc.isDirty) codeState.assess(new ModelOutput(doc.uri, doc.getText()));
    });
    const recheckReaders = (file: vscode.Uri) => {
      for (const model of drift.readersOf(file)) {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === model.toString());
        if (doc) diagnostics.schedule(doc);
      }
    };
    const onOutputChange = (file: vscode.Uri) => {
      for (const model of codeState.modelsWithFile(file)) assessSoon(model);
      recheckReaders(file);
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.ts');
    const opened = (doc: vscode.TextDocument) => {
      if (!isGeneratable(doc.uri)) return;
      tests.sync(doc);
      assessSoon(doc.uri);
    };
    for (const doc of vscode.workspace.textDocuments) opened(doc);
    return [
      codeState,
      generator,
      lenses,
      tests,
      watcher,
      generated,
      changed,
      finished,
      assessSoon,
      generator.onDidGenerate((o) => generated.fire(o)),
      codeState.onDidChange((uri) => {
        lenses.refresh();
        changed.fire(uri);
      }),
      tests.onDidFinishScenario((o) => finished.fire(o)),
      ...generateCommands(generator),
      openGeneratedFileCommand(),
      generateOnSave(generator, codeState),
      diagnostics.contribute(drift.findings),
      vscode.languages.registerCodeLensProvider({ language: 'event-model' }, lenses),
      vscode.languages.registerCodeActionsProvider({ language: 'event-model' }, drift, HandlerDrift.metadata),
      diagnostics.onDidValidate((uri) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc) tests.sync(doc);
      }),
      vscode.workspace.onDidOpenTextDocument(opened),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (!isGeneratable(doc.uri)) return;
        tests.remove(doc.uri);
        codeState.forget(doc.uri);
      }),
      // A handlers file edited in an editor: its models are checked again as it is typed.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.path.endsWith('.handlers.ts') && e.contentChanges.length > 0) recheckReaders(e.document.uri);
      }),
      watcher.onDidCreate(onOutputChange),
      watcher.onDidChange(onOutputChange),
      watcher.onDidDelete(onOutputChange),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const doc of vscode.workspace.textDocuments) if (isGeneratable(doc.uri)) assessSoon(doc.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('eventModel.codegen.codeLens')) lenses.refresh();
        if (!e.affectsConfiguration('eventModel.codegen')) return;
        for (const doc of vscode.workspace.textDocuments) if (isGeneratable(doc.uri)) assessSoon(doc.uri);
      }),
    ];
  };
  return { feature, api };
}

/** Runs `action` for a model once its files stop changing for a moment (a generation writes many). */
function debounced(action: (uri: vscode.Uri) => void, ms = 250): ((uri: vscode.Uri) => void) & vscode.Disposable {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const run = (uri: vscode.Uri) => {
    const key = uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        action(uri);
      }, ms),
    );
  };
  return Object.assign(run, {
    dispose: () => {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  });
}
