import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { codegenSettings, planGeneratedFiles, validateModelText, type CodegenTarget, type Diagnostic } from '../core/index.js';
import { ChangedMeanwhileError } from '../node/atomicFile.js';
import { applyPlan, isUpToDate, type FileOutcome, type WriteMode, type WriteReport } from '../node/planWriter.js';
import { expandInputs, isModelFile } from './files.js';
import { diagnosticJson, formatDiagnosticLine } from './validateCommand.js';

export const GENERATE_USAGE = `  generate <models, folders or globs...>  Generate TypeScript from models, into each model's codegen.out (default: generated)
      --out <folder>                      Output folder, relative to the current folder (one model only)
      --target emmett|plain               Emmett deciders and projections (default), or dependency-free TypeScript
      --check                             Write nothing; exit 1 when a file would change (for CI)
      --dry-run                           Write nothing; list what would be done
      --force                             Replace generated files edited by hand (never your own files)
      --format text|json                  Output format (default: text)
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** One model's outcome: its errors (then nothing was written), or what happened to its files. */
interface ModelResult {
  model: string;
  diagnostics: Diagnostic[];
  outDir?: string;
  target?: CodegenTarget;
  report?: WriteReport;
}

/**
 * `event-model generate`. Exit codes: 0 done; 1 a model has errors (nothing is written for it), a
 * file was refused, or `--check` found a file that would change; 2 bad usage, or a file that
 * cannot be read or written.
 */
export async function runGenerate(argv: string[], io: Io, cwd: string, usage: string): Promise<number> {
  const fail = (message: string) => {
    io.err(`event-model generate: ${message}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        target: { type: 'string' },
        check: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return fail(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(usage);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') return fail(`--format must be text or json, not '${values.format}'`);
  if (values.target !== undefined && values.target !== 'emmett' && values.target !== 'plain') return fail(`--target must be emmett or plain, not '${values.target}'`);
  if (values.check && values['dry-run']) return fail('--check and --dry-run both write nothing: use one');
  if (positionals.length === 0) return fail(`name the models (*.events.yaml), folders or globs to generate from\n\n${usage}`);

  const { files, unmatched } = await expandInputs(positionals, cwd);
  for (const u of unmatched) io.err(`event-model: no file matches '${u}'`);
  if (unmatched.length > 0) return 2;
  const models = files.filter(isModelFile);
  if (models.length === 0) return fail('no model (*.events.yaml) among the files named');
  if (values.out !== undefined && models.length > 1) return fail(`--out takes one model, not ${models.length}: each model generates into its own folder`);

  const mode: WriteMode = values.check ? 'check' : values['dry-run'] ? 'dry-run' : 'write';
  const shown = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || '.';
  const target = values.target as CodegenTarget | undefined;

  // Read and plan every model before writing anything, so a clash between two models stops the run.
  const planned: Array<ModelResult & { plan?: ReturnType<typeof planGeneratedFiles> }> = [];
  for (const file of models) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return fail(`cannot read '${shown(file)}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const { parsed: model, diagnostics } = validateModelText(text);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      planned.push({ model: shown(file), diagnostics: errors });
      continue;
    }
    const outDir = values.out !== undefined ? path.resolve(cwd, values.out) : path.resolve(path.dirname(file), codegenSettings(model.model).out);
    const modelPath = path.relative(path.dirname(outDir), file).split(path.sep).join('/');
    const out = path.relative(path.dirname(file), outDir).split(path.sep).join('/') || '.';
    const plan = planGeneratedFiles(model.model, { modelPath, out, ...(target ? { target } : {}) });
    planned.push({ model: shown(file), diagnostics: [], outDir, target: plan.settings.target, plan });
  }
  const clash = firstSharedFolder(planned);
  if (clash) return fail(`'${clash[0]}' and '${clash[1]}' both generate into '${shown(clash[2])}': give each model its own codegen.out`);

  const results: ModelResult[] = [];
  for (const p of planned) {
    const { plan, ...result } = p;
    if (plan && p.outDir) {
      try {
        result.report = applyPlan(plan, p.outDir, { mode, force: values.force });
      } catch (e) {
        print(results, values.format, shown, io);
        if (e instanceof ChangedMeanwhileError) return fail(`'${shown(e.file)}' changed while generating; nothing was written there (run again)`);
        return fail(`cannot generate into '${shown(p.outDir)}': ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`);
      }
    }
    results.push(result);
  }
  print(results, values.format, shown, io);
  const failed = results.some((r) => r.diagnostics.length > 0 || (r.report && (mode === 'check' ? !isUpToDate(r.report) : r.report.counts.refused > 0)));
  return failed ? 1 : 0;
}

function firstSharedFolder(results: ModelResult[]): [string, string, string] | undefined {
  const byFolder = new Map<string, string>();
  for (const r of results) {
    if (!r.outDir) continue;
    const other = byFolder.get(r.outDir);
    if (other) return [other, r.model, r.outDir];
    byFolder.set(r.outDir, r.model);
  }
  return undefined;
}

/** The words of a file's line: the action, and why when the action alone could mislead. */
const LABELS: Record<FileOutcome['reason'], string> = {
  new: 'written',
  changed: 'written',
  'replaced-edit': 'written: replaced your edit (--force)',
  same: 'unchanged',
  'user-owned': 'kept as yours',
  'edited-orphan': 'kept: edited by hand, no longer generated',
  'other-model': 'kept: generated from another model',
  orphan: 'removed',
  edited: 'refused: edited by hand (use --force to replace)',
  'not-ours': 'refused: not a generated file (move it away to generate here)',
};

function print(results: ModelResult[], format: string, shown: (abs: string) => string, io: Io): void {
  if (format === 'json') {
    io.out(JSON.stringify({ models: results.map((r) => jsonOf(r, shown)) }, null, 2));
    return;
  }
  for (const r of results) {
    for (const d of r.diagnostics) io.out(formatDiagnosticLine(r.model, d));
    if (!r.report || !r.outDir) {
      io.err(`${r.model}: ${plural(r.diagnostics.length, 'error')}; nothing generated`);
      continue;
    }
    for (const f of r.report.files) io.out(`${LABELS[f.reason].padEnd(9)} ${shown(path.join(r.outDir, f.path))}`);
    io.err(summary(r.model, shown(r.outDir), r.target!, r.report));
  }
}

function summary(model: string, outDir: string, target: CodegenTarget, report: WriteReport): string {
  const c = report.counts;
  const head = `${model} -> ${outDir} (${target})`;
  if (report.mode === 'write') {
    const parts = [`${c.written} written`, `${c.unchanged} unchanged`, `${c.kept} kept`, `${c.removed} removed`];
    if (c.refused > 0) parts.push(`${c.refused} refused`);
    return `${head}: ${parts.join(', ')}`;
  }
  const would = [`${c.written} to write`, `${c.removed} to remove`, ...(c.refused > 0 ? [`${c.refused} refused`] : [])];
  const state = isUpToDate(report) ? 'up to date' : would.join(', ');
  return `${head}: ${state} (${report.mode === 'check' ? '--check' : '--dry-run'}: nothing written)`;
}

function jsonOf(r: ModelResult, shown: (abs: string) => string): object {
  const diagnostics = r.diagnostics.map(diagnosticJson);
  if (!r.report || !r.outDir) return { model: r.model, diagnostics };
  const outDir = r.outDir;
  return {
    model: r.model,
    diagnostics,
    outDir: shown(outDir),
    target: r.target,
    mode: r.report.mode,
    upToDate: isUpToDate(r.report),
    counts: r.report.counts,
    files: r.report.files.map((f) => ({ file: shown(path.join(outDir, f.path)), ...f })),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
