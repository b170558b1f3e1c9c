import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  diagnostic, FILE_START, isJsonLines, parseSamples, validateModelText, validateSamples,
  type Diagnostic, type Model, type ParsedModel, type Range, type Severity, type ValidateOptions,
} from '../core/index.js';
import { validateJsonLinesFile } from '../node/jsonLinesFile.js';
import { expandInputs, isModelFile, isSampleFile, NO_SAMPLE_MODEL, pairedSampleFiles, sampleModelFile } from './files.js';

/** How many findings are listed for a JSON Lines file (which may hold millions of lines); the rest are counted. */
export const MAX_LISTED_PER_JSON_LINES_FILE = 100;

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
  /** Findings found but not listed (a long JSON Lines file), by severity. */
  omitted?: Record<Severity, number>;
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
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error') || (r.omitted?.error ?? 0) > 0) ? 1 : 0;
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
  const modelFor = (file: string, named: { path: string; range: Range } | undefined): { model?: ParsedModel; problem?: Diagnostic } => {
    const modelFile = sampleModelFile(file, named?.path, fallbackModel);
    let model: ParsedModel | undefined;
    try {
      model = modelFile ? (models.get(modelFile) ?? loadModel(modelFile).parsed) : undefined;
    } catch {
      model = undefined;
    }
    if (model) return { model };
    const why = modelFile ? `The model '${path.relative(args.cwd, modelFile)}' cannot be read.` : NO_SAMPLE_MODEL;
    return { problem: diagnostic('sample-model-not-found', why, named?.range ?? FILE_START) };
  };
  for (const file of [...samples].sort()) {
    if (isJsonLines(file)) {
      reports.set(file, await validateJsonLinesSampleFile(file, modelFor));
      continue;
    }
    const parsed = parseSamples(readFileSync(file, 'utf8'), file);
    const found = modelFor(file, parsed.model);
    const diagnostics = found.model ? validateSamples(parsed, found.model.model) : [found.problem!, ...parsed.diagnostics];
    reports.set(file, { file, diagnostics });
  }
  return [...reports.values()].sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * A JSON Lines sample file, streamed from disk and checked line by line, so a file of any
 * length is checked in bounded memory; the first findings are listed and the rest counted.
 */
async function validateJsonLinesSampleFile(
  file: string,
  modelFor: (file: string, named: { path: string; range: Range } | undefined) => { model?: ParsedModel; problem?: Diagnostic },
): Promise<FileReport> {
  let problem: Diagnostic | undefined;
  const pick = (named: { path: string; range: Range } | undefined): Model | undefined => {
    const found = modelFor(file, named);
    problem = found.problem;
    return found.model?.model;
  };
  const max = MAX_LISTED_PER_JSON_LINES_FILE;
  const result = await validateJsonLinesFile(file, pick, { maxListed: max });
  const diagnostics = problem ? [problem, ...result.diagnostics].slice(0, max) : result.diagnostics;
  const severities = { ...result.severities };
  if (problem) severities[problem.severity]++;
  for (const d of diagnostics) severities[d.severity]--;
  const report: FileReport = { file, diagnostics };
  if (severities.error + severities.warning + severities.info > 0) report.omitted = severities;
  return report;
}

function printReports(reports: FileReport[], args: ValidateArgs, out: (s: string) => void, err: (s: string) => void): void {
  const rel = (f: string) => path.relative(args.cwd, f).split(path.sep).join('/') || f;
  if (args.format === 'json') {
    const rows = reports.flatMap((r) =>
      r.diagnostics.map((d) => ({ file: rel(r.file), ...diagnosticJson(d) })),
    );
    const omitted = reports.filter((r) => r.omitted).map((r) => ({ file: rel(r.file), ...r.omitted }));
    out(JSON.stringify({ files: reports.length, diagnostics: rows, ...(omitted.length > 0 ? { omitted } : {}) }, null, 2));
    return;
  }
  const count = { error: 0, warning: 0, info: 0 };
  for (const r of reports) {
    for (const d of r.diagnostics) {
      count[d.severity]++;
      out(formatDiagnosticLine(rel(r.file), d));
    }
    if (r.omitted) {
      const more = r.omitted.error + r.omitted.warning + r.omitted.info;
      count.error += r.omitted.error;
      count.warning += r.omitted.warning;
      count.info += r.omitted.info;
      out(`${rel(r.file)}: ... and ${more} more (the first ${r.diagnostics.length} are listed)`);
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
