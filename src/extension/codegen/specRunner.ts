import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Runs generated `node:test` spec files in a child process and reads each test's outcome.
 *
 * TypeScript runs without a build step, in the first way that works:
 * 1. the project's own tsx (`node_modules/tsx` above the output folder), with the `node` on the PATH;
 * 2. Node.js 22.6 or later on the PATH, which strips types itself (generated code uses only
 *    erasable syntax: `import type`, no enums, no parameter properties);
 * 3. the runtime VS Code runs the extension in, when it is such a Node.js (Electron as Node).
 * Type stripping runs files as written, and generated imports end in `.js` (as TypeScript's NodeNext
 * resolution wants), so a small resolve hook maps a missing `./x.js` to `./x.ts`.
 *
 * Results come from a reporter of our own that writes one JSON line per event, marked so that
 * whatever the tests print cannot pass for a result.
 */

/** One test's outcome. */
export interface SpecResult {
  /** The spec file, absolute. */
  file: string;
  name: string;
  /** 0 for a `describe` (or a whole file that failed to load), 1 for an `it` inside one. */
  nesting: number;
  passed: boolean;
  durationMs?: number;
  message?: string;
  /** For a failed deep comparison: both sides, printed. */
  expected?: string;
  actual?: string;
}

export interface SpecRun {
  results: SpecResult[];
  /** What each spec file wrote to stderr (a load failure says why there). */
  stderr: Map<string, string>;
  /** How the tests ran, for the output. */
  runtime: string;
}

interface Runtime {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  label: string;
}

const MARK = '\u0001event-model-studio ';

const REPORTER = `import { inspect } from 'node:util';
const MARK = ${JSON.stringify(MARK)};
const shown = (v) => inspect(v, { depth: 8, sorted: true, breakLength: 80 });
export default async function* report(source) {
  for await (const event of source) {
    const d = event.data;
    if (event.type === 'test:pass' || event.type === 'test:fail') {
      const error = d.details?.error;
      const cause = error && typeof error.cause === 'object' && error.cause !== null ? error.cause : error;
      const out = { kind: 'result', file: d.file ?? '', name: d.name, nesting: d.nesting, passed: event.type === 'test:pass', durationMs: d.details?.duration_ms };
      if (cause) out.message = String(cause.message ?? cause);
      if (cause && (cause.operator === 'deepStrictEqual' || cause.operator === 'strictEqual')) {
        out.expected = shown(cause.expected);
        out.actual = shown(cause.actual);
      }
      yield MARK + JSON.stringify(out) + '\\n';
    } else if (event.type === 'test:stderr' || event.type === 'test:stdout') {
      yield MARK + JSON.stringify({ kind: event.type === 'test:stderr' ? 'stderr' : 'stdout', file: d.entryFile ?? d.file ?? '', message: d.message }) + '\\n';
    }
  }
}
`;

const RESOLVE_TS = `export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !relative || !specifier.endsWith('.js')) throw error;
    return next(specifier.slice(0, -3) + '.ts', context);
  }
}
`;

const dataUrl = (code: string) => `data:text/javascript,${encodeURIComponent(code)}`;
const REGISTER_RESOLVE_TS = dataUrl(`import { register } from 'node:module';\nregister(${JSON.stringify(dataUrl(RESOLVE_TS))});\n`);

/** `v22.6.0` -> [22, 6]. */
function versionOf(text: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\./.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const atLeast = (v: [number, number] | undefined, major: number, minor: number) => v !== undefined && (v[0] > major || (v[0] === major && v[1] >= minor));

/** The version of the `node` on the PATH, or undefined when there is none. */
function nodeOnPath(): Promise<[number, number] | undefined> {
  return new Promise((resolve) => {
    execFile('node', ['--version'], { timeout: 10_000, windowsHide: true }, (error, stdout) => resolve(error ? undefined : versionOf(stdout)));
  });
}

/** The nearest folder at or above `from` with tsx installed. */
function projectWithTsx(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', 'tsx', 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** How the specs of an output folder run here, or why they cannot. */
export async function testRuntime(outDir: string): Promise<Runtime | { error: string }> {
  const pathNode = await nodeOnPath();
  const host = versionOf(process.versions.node);
  // The extension host is either Node itself or Electron, which runs as Node with this variable.
  const hostEnv = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
  const tsx = projectWithTsx(outDir);
  const strip = (version: [number, number]) => [
    // Node 23.6 strips types by default; 22.6 to 23.5 need the flag.
    ...(atLeast(version, 23, 6) ? [] : ['--experimental-strip-types']),
    '--disable-warning=ExperimentalWarning',
    '--import',
    REGISTER_RESOLVE_TS,
  ];
  if (tsx && atLeast(pathNode, 20, 6)) return { command: 'node', args: ['--import', 'tsx'], env: process.env, cwd: tsx, label: 'node --import tsx (the project\'s tsx)' };
  if (pathNode && atLeast(pathNode, 22, 6)) return { command: 'node', args: strip(pathNode), env: process.env, cwd: outDir, label: `node ${pathNode.join('.')} (type stripping)` };
  if (tsx && atLeast(host, 20, 6)) return { command: process.execPath, args: ['--import', 'tsx'], env: hostEnv, cwd: tsx, label: 'the editor\'s Node.js with the project\'s tsx' };
  if (host && atLeast(host, 22, 6)) return { command: process.execPath, args: strip(host), env: hostEnv, cwd: outDir, label: `the editor's Node.js ${host.join('.')} (type stripping)` };
  return {
    error: `Running scenarios needs Node.js 22.6 or later on the PATH (found ${pathNode ? pathNode.join('.') : 'none'}), or tsx installed in the project (npm install --save-dev tsx).`,
  };
}

/** A `--test-name-pattern` that matches exactly this test name. */
export function exactNamePattern(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}

/**
 * Runs the given spec files (absolute paths), only the tests with these names when given, and
 * resolves with every outcome. `onOutput` receives what the tests print; `signal` stops the run.
 */
export async function runSpecs(outDir: string, files: string[], names: string[], onOutput: (text: string) => void, signal: AbortSignal): Promise<SpecRun | { error: string }> {
  const runtime = await testRuntime(outDir);
  if ('error' in runtime) return runtime;
  const args = [...runtime.args, '--test', `--test-reporter=${dataUrl(REPORTER)}`, ...names.map((n) => `--test-name-pattern=${exactNamePattern(n)}`), ...files];
  const results: SpecResult[] = [];
  const stderr = new Map<string, string>();
  return new Promise((resolve) => {
    const child = spawn(runtime.command, args, { cwd: runtime.cwd, env: runtime.env, signal, windowsHide: true });
    let pending = '';
    const onLine = (line: string) => {
      if (!line.startsWith(MARK)) {
        if (line.trim() !== '') onOutput(`${line}\n`);
        return;
      }
      const event = JSON.parse(line.slice(MARK.length)) as ({ kind: 'result' } & SpecResult) | { kind: 'stderr' | 'stdout'; file: string; message: string };
      if (event.kind === 'result') {
        const { kind: _kind, ...result } = event;
        results.push(result);
      } else {
        if (event.kind === 'stderr') stderr.set(event.file, (stderr.get(event.file) ?? '') + event.message);
        onOutput(event.message);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => onOutput(chunk));
    child.on('error', (e) => resolve({ error: signal.aborted ? 'The run was cancelled.' : `Cannot start ${runtime.command}: ${e.message}` }));
    child.on('close', () => {
      if (pending) onLine(pending);
      resolve(signal.aborted ? { error: 'The run was cancelled.' } : { results, stderr, runtime: runtime.label });
    });
  });
}
