import * as path from 'node:path';
import type { WriterFs } from './atomicFile.js';
import type { BannerReader } from './planWriter.js';

/** A `.ts` file with our banner found in the output folder that the plan does not have. */
export interface GeneratedOrphan {
  /** Relative to the output folder, with `/`. */
  path: string;
  text: string;
  hashMatches: boolean;
}

// Folders a scan never enters: other tools' trees, never ours.
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * Walks the output folder (and only it) for `.ts` files that carry our banner and are not planned,
 * sorted by path. Symbolic links are not followed: what they point at is outside the folder.
 */
export function findGeneratedOrphans(fs: WriterFs, root: string, planned: ReadonlySet<string>, readBanner: BannerReader): GeneratedOrphan[] {
  const found: GeneratedOrphan[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path.join(dir, entry.name), `${rel}/`);
      } else if (entry.isFile() && entry.name.endsWith('.ts') && !planned.has(rel)) {
        const text = fs.readFileSync(path.join(dir, entry.name)).toString('utf8');
        const banner = readBanner(text);
        if (banner.generated) found.push({ path: rel, text, hashMatches: banner.hashMatches });
      }
    }
  };
  walk(root, '');
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
