import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  diagnostic, FILE_START, parseSamples, validateModelText, validateSamples,
  type Diagnostic, type ParsedModel, type ValidateOptions,
} from '../core/index.js';
import { expandInputs, isModelFile, isSampleFile, NO_SAMPLE_MODEL, pairedSampleFiles, sampleModelFile } from './files.js';

export interface ValidateArgs {
  inputs: string[];
  format: 'text' | 'json';
  model?: string;
  options: ValidateOptions;
  cwd: string;
}

/** One file's findings, as the CLI reports them. */
export interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
}

/** Exit codes: 0 clean, 1 an error was found, 2 bad usage. */
export async function runValidate(args: ValidateArgs, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { files, unmatched } = await expandInputs(args.inputs, args.cwd);
  for (const u of unmatched) err(`event-model: no file matches '${u}'`);
  const targets = files.filter((f) => isModelFile(f) || isSampleFile(f));
  if (targets.length === 0) {
    err('event-model: no model (*.events.yaml) or sample (*.samples.yaml|json|jsonl) files to validate');
    return 2;
  }
  const reports = await validateFiles(targets, args);
  printReports(reports, args, out, err);
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

/** Validates models, their paired sample files, and the sample files named directly. */
export async function validateFiles(targets: string[], args: ValidateArgs): Promise<FileReport[]> {
  const models = new Map<string, ParsedModel>();
  const loadModel = (file: string): { parsed: ParsedModel; diagnostics: Diagnostic[] } => {
    const r = validateModelText(readFileSync(file, 'utf8'), args.options);
    models.set(file, r.parsed);
    return r;
  };
  const reports = new Map<string, FileReport>();
  const samples = new Set<string>(targets.filter(isSampleFile));
  for (const file of targets.filter(isModelFile)) {
    reports.set(file, { file, diagnostics: loadModel(file).diagnostics });
    for (const s of await pairedSampleFiles(file)) samples.add(s);
  }
  const fallbackModel = args.model ? path.resolve(args.cwd, args.model) : undefined;
  for (const file of [...samples].sort()) {
    const parsed = parseSamples(readFileSync(file, 'utf8'), file);
    const modelFile = sampleModelFile(file, parsed.model?.path, fallbackModel);
    let diagnostics: Diagnostic[];
    let model: ParsedModel | undefined;
    try {
      model = modelFile ? (models.get(modelFile) ?? loadModel(modelFile).parsed) : undefined;
    } catch {
      model = undefined;
    }
    if (!model) {
      const where = parsed.model?.range ?? FILE_START;
      const why = modelFile
        ? `The model '${path.relative(args.cwd, modelFile)}' cannot be read.`
        : NO_SAMPLE_MODEL;
      diagnostics = [diagnostic('sample-model-not-found', why, where), ...parsed.diagnostics];
    } else {
      diagnostics = validateSamples(parsed, model.model);
    }
    reports.set(file, { file, diagnostics });
  }
  return [...reports.values()].sort((a, b) => a.file.localeCompare(b.file));
}

function printReports(reports: FileReport[], args: ValidateArgs, out: (s: string) => void, err: (s: string) => void): void {
  const rel = (f: string) => path.relative(args.cwd, f).split(path.sep).join('/') || f;
  if (args.format === 'json') {
    const rows = reports.flatMap((r) =>
      r.diagnostics.map((d) => ({ file: rel(r.file), ...diagnosticJson(d) })),
    );
    out(JSON.stringify({ files: reports.length, diagnostics: rows }, null, 2));
    return;
  }
  const count = { error: 0, warning: 0, info: 0 };
  for (const r of reports) {
    for (const d of r.diagnostics) {
      count[d.severity]++;
      out(formatDiagnosticLine(rel(r.file), d));
    }
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  err(`${plural(reports.length, 'file')} checked: ${plural(count.error, 'error')}, ${plural(count.warning, 'warning')}, ${count.info} info`);
}

/** A diagnostic as `--format json` prints it: 1-based lines and columns. */
export function diagnosticJson(d: Diagnostic): object {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

/** `file:line:col severity code message`, 1-based, the way both CLI commands print a finding. */
export function formatDiagnosticLine(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`;
}
