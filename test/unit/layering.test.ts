import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './support/golden.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|mts|cts|js)$/.test(name) ? [full] : [];
  });
}

/** Every module specifier a file imports, requires or re-exports. */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s+['"]([^'"]+)['"]/g];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]!);
  return specs;
}

describe('layering', () => {
  for (const layer of ['src/core', 'src/cli', 'src/node', 'src/protocol']) {
    it(`${layer} imports nothing from vscode`, () => {
      let files: string[];
      try {
        files = sourceFiles(path.join(ROOT, layer));
      } catch {
        return; // the layer does not exist yet
      }
      const offenders = files.filter((f) => importsOf(readFileSync(f, 'utf8')).some((s) => s === 'vscode' || s.startsWith('vscode/')));
      assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
    });
  }

  it('src/core imports neither the CLI, the Node-only code nor the extension', () => {
    const offenders = sourceFiles(path.join(ROOT, 'src/core')).filter((f) =>
      importsOf(readFileSync(f, 'utf8')).some((s) => /(^|\/)(cli|node|extension)(\/|$)/.test(s)),
    );
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
  });

  it('src/node (shared by the CLI and the extension) imports neither of them', () => {
    const offenders = sourceFiles(path.join(ROOT, 'src/node')).filter((f) =>
      importsOf(readFileSync(f, 'utf8')).some((s) => /(^|\/)(cli|extension)(\/|$)/.test(s)),
    );
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
  });

  it('the import scanner finds the forms it must catch', () => {
    const text = `import * as vscode from 'vscode';\nconst v = require("vscode");\nexport { x } from 'vscode';\nawait import('vscode');`;
    assert.deepEqual(importsOf(text).filter((s) => s === 'vscode').length, 4);
  });
});
