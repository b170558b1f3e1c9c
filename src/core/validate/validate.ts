import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { LIMITS } from '../model/limits.js';
import { dedupe, parseModel, type ParsedModel } from '../model/parse.js';
import { checkCodegen } from './codegen.js';
import { checkFlow } from './flow.js';
import { checkNames } from './names.js';
import { checkNamingConventions } from './naming.js';
import { checkReferences } from './references.js';
import { checkRules } from './rules.js';
import { checkScenarios } from './scenarios.js';
import { checkUpcasts } from './upcasts.js';
import { checkScenarioReplay } from './scenarioReplay.js';
import type { CheckContext, ValidateOptions } from './context.js';

export type { ValidateOptions } from './context.js';

/** Runs every model check on a parsed model; returns its parse diagnostics and the checks', sorted. */
export function validateModel(parsed: ParsedModel, options: ValidateOptions = {}): Diagnostic[] {
  const found: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.syntaxErrors) return capDiagnostics(dedupe(found));
  const c: CheckContext = {
    model: parsed.model,
    options: { namingConventions: options.namingConventions ?? true },
    report: (d) => found.push(d),
  };
  checkNames(c);
  checkNamingConventions(c);
  checkReferences(c);
  checkFlow(c);
  checkRules(c);
  checkScenarios(c);
  checkUpcasts(c);
  checkCodegen(c);
  checkScenarioReplay(c, found); // last: it skips scenarios the errors found so far touch
  return capDiagnostics(dedupe(found));
}

/** Parses and validates a model text in one step. */
export function validateModelText(text: string, options: ValidateOptions = {}): { parsed: ParsedModel; diagnostics: Diagnostic[] } {
  const parsed = parseModel(text);
  return { parsed, diagnostics: validateModel(parsed, options) };
}

/** Keeps the first errors of a runaway file, so editors and terminals stay usable. */
function capDiagnostics(list: Diagnostic[]): Diagnostic[] {
  if (list.length <= LIMITS.maxDiagnostics) return list;
  return sortDiagnostics(list).slice(0, LIMITS.maxDiagnostics);
}
