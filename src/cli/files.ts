import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { conventionalModelPaths, isModelFile, isSampleFile } from '../core/index.js';

const IGNORE = ['**/node_modules/**', '**/.git/**', '**/dist/**'];

/** Expands the command line's files, folders and globs into model and sample files, sorted. */
export async function expandInputs(inputs: string[], cwd: string): Promise<{ files: string[]; unmatched: string[] }> {
  const found = new Set<string>();
  const unmatched: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let hits: string[];
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      hits = await glob(['**/*.events.{yaml,yml}', '**/*.samples.{yaml,yml,json,jsonl}'], { cwd: abs, absolute: true, ignore: IGNORE });
    } else if (existsSync(abs)) {
      hits = [abs];
    } else {
      hits = await glob([input.replace(/\\/g, '/')], { cwd, absolute: true, ignore: IGNORE });
    }
    if (hits.length === 0) unmatched.push(input);
    for (const h of hits) found.add(path.normalize(h));
  }
  return { files: [...found].sort(), unmatched };
}

/** The sample files that pair with a model by name in its folder (`shop.samples.yaml`, `shop.x.samples.jsonl`). */
export async function pairedSampleFiles(modelPath: string): Promise<string[]> {
  const dir = path.dirname(modelPath);
  const candidates = await glob(['*.samples.{yaml,yml,json,jsonl}'], { cwd: dir, absolute: true });
  return candidates
    .map((c) => path.normalize(c))
    .filter((c) => conventionalModelPaths(c).some((m) => path.normalize(m) === path.normalize(modelPath)))
    .sort();
}

/** The model a sample file pairs with by name, if one exists. */
export function conventionalModel(samplePath: string): string | undefined {
  return conventionalModelPaths(samplePath).find((p) => existsSync(p));
}

/**
 * The model of a sample file, as `validate` and `replay` find it: the file its `model:` key names
 * (relative to the sample file), else the model it pairs with by name, else `fallback` (--model).
 */
export function sampleModelFile(samplePath: string, named: string | undefined, fallback: string | undefined): string | undefined {
  return (named !== undefined ? path.resolve(path.dirname(samplePath), named) : undefined) ?? conventionalModel(samplePath) ?? fallback;
}

/** Why a sample file has no model, and the three ways to give it one. */
export const NO_SAMPLE_MODEL = 'No model for this sample file: add `model: <path>`, name it after a model (shop.samples.yaml beside shop.events.yaml), or pass --model.';

export { isModelFile, isSampleFile };
