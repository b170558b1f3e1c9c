import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerationPlan } from '../../core/index.js';
import { applyPlan, type WriteReport } from '../../node/planWriter.js';
import { GENERATE_CODE, REVEAL_GENERATED_CODE } from './commandIds.js';
import { isGeneratable, ModelOutput } from './modelOutput.js';

/** Why a model's generated code does not match the model. */
export type StaleReason =
  | { kind: 'errors'; count: number }
  | { kind: 'edited'; files: string[] }
  | { kind: 'not-ours'; files: string[] }
  | { kind: 'outdated'; files: string[] }
  | { kind: 'untrusted' }
  | { kind: 'outside' };

interface ModelState {
  reasons: StaleReason[];
  outDir: vscode.Uri;
  /** The plan of the last text without errors: which file holds which element, while the model is being edited. */
  plan?: GenerationPlan;
}

/** Whether saving a model generates its code: the setting is on and the model says where its code goes. */
export function generatesOnSave(output: ModelOutput): boolean {
  return output.settings.declared && vscode.workspace.getConfiguration('eventModel', output.model).get<boolean>('codegen.onSave', true);
}

/** The reasons a write report gives: files refused, and files that differ when nothing was written (a check). */
export function reasonsOfReport(report: WriteReport): StaleReason[] {
  const reasons: StaleReason[] = [];
  const files = (pick: (f: WriteReport['files'][number]) => boolean) => report.files.filter(pick).map((f) => f.path);
  const edited = files((f) => f.reason === 'edited');
  const notOurs = files((f) => f.reason === 'not-ours');
  if (edited.length > 0) reasons.push({ kind: 'edited', files: edited });
  if (notOurs.length > 0) reasons.push({ kind: 'not-ours', files: notOurs });
  if (report.mode !== 'write') {
    const changed = files((f) => f.action === 'written' || f.action === 'removed');
    if (changed.length > 0) reasons.push({ kind: 'outdated', files: changed });
  }
  return reasons;
}

/**
 * What is known of each open model's generated code, and the status bar item that shows the active
 * model's when it is stale: the last save did not generate (errors, an untrusted workspace, an
 * output folder outside the workspace), generated files were edited by hand, or the code on disk no
 * longer matches the model and saving does not generate it.
 */
