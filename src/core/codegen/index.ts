import type { Model } from '../model/model.js';
import { withBanner } from './banner.js';
import { buildCodeModel, type CodeModel } from './codeModel.js';
import { renderDeciderFile } from './deciderFile.js';
import { renderDeciderTypeFile, renderErrorsFile } from './errorsFile.js';
import { renderHandlersFile } from './handlersFile.js';
import type { CodegenSettings, CodegenTarget, GenerationPlan, PlannedFile } from './plan.js';
import { renderPoliciesFiles } from './policiesFile.js';
import { renderProjectionFile } from './projectionFile.js';
import { renderAggregateSpec, renderProjectionsSpec } from './specFile.js';
import { renderTypesFile } from './typesFile.js';

export { readBanner } from './banner.js';
export type { CodegenSettings, CodegenTarget, FileOwner, GenerationPlan, PlannedFile } from './plan.js';

export interface PlanOptions {
  /** The model's path relative to the output folder's parent, with `/`: named in the banners. */
  modelPath: string;
  /** Overrides the model's `codegen.target`. */
  target?: CodegenTarget;
  /** Overrides the model's `codegen.out`. */
  out?: string;
}

/** The settings a plan uses: options first, then the model's `codegen` key, then the defaults. */
export function codegenSettings(model: Model, options: Pick<PlanOptions, 'target' | 'out'> = {}): CodegenSettings {
  const key = model.codegen;
  return {
    out: options.out ?? key?.out ?? 'generated',
    target: options.target ?? key?.target ?? 'emmett',
    declared: key?.out !== undefined,
  };
}

/**
 * Plans the code generated from a model without errors: every generated file and the user's
 * stubs, sorted by path. Pure and deterministic: the same model always gives the same bytes.
 */
export function planGeneratedFiles(model: Model, options: PlanOptions): GenerationPlan {
  const settings = codegenSettings(model, options);
  const cm = buildCodeModel(model, settings.target, options.modelPath);
  const files: PlannedFile[] = [];
  const generated = (path: string, content: string, element?: PlannedFile['element']) => {
    const f: PlannedFile = { path, content: withBanner(content, options.modelPath), owner: 'generated' };
    if (element) f.element = element;
    files.push(f);
  };
  generated('types.ts', renderTypesFile(cm));
  generated('errors.ts', renderErrorsFile(cm));
  if (cm.target === 'plain') generated('decider-type.ts', renderDeciderTypeFile(cm));
  for (const a of cm.aggregates) {
    const element = { kind: 'aggregate', name: a.aggregate.name } as const;
    generated(`${a.stem}.decider.ts`, renderDeciderFile(cm, a), element);
    files.push({ path: `${a.stem}.handlers.ts`, content: renderHandlersFile(cm, a), owner: 'user', element });
    const spec = renderAggregateSpec(cm, a);
    if (spec) generated(`${a.stem}.spec.ts`, spec, element);
  }
  for (const p of cm.projections) generated(`${p.stem}.projection.ts`, renderProjectionFile(cm, p), { kind: 'projection', name: p.projection.name });
  const policies = renderPoliciesFiles(cm);
  generated('policies.ts', policies.policies);
  for (const p of cm.policies) {
    const mapping = policies.mappings.get(p.stem);
    if (mapping) files.push({ path: `${p.stem}.mapping.ts`, content: mapping, owner: 'user', element: { kind: 'policy', name: p.policy.name } });
  }
  const projectionsSpec = renderProjectionsSpec(cm);
  if (projectionsSpec) generated('projections.spec.ts', projectionsSpec);
  generated('index.ts', renderIndexFile(cm));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { settings, files };
}

/** `index.ts`: the types and errors as they are, each decider and projection module as a namespace. */
function renderIndexFile(cm: CodeModel): string {
  const lines = ["export * from './types.js';", "export * from './errors.js';"];
  if (cm.target === 'plain') lines.push("export * from './decider-type.js';");
  for (const a of cm.aggregates) lines.push(`export * as ${a.namespace} from './${a.stem}.decider.js';`);
  for (const p of cm.projections) lines.push(`export * as ${p.namespace} from './${p.stem}.projection.js';`);
  lines.push("export * from './policies.js';");
  return lines.join('\n') + '\n';
}
