// `npm run examples`: the main job, on the bundled examples (every folder of examples/ with a model).
// For each example it validates the model and its sample files, generates the model's code and
// type-checks it with the strict flags generated code is promised to pass, runs the scenario
// tests (node:test, Emmett) against the example's own handlers, replays each sample file to its
// final state, and draws the model's diagrams. It prints one line per example and a total, and
// exits 0 when everything passed, 1 when something failed (with what failed above the summary).
//
// Everything is done by the built command-line tool (dist/cli.js, run in this process), so the
// job is what a user of the CLI gets: `npm run build` first, as the package script does.
// Everything is written under one folder, `.cache/examples/` (git-ignored; `--out` names
// another folder inside the repository), which this job owns: it rewrites what it wrote there,
// and nothing else is written. Generated code goes through the CLI's `generate`, whose writes
// are atomic and only touch files that change; the example's handlers (the files generated code
// leaves to the user) are copied there from the example, so the scenarios run against them.
//
//   node scripts/examples.mjs [--out <folder>] [--examples <folder>]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { withoutNpmEnv } from './vscode/without-npm-env.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** A path as the summary shows it: relative to the repository, with `/`. */
const shown = (abs) => path.relative(ROOT, abs).split(path.sep).join('/') || '.';
const plural = (n, word, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/**
 * Runs the job. Returns the exit code; `print` gets the report, a line at a time.
 * @param {{ out?: string, examples?: string, print?: (line: string) => void }} options
 */
export async function runExamples(options = {}) {
  const print = options.print ?? ((line) => console.log(line));
  const started = performance.now();
  const examplesDir = path.resolve(ROOT, options.examples ?? 'examples');
  const outRoot = path.resolve(ROOT, options.out ?? '.cache/examples');
  const inside = (dir, parent) => dir === parent || !path.relative(parent, dir).startsWith('..');
  if (!inside(outRoot, ROOT) || outRoot === ROOT) {
    print(`examples: the output folder must be inside the repository (its node_modules provide Emmett and tsx), not '${outRoot}'`);
    return 2;
  }
  if (inside(outRoot, examplesDir) || inside(examplesDir, outRoot)) {
    print(`examples: the output folder '${shown(outRoot)}' must be apart from the examples '${shown(examplesDir)}': nothing is written among them`);
    return 2;
  }
  const cliFile = path.join(ROOT, 'dist/cli.js');
  if (!existsSync(cliFile)) {
    print('examples: dist/cli.js is missing: run `npm run build` first (`npm run examples` does)');
    return 2;
  }
  const { main } = require(cliFile);
  /** Runs one CLI command in this process: its exit code, and what it printed. */
  const cli = async (...argv) => {
    const out = [];
    const err = [];
    let code;
    try {
      code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, ROOT);
    } catch (e) {
      code = 2;
      err.push(`event-model ${argv[0]}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  const names = readdirSync(examplesDir)
    .filter((n) => statSync(path.join(examplesDir, n)).isDirectory() && readdirSync(path.join(examplesDir, n)).some(isModel))
    .sort();
  if (names.length === 0) {
    print(`examples: no example (a folder with a *.events.yaml model) in ${shown(examplesDir)}`);
    return 2;
  }
  mkdirSync(outRoot, { recursive: true });

  /** What went wrong (or is worth knowing), printed above the summary: `{ example, text, info }`. */
  const problems = [];
  const results = [];
  for (const name of names) {
    const dir = path.join(examplesDir, name);
    const out = path.join(outRoot, name);
    const fail = (text, info = false) => problems.push({ example: name, text, info });
    const r = { name, model: '', checked: 0, errors: 0, valid: 0, generated: 0, scenarios: 0, passed: 0, replays: [], diagrams: 0 };
    results.push(r);
    const models = readdirSync(dir).filter(isModel).sort();
    if (models.length !== 1) fail(`${plural(models.length, 'model')} in ${shown(dir)}; an example has one`);
    const model = path.join(dir, models[0]);
    r.model = shown(model);
    r.scenarios = countScenarios(model);

    // 1. Validate the model and every sample file of the folder.
    const validated = await cli('validate', shown(dir), '--format', 'json');
    const report = parseJson(validated.out);
    const diagnostics = report?.diagnostics ?? [];
    r.checked = report?.files ?? 0;
    r.errors = diagnostics.filter((d) => d.severity === 'error').length;
    r.valid = r.checked - new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size;
    for (const d of diagnostics) fail(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`, d.severity !== 'error');
    if (validated.code !== 0 && !diagnostics.some((d) => d.severity === 'error')) fail(`validate exited ${validated.code}: ${validated.err}`);

    // 2. Generate the code into the job's folder, next to a copy of the example's own handlers
    // (the files the generator creates once for the user): the dry run says which they are.
    const generatedDir = path.join(out, 'generated');
    mkdirSync(generatedDir, { recursive: true });
    const planned = parseJson((await cli('generate', r.model, '--dry-run', '--format', 'json')).out)?.models?.[0];
    for (const f of (planned?.files ?? []).filter((f) => f.owner === 'user')) {
      const from = path.join(ROOT, planned.outDir, ...f.path.split('/'));
      const to = path.join(generatedDir, ...f.path.split('/'));
      if (!existsSync(from)) continue; // the generator writes its stub, and the scenarios say what is missing
      mkdirSync(path.dirname(to), { recursive: true });
      if (!existsSync(to) || !readFileSync(to).equals(readFileSync(from))) copyFileSync(from, to);
    }
    const generated = await cli('generate', r.model, '--out', shown(generatedDir), '--format', 'json');
    const written = parseJson(generated.out)?.models?.[0];
    if (generated.code !== 0 || !written?.files) {
      fail(`generate exited ${generated.code}`);
      for (const d of written?.diagnostics ?? []) fail(`${r.model}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
      if (generated.err) fail(generated.err);
    } else {
      r.generated = written.files.filter((f) => f.owner === 'generated' && (f.action === 'written' || f.action === 'unchanged')).length;
    }

    // 3. Replay every sample file to its final state (the text report is kept beside the code).
    mkdirSync(path.join(out, 'replay'), { recursive: true });
    for (const sample of readdirSync(dir).filter(isSample).sort()) {
      const file = shown(path.join(dir, sample));
      const text = await cli('replay', file);
      const printed = [text.out, text.err].filter(Boolean).join('\n\n');
      writeFileSync(path.join(out, 'replay', `${sample}.txt`), `${printed}\n`);
      const json = await cli('replay', file, '--format', 'json');
      const state = parseJson(json.out);
      r.replays.push({
        label: sample.replace(/\.samples\.(ya?ml|jsonl?)$/i, ''),
        events: state?.position ?? 0,
        instances: state?.state.aggregates.length ?? 0,
        rows: (state?.state.projections ?? []).reduce((n, p) => n + p.rows.length, 0),
        problems: state?.problemCount ?? 0,
      });
      if (text.code !== 0 || json.code !== 0 || !state) fail(`replay ${file} exited ${text.code}:\n${printed}`);
    }

    // 4. Draw the model: its flow and its timeline, as Markdown with a Mermaid block.
    for (const view of ['flow', 'timeline']) {
      const target = path.join(out, `${path.basename(model).replace(/\.events\.ya?ml$/i, '')}.${view}.md`);
      const drawn = await cli('diagram', r.model, '--view', view, '--out', shown(target));
      if (drawn.code === 0 && existsSync(target)) r.diagrams += 1;
      else fail(`diagram --view ${view} exited ${drawn.code}: ${drawn.err}`);
      if (drawn.code === 0 && drawn.err) fail(drawn.err, true);
    }
  }

  // 5. Type-check every example's code as one strict program, then run all their scenario tests
  // in one node process (a process per spec file would start tsx and Emmett a dozen times).
  const tsc = typeCheck(outRoot, names);
  for (const line of tsc.diagnostics) problems.push({ example: names.find((n) => line.startsWith(`${n}/`)), text: `tsc: ${shown(outRoot)}/${line}`, info: false });
  const tests = runScenarioTests(outRoot, names);
  if (!tests.ran) problems.push({ text: `the scenario tests did not run:\n${tests.output.slice(0, 4000)}`, info: false });
  for (const r of results) {
    const mine = tests.results.filter((t) => t.path[0] === r.name);
    const leaves = mine.filter((t) => !t.suite);
    r.passed = leaves.filter((t) => t.ok && !t.skipped).length;
    for (const t of mine.filter((t) => !t.ok || t.skipped)) {
      if (t.failureType === 'subtestsFailed') continue; // a suite fails with its tests, listed on their own
      const what = t.path.slice(1).join(' > ') || '(loading its spec files)';
      problems.push({ example: r.name, text: `scenario test ${t.skipped ? 'skipped' : 'failed'}: ${what}${t.error ? `\n    ${t.error}` : ''}`, info: false });
    }
    if (leaves.length !== r.scenarios) problems.push({ example: r.name, text: `${plural(r.scenarios, 'scenario')} in the model, but ${plural(leaves.length, 'scenario test')} ran`, info: false });
  }
  for (const r of results) r.ok = !problems.some((p) => p.example === r.name && !p.info);
  const failed = problems.some((p) => !p.info);

  // The report: what went wrong first, then one line per example, then the total.
  print(`Event Model Studio: the main job on ${plural(results.length, 'example')} (${shown(examplesDir)}/*/), written to ${shown(outRoot)}/${options.out === undefined ? ' (git-ignored)' : ''}`);
  print('');
  for (const p of problems) print(`${p.example ? `${p.example}: ` : ''}${p.info ? '(not a failure) ' : ''}${p.text}`);
  if (problems.length > 0) print('');
  const width = Math.max(...names.map((n) => n.length));
  for (const r of results) print(exampleLine(r, width));
  const total = (key) => results.reduce((n, r) => n + r[key], 0);
  const replays = results.flatMap((r) => r.replays);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  print('');
  print(
    `${failed ? 'FAILED' : 'All passed'}: ${total('valid')}/${plural(total('checked'), 'file')} valid; ${plural(total('generated'), 'file')} generated, ` +
      `tsc --strict ${tsc.diagnostics.length === 0 ? 'clean' : `${plural(tsc.diagnostics.length, 'error')}`}; ` +
      `${total('passed')}/${total('scenarios')} scenario tests passed; ${plural(replays.length, 'sample file')} replayed ` +
      `(${plural(replays.reduce((n, x) => n + x.events, 0), 'event')}, ${plural(replays.reduce((n, x) => n + x.problems, 0), 'problem')}); ` +
      `${plural(total('diagrams'), 'diagram')} written (${seconds} s).`,
  );
  print(`In ${shown(outRoot)}/<example>/: generated/ (the code, its tests, a copy of the example's handlers), replay/ (each final state in full), <model>.flow.md and <model>.timeline.md.`);
  return failed ? 1 : 0;
}

/** One example's line: the model, the files generated, the tests passed, each replay's final state, the diagrams. */
function exampleLine(r, width) {
  const samples = r.replays.length;
  const replays = r.replays.map((x) => `${x.label} (${plural(x.events, 'event')}) -> ${plural(x.instances, 'instance')}, ${plural(x.rows, 'row')}`).join('; ');
  return [
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(width)}  ${path.basename(r.model)}${r.checked > 1 ? ` + ${plural(r.checked - 1, 'sample file')}` : ''} ${r.errors > 0 ? `checked: ${plural(r.errors, 'error')}` : 'valid'}`,
    `${plural(r.generated, 'file')} generated`,
    `${r.passed}/${r.scenarios} scenario tests passed`,
    samples > 0 ? `replayed ${replays}` : 'no sample file',
    `${plural(r.diagrams, 'diagram')}`,
  ].join(' | ');
}

function isModel(file) {
  return /\.events\.ya?ml$/i.test(file);
}

function isSample(file) {
  return /\.samples\.(ya?ml|jsonl?)$/i.test(file);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The number of scenarios a model lists (its top-level `scenarios:`), read with the yaml package the CLI uses. */
function countScenarios(model) {
  const { parse } = require('yaml');
  try {
    const doc = parse(readFileSync(model, 'utf8'));
    return Array.isArray(doc?.scenarios) ? doc.scenarios.length : 0;
  } catch {
    return 0;
  }
}

/** A child node with the environment of a shell, not of `npm run`, and no inherited NODE_OPTIONS. */
function node(args, cwd) {
  const run = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...withoutNpmEnv(process.env), NODE_OPTIONS: '' },
  });
  if (run.error) throw run.error;
  return run;
}

/**
 * `tsc` on every example's generated folder at once, with the compiler options of
 * examples/tsconfig.json (the strict flags generated code is promised to pass). The diagnostics,
 * with paths relative to the output folder.
 */
function typeCheck(outRoot, names) {
  // The generated code is ES modules, as in a project with "type": "module".
  writeIfChanged(path.join(outRoot, 'package.json'), '{ "type": "module", "private": true }\n');
  const config = {
    extends: path.relative(outRoot, path.join(ROOT, 'examples/tsconfig.json')).split(path.sep).join('/'),
    include: names.map((n) => `${n}/generated/**/*.ts`),
  };
  writeIfChanged(path.join(outRoot, 'tsconfig.json'), `${JSON.stringify(config, null, 2)}\n`);
  const run = node([path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', outRoot, '--pretty', 'false'], outRoot);
  const diagnostics = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
  if (run.status !== 0 && diagnostics.length === 0) diagnostics.push(`tsc exited with ${run.status} and no output`);
  return { diagnostics };
}

/**
 * Runs every example's spec files in one node process, each example a suite of its own, and
 * reads the outcome of every test through a reporter that prints one JSON line per test.
 */
function runScenarioTests(outRoot, names) {
  const suites = names.map((name) => {
    const dir = path.join(outRoot, name, 'generated');
    const specs = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.spec.ts')).sort() : [];
    const imports = specs.map((f) => `await import(${JSON.stringify(pathToFileURL(path.join(dir, f)).href)});`).join(' ');
    // A spec file that fails to load fails its example's suite, not the whole run.
    return `describe(${JSON.stringify(name)}, async () => { ${imports} });`;
  });
  const entry = path.join(outRoot, 'scenarios.test.mjs');
  writeIfChanged(entry, `// Written by scripts/examples.mjs: every example's scenario tests, in one process.\nimport { describe } from 'node:test';\n${suites.join('\n')}\n`);
  const reporter = path.join(outRoot, 'reporter.mjs');
  writeIfChanged(reporter, REPORTER);
  // From the repository's root, so `tsx` and `@event-driven-io/emmett` resolve from its node_modules.
  const run = node(['--import', 'tsx', `--test-reporter=${pathToFileURL(reporter).href}`, '--test-reporter-destination=stdout', entry], ROOT);
  const results = [];
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{"path"')) continue;
    const r = parseJson(line);
    if (r) results.push(r);
  }
  return { results, ran: results.length > 0, output: `${run.stdout}${run.stderr}` };
}

/** A node:test reporter: one JSON line per test or suite that ends, with the names of the suites it is in. */
const REPORTER = `// Written by scripts/examples.mjs: one JSON line per test that ends.
export default async function* reporter(source) {
  const stack = [];
  for await (const event of source) {
    const d = event.data;
    if (event.type === 'test:start') {
      stack.length = d.nesting;
      stack[d.nesting] = d.name;
    } else if (event.type === 'test:pass' || event.type === 'test:fail') {
      const error = d.details && d.details.error;
      const cause = error && (error.cause || error);
      yield JSON.stringify({
        path: [...stack.slice(0, d.nesting), d.name],
        ok: event.type === 'test:pass',
        suite: d.details && d.details.type === 'suite',
        skipped: Boolean(d.skip || d.todo),
        error: cause ? String(cause.message || cause).split('\\n')[0] : undefined,
        failureType: error ? error.failureType : undefined,
      }) + '\\n';
    }
  }
}
`;

function writeIfChanged(file, content) {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  writeFileSync(file, content);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, examples: { type: 'string' } } });
  process.exitCode = await runExamples(values);
}
