import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from './golden.js';
import { StdioEditor } from './stdioEditor.js';

export const SERVER = path.join(ROOT, 'dist/server.js');

/**
 * For a mocha `describe`: a copy of a folder of the repository as the workspace of a server
 * started over stdio (the built `dist/server.js`), removed with the server after the suite.
 */
export function stdioWorkspace(folder: string, prefix: string): { readonly dir: string; start(): Promise<Awaited<ReturnType<typeof StdioEditor.start>>> } {
  let dir = '';
  let editor: StdioEditor | undefined;
  before(() => {
    if (!existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first');
    dir = mkdtempSync(path.join(tmpdir(), `ems-${prefix}-`));
    cpSync(path.join(ROOT, folder), dir, { recursive: true });
  });
  after(() => {
    editor?.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    async start() {
      const started = await StdioEditor.start(SERVER, dir);
      editor = started.editor;
      return started;
    },
  };
}