export class GeneratedCodeState implements vscode.Disposable {
  private readonly states = new Map<string, ModelState>();
  private readonly item = vscode.window.createStatusBarItem('eventModel.generatedCode', vscode.StatusBarAlignment.Left, 10);
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires when a model's state changed (CodeLens and tests follow it). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item.name = 'Event Model: Generated Code';
    this.subscriptions = [this.item, this.changed, vscode.window.onDidChangeActiveTextEditor(() => this.render())];
  }

  /** Records what a generation (or a check) found for a model. */
  set(output: ModelOutput, reasons: StaleReason[], plan?: GenerationPlan): void {
    this.record(output.model, output.outDir, reasons, plan);
  }

  /** Records a model that was never generated and does not generate on save: nothing is stale. */
  setNeverGenerated(model: vscode.Uri, outDir: vscode.Uri): void {
    this.record(model, outDir, []);
  }

  /** Keeps what is known of a model's code (the last plan, when this one has none) and shows it. */
  private record(model: vscode.Uri, outDir: vscode.Uri, reasons: StaleReason[], plan?: GenerationPlan): void {
    const key = model.toString();
    const kept = plan ?? this.states.get(key)?.plan;
    this.states.set(key, { reasons, outDir, ...(kept ? { plan: kept } : {}) });
    this.changed.fire(model);
    this.render();
  }

  /** Why a model's generated code is stale; empty when it is current or was never generated. */
  reasonsFor(uri: vscode.Uri): readonly StaleReason[] {
    return this.states.get(uri.toString())?.reasons ?? [];
  }

  /** The last plan of the model without errors, if any, and the folder it goes to. */
  planFor(uri: vscode.Uri): { plan: GenerationPlan; outDir: vscode.Uri } | undefined {
    const s = this.states.get(uri.toString());
    return s?.plan ? { plan: s.plan, outDir: s.outDir } : undefined;
  }

  /** The models whose output folder holds this file. */
  modelsWithFile(file: vscode.Uri): vscode.Uri[] {
    const found: vscode.Uri[] = [];
    for (const [key, s] of this.states) {
      const dir = s.outDir.fsPath.endsWith(path.sep) ? s.outDir.fsPath : s.outDir.fsPath + path.sep;
      if (file.fsPath.startsWith(dir)) found.push(vscode.Uri.parse(key));
    }
    return found;
  }

  /**
   * Compares a model with its output folder without writing: errors, edited files, files that
   * would change. A model never generated (no output folder) is not stale.
   */
  assess(output: ModelOutput): void {
    const onSave = generatesOnSave(output);
    if (!existsSync(output.outDir.fsPath)) {
      // Never generated: stale only when saving should have generated it.
      const why: StaleReason[] = !onSave ? [] : !vscode.workspace.isTrusted ? [{ kind: 'untrusted' }] : output.errors.length > 0 ? [{ kind: 'errors', count: output.errors.length }] : [];
      this.set(output, why);
      return;
    }
    if (output.errors.length > 0) {
      this.set(output, [{ kind: 'errors', count: output.errors.length }]);
      return;
    }
    const plan = output.plan();
    let reasons: StaleReason[];
    try {
      reasons = reasonsOfReport(applyPlan(plan, output.outDir.fsPath, { mode: 'check', force: false }));
    } catch {
      reasons = []; // an unreadable folder: the next generation reports it
    }
    // Saving regenerates what differs, so only what saving cannot fix is stale for such a model.
    const blocked = !vscode.workspace.isTrusted ? 'untrusted' : !output.insideWorkspace ? 'outside' : undefined;
    if (onSave && !blocked) reasons = reasons.filter((r) => r.kind !== 'outdated');
    else if (onSave && blocked && reasons.some((r) => r.kind === 'outdated')) reasons.push({ kind: blocked });
    this.set(output, reasons, plan);
  }

  /** Forgets a model (its editor closed). */
  forget(uri: vscode.Uri): void {
    this.states.delete(uri.toString());
    this.render();
  }

  /** What the status bar item shows now, for tests and for the API. */
  status(): { visible: boolean; text: string; tooltip: string } {
    const tooltip = this.item.tooltip;
    return { visible: this.visible, text: this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  private visible = false;

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const state = uri && isGeneratable(uri) ? this.states.get(uri.toString()) : undefined;
    if (!uri || !state || state.reasons.length === 0) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const first = state.reasons[0]!;
    this.item.text = '$(warning) Generated code stale';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.tooltip = tooltipOf(uri, state);
    this.item.command =
      first.kind === 'errors'
        ? { title: 'Show Problems', command: 'workbench.actions.view.problems' }
        : first.kind === 'untrusted'
          ? { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' }
          : { title: 'Generate Code', command: GENERATE_CODE, arguments: [uri] };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function tooltipOf(uri: vscode.Uri, state: ModelState): vscode.MarkdownString {
  const out = `\`${vscode.workspace.asRelativePath(state.outDir)}\``;
  const list = (files: string[]) => files.slice(0, 5).map((f) => `\`${f}\``).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
  const lines = state.reasons.map((r) => {
    switch (r.kind) {
      case 'errors':
        return `The model has ${r.count === 1 ? 'an error' : `${r.count} errors`}, so nothing was generated: the code in ${out} is from an earlier version of the model.`;
      case 'edited':
        return `Generated files were edited by hand and were not replaced: ${list(r.files)}. Generate Code offers to replace them.`;
      case 'not-ours':
        return `Files that were not generated stand where generated files go, and are left alone: ${list(r.files)}.`;
      case 'outdated':
        return `The code in ${out} does not match the model: ${list(r.files)} would change. Generate Code updates it.`;
      case 'untrusted':
        return 'Nothing is generated in an untrusted workspace.';
      case 'outside':
        return `The output folder ${out} is outside the workspace, so saving does not generate there; Generate Code does.`;
    }
  });
  const args = (value: unknown) => encodeURIComponent(JSON.stringify([value]));
  const links = [
    `[Generate Code](command:${GENERATE_CODE}?${args(uri.toString())})`,
    `[Reveal the output folder](command:${REVEAL_GENERATED_CODE}?${args(uri.toString())})`,
    '[Show Problems](command:workbench.actions.view.problems)',
  ];
  const md = new vscode.MarkdownString(`**Generated code stale**\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\n${links.join(' · ')}`);
  md.isTrusted = { enabledCommands: [GENERATE_CODE, REVEAL_GENERATED_CODE, 'workbench.actions.view.problems'] };
  return md;
}
