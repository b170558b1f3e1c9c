// Builds the bundles with esbuild: the CLI and the extension host (Node, CommonJS).
// Webview bundles (browser) are added to `targets` as panels arrive.
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// `--bench` builds the benchmarks instead, against the same yaml build the bundles ship.
const bench = process.argv.includes('--bench');

// Some ESM dependencies read `import.meta.url`, which CommonJS output lacks: give it the file's URL.
const importMetaUrl = {
  define: { 'import.meta.url': '__import_meta_url' },
  inject: ['scripts/import-meta-url.js'],
};

// yaml ships two builds of the same source. The Node build reads `process.env` once per token
// (a debug switch), and each read is a call into the runtime: about a fifth of the parse time
// of a large model. The platform-neutral build has no such switch, so every bundle uses it.
const yamlNeutralBuild = { alias: { yaml: './node_modules/yaml/browser/index.js' } };

// The event store reader (src/node/eventStore.ts) carries `pg`: it is a bundle of its own,
// dist/event-store.js, so the CLI and the extension load it only when a replay reads a store.
// In their bundles an `await import('../node/eventStore.js')` becomes an import of the file
// beside them, at run time; a static import would load it (and pg) at start-up.
const eventStoreApart = {
  name: 'event-store-apart',
  setup(build) {
    build.onResolve({ filter: /(^|\/)node\/eventStore\.js$/ }, () => ({ path: './event-store.js', external: true }));
  },
};

// Always minified, with source maps beside the bundles: the extension stays small (it is
// loaded on every activation) and stack traces still map back to the TypeScript sources.
/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // Loaded only for SVG export, when installed: the CLI works without it.
    external: ['playwright-core'],
    plugins: [eventStoreApart],
    ...importMetaUrl,
    ...yamlNeutralBuild,
  },
  {
    // The extension host loads this with require(); `vscode` is provided at run time.
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [eventStoreApart],
    ...importMetaUrl,
    ...yamlNeutralBuild,
  },
  {
    // The language server: VS Code starts it over IPC, other editors run `node dist/server.js --stdio`.
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    ...importMetaUrl,
    ...yamlNeutralBuild,
  },
  {
    // The event store reader and pg, required by the two bundles above when a replay reads a store.
    entryPoints: ['src/node/eventStore.ts'],
    outfile: 'dist/event-store.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // pg's optional native binding and its Cloudflare socket are never used here.
    external: ['pg-native', 'pg-cloudflare'],
  },
  {
    // The diagram preview's webview: Mermaid is bundled here and nowhere else.
    entryPoints: { diagram: 'webview/diagram/main.ts', 'diagram-style': 'webview/diagram/diagram.css' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The Replay panel's webview: shows the windows of a replay the host sends.
    entryPoints: { replay: 'webview/replay/main.ts', 'replay-style': 'webview/replay/replay.css' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

const common = { bundle: true, sourcemap: 'linked', minify: true, logLevel: 'warning', legalComments: 'none' };

const benchTargets = [
  {
    entryPoints: ['bench/validate.ts'],
    outfile: 'dist/bench/validate.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...importMetaUrl,
    ...yamlNeutralBuild,
  },
  {
    entryPoints: ['bench/generate.ts'],
    outfile: 'dist/bench/generate.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...importMetaUrl,
    ...yamlNeutralBuild,
  },
  {
    entryPoints: ['bench/languageServer.ts'],
    outfile: 'dist/bench/languageServer.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...importMetaUrl,
    ...yamlNeutralBuild,
  },
  {
    entryPoints: ['bench/replay.ts'],
    outfile: 'dist/bench/replay.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...importMetaUrl,
    ...yamlNeutralBuild,
  },
];

if (bench) {
  // Not minified: profiles of the benchmark should name the functions.
  await Promise.all(benchTargets.map((t) => esbuild.build({ ...common, minify: false, ...t })));
} else if (watch) {
  for (const t of targets) {
    const ctx = await esbuild.context({ ...common, ...t });
    await ctx.watch();
  }
  console.log('watching for changes...');
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
}
if (!bench) copyTerminateScript();

// vscode-languageclient ends a language server that outlived its stop (a hung one) with a
// script it looks for beside its own code, which in the bundle is dist/: put it there.
function copyTerminateScript() {
  const to = 'dist/terminateProcess.sh';
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync('node_modules/vscode-languageclient/lib/node/terminateProcess.sh', to);
  fs.chmodSync(to, 0o755);
}
