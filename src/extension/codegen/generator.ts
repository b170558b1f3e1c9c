import * as vscode from 'vscode';
import { applyPlan, type FileOutcome, type WriteReport } from '../../node/planWriter.js';
import type { Log } from '../log.js';
import { HandEdits } from './handEdits.js';
import { isGeneratable, readModelOutput, type ModelOutput } from './modelOutput.js';
import { GeneratedCodeState, reasonsOfReport } from './staleState.js';

/** What asked for code: the command (or its CodeLens), a save, or a scenario run from the Testing view. */
export type GenerationTrigger = 'command' | 'save' | 'test';

/** What one generation did. */
export type GenerationOutcome =
  | { model: vscode.Uri; status: 'generated'; report: WriteReport; output: ModelOutput }
  | { model: vscode.Uri; status: 'skipped'; reason: 'untrusted' | 'errors' | 'outside' | 'unreadable'; message: string }
  | { model: vscode.Uri; status: 'failed'; message: string };

/** How each action reads in the log. */
const LOGGED: Record<FileOutcome['reason'], string | undefined> = {
  new: 'written',
  changed: 'written',
  'replaced-edit': 'written, replacing a hand edit',
  same: undefined,
  'user-owned': undefined,
  'edited-orphan': 'kept: edited by hand, no longer generated',
  'other-model': undefined,
  orphan: 'removed',
  edited: 'not replaced: edited by hand',
  'not-ours': 'not replaced: not a generated file',
};

/**
 * Writes a model's plan into its output folder with the plan writer: never in an untrusted
 * workspace, never from a model with errors, only the files that change. Generations of one model
 * run one after the other. Files edited by hand are refused, and the user chooses to replace them.
 */
export class CodeGenerator implements vscode.Disposable {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly generated = new vscode.EventEmitter<GenerationOutcome>();
  private readonly handEdits: HandEdits;
  /** Fires after every generation, whatever its outcome. */
  readonly onDidGenerate = this.generated.event;

  constructor(
    private readonly log: Log,
    private readonly state: GeneratedCodeState,
  ) {
    this.handEdits = new HandEdits((model) => this.generate(model, 'command', true));
  }

  /** Generates a model's code; `force` replaces generated files edited by hand. */
  generate(model: vscode.Uri, trigger: GenerationTrigger, force = false): Promise<GenerationOutcome> {
    const key = model.toString();
    const next = (this.queues.get(key) ?? Promise.resolve()).then(() => this.run(model, trigger, force));
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  private async run(model: vscode.Uri, trigger: GenerationTrigger, force: boolean): Promise<GenerationOutcome> {
    const outcome = await this.attempt(model, trigger, force);
    if (outcome.status !== 'generated') {
      (outcome.status === 'failed' ? this.log.error : this.log.info).call(this.log, `${vscode.workspace.asRelativePath(model)}: ${outcome.message}`);
      if (trigger === 'command') this.explain(outcome);
    }
    this.generated.fire(outcome);
    return outcome;
  }

  private async attempt(model: vscode.Uri, trigger: GenerationTrigger, force: boolean): Promise<GenerationOutcome> {
    if (!isGeneratable(model)) return { model, status: 'failed', message: 'Code is generated only for model files (*.events.yaml) on disk.' };
    const output = await readModelOutput(model);
    if (!output) return { model, status: 'skipped', reason: 'unreadable', message: 'The model cannot be read.' };
    if (!vscode.workspace.isTrusted) {
      this.state.set(output, output.settings.declared ? [{ kind: 'untrusted' }] : []);
      return { model, status: 'skipped', reason: 'untrusted', message: 'Nothing is generated in an untrusted workspace.' };
    }
    if (!output.insideWorkspace && !(trigger === 'command' && (await this.confirmOutside(output)))) {
      this.state.set(output, [{ kind: 'outside' }]);
      return { model, status: 'skipped', reason: 'outside', message: `${output.shownOutDir} is outside the workspace: only Generate Code writes there, once confirmed.` };
    }
    const count = output.errors.length;
    if (count > 0) {
      this.state.set(output, [{ kind: 'errors', count }]);
      return { model, status: 'skipped', reason: 'errors', message: `The model has ${count === 1 ? 'an error' : `${count} errors`}: nothing was generated.` };
    }
    let report: WriteReport;
    try {
      report = await this.write(output, trigger, force);
    } catch (e) {
      return { model, status: 'failed', message: `Cannot generate into ${output.shownOutDir}: ${e instanceof Error ? e.message : String(e)}` };
    }
    this.logReport(output, report);
    this.state.set(output, reasonsOfReport(report), output.plan());
    if (trigger !== 'test') this.handEdits.offer(output, report, trigger);
    return { model, status: 'generated', report, output };
  }

  /** Plans and writes, with progress: a notification for the command, the status bar for a save or a run. */
  private write(output: ModelOutput, trigger: GenerationTrigger, force: boolean): Thenable<WriteReport> {
    const location = trigger === 'command' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
    const name = vscode.workspace.asRelativePath(output.model);
    return vscode.window.withProgress({ location, title: `Generating code from ${name}` }, async (progress) => {
      progress.report({ message: 'planning the files' });
      // Let the progress reach the window before the (synchronous) planning and writing.
      await new Promise((resolve) => setImmediate(resolve));
      const plan = output.plan();
      progress.report({ message: `writing ${plan.files.length} files into ${output.shownOutDir}` });
      await new Promise((resolve) => setImmediate(resolve));
      return applyPlan(plan, output.outDir.fsPath, { mode: 'write', force });
    });
  }

  private logReport(output: ModelOutput, report: WriteReport): void {
    const c = report.counts;
    const summary = [`${c.written} written`, `${c.unchanged} unchanged`, `${c.kept} kept`, `${c.removed} removed`, ...(c.refused > 0 ? [`${c.refused} not replaced`] : [])];
    this.log.info(`Generated ${vscode.workspace.asRelativePath(output.model)} -> ${output.shownOutDir} (${output.settings.target}): ${summary.join(', ')}`);
    for (const f of report.files) {
      const words = f.reason === 'new' && f.owner === 'user' ? 'created (yours from now on)' : LOGGED[f.reason];
      if (words) this.log.info(`  ${words}: ${vscode.workspace.asRelativePath(output.file(f.path))}`);
    }
  }

  /** Asks before the command writes into a folder outside the workspace (a model's `codegen.out` may point anywhere). */
  private async confirmOutside(output: ModelOutput): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(
      `The model generates into ${output.outDir.fsPath}, outside the workspace. Generate there?`,
      { modal: true },
      'Generate',
    );
    return choice === 'Generate';
  }

  /** Tells why the command generated nothing, with the way out. */
  private explain(outcome: Exclude<GenerationOutcome, { status: 'generated' }>): void {
    if (outcome.status === 'failed') {
      void vscode.window.showErrorMessage(outcome.message);
    } else if (outcome.reason === 'untrusted') {
      void vscode.window.showWarningMessage(`${outcome.message} Trust the workspace to generate code.`, 'Manage Workspace Trust').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      });
    } else if (outcome.reason === 'errors') {
      void vscode.window.showWarningMessage(`${outcome.message} Fix the errors to generate code.`, 'Show Problems').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    } else if (outcome.reason === 'unreadable') {
      void vscode.window.showWarningMessage(outcome.message);
    }
  }

  dispose(): void {
    this.generated.dispose();
  }
}
