import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { planGeneratedFiles, validateModelText, type CodegenTarget, type GenerationPlan, type Model } from '../../../src/core/index.js';
import { ROOT } from './golden.js';

export const EXAMPLE_NAMES = ['bank', 'blog', 'cart', 'ship-tracking', 'shop'] as const;
export const TARGETS: readonly CodegenTarget[] = ['emmett', 'plain'];

/** An example's parsed model; throws when it has errors (examples validate clean). */
export function exampleModel(name: string): Model {
  const dir = path.join(ROOT, 'examples', name);
  const file = readdirSync(dir).find((f) => f.endsWith('.events.yaml'))!;
  const { parsed, diagnostics } = validateModelText(readFileSync(path.join(dir, file), 'utf8'));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${name}: ${errors.map((d) => d.message).join('; ')}`);
  return parsed.model;
}

/** The plan of an example for a target, as generated into `generated/` next to its model. */
export function examplePlan(name: string, target: CodegenTarget): GenerationPlan {
  return planGeneratedFiles(exampleModel(name), { modelPath: `${name}.events.yaml`, target });
}
