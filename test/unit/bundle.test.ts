import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './support/golden.js';

describe('bundles', () => {
  const extension = path.join(ROOT, 'dist/extension.js');

  before(function () {
    if (!existsSync(extension)) this.skip(); // `npm test` builds first; a bare `mocha` run may not have
  });

  it('dist/extension.js stays under 800 KB', () => {
    const size = statSync(extension).size;
    // 300 KB until the Replay panel's host code and the replay engine it runs joined the bundle;
    // 400 KB until the language server's client (vscode-languageclient, about 350 KB) joined it.
    assert.ok(size < 800 * 1024, `dist/extension.js is ${(size / 1024).toFixed(1)} KB`);
  });

  it('dist/extension.js holds no Mermaid: diagrams render in the webview only', () => {
    // Markers of the Mermaid library itself (the host may still write Mermaid text).
    assert.doesNotMatch(readFileSync(extension, 'utf8'), /mermaidAPI|@mermaid-js|DOMPurify/);
  });

  it('activation events never include "*"', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { activationEvents: string[] };
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.every((e) => /^(onLanguage|workspaceContains|onCommand|onWebviewPanel):/.test(e)), manifest.activationEvents.join());
  });
});
