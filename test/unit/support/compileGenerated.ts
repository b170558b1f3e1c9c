import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GenerationPlan } from '../../../src/core/index.js';
import { ROOT } from './golden.js';

/**
 * Type-checks generated code the way a user's project would: the plan's files (generated and the
 * user's stubs) written to disk and compiled by `tsc` with the strict flags the generator
 * promises. Many plans compile as one program, each in its own folder, so a test pays for one
 * compiler start. The folders live under the repository's git-ignored `.cache/`, so imports of
 * `@event-driven-io/emmett` and `@types/node` resolve from its `node_modules`.
 *
 * TypeScript 7 has no in-process `ts.createProgram`; its `tsc` is a native program, run here on a
 * generated tsconfig.json.
 */

/** The compiler options generated code must pass with no diagnostics. */
export const GENERATED_CODE_OPTIONS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  target: 'ES2022',
  lib: ['ES2022'],
  skipLibCheck: true,
  types: ['node'],
  noEmit: true,
} as const;

/** One plan to write, in the folder `name`. */
export interface GeneratedProject {
  name: string;
  plan: GenerationPlan;
}

export interface CompileResult {
  /** `tsc`'s diagnostics, one a line, with paths relative to the compiled folder; empty when clean. */
  diagnostics: string[];
  /** Where the files were written (removed after a clean compile unless `keep`). */
  root: string;
  /** How long `tsc` took, in milliseconds. */
  ms: number;
}

let runs = 0;

/** A fresh folder under `.cache/` for one compile or test run. */
export function scratchFolder(label: string): string {
  const dir = path.join(ROOT, '.cache', 'generated', `${label}-${process.pid}-${++runs}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Generated code is ES modules, as in a project with "type": "module".
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  return dir;
}

/** Writes each plan's files into `<root>/<name>/`. */
export function writeProjects(root: string, projects: readonly GeneratedProject[]): void {
  for (const p of projects) {
    for (const f of p.plan.files) {
      const file = path.join(root, p.name, ...f.path.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.content);
    }
  }
}

/** Writes the plans and compiles all of them as one TypeScript program. */
export function compileGenerated(projects: readonly GeneratedProject[], options: { label?: string; keep?: boolean } = {}): CompileResult {
  const root = scratchFolder(options.label ?? 'compile');
  writeProjects(root, projects);
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: GENERATED_CODE_OPTIONS, include: ['**/*.ts'] }, null, 2));
  const started = performance.now();
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', root, '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Math.round(performance.now() - started);
  if (run.error) throw run.error;
  const diagnostics = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
  if (run.status !== 0 && diagnostics.length === 0) diagnostics.push(`tsc exited with ${run.status} and no output`);
  if (diagnostics.length === 0 && !options.keep) rmSync(root, { recursive: true, force: true });
  return { diagnostics, root, ms };
}
