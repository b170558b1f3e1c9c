import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { toMarkdown, type DiagramResult, type DiagramView } from '../core/index.js';
import { renderSvg } from './svgRenderer.js';

/** A drawn diagram on its way to a file. */
export interface DiagramToWrite {
  result: DiagramResult;
  view: DiagramView;
  /** The model file, relative to the working directory: the Markdown heading. */
  modelName: string;
}

/** What a writer did: nothing to add, or a usage problem to report with exit code 2. */
export type WriteOutcome = { ok: true } | { ok: false; usage: string };

/** Writes a diagram to `file` in one format. */
export type DiagramWriter = (file: string, diagram: DiagramToWrite) => Promise<WriteOutcome>;

const writeText = (content: (d: DiagramToWrite) => string): DiagramWriter => async (file, diagram) => {
  writeFileSync(file, content(diagram));
  return { ok: true };
};

/** SVG needs Mermaid's layout, which needs a browser: drawn in headless Chromium when there is one. */
export const svgWriter: DiagramWriter = async (file, diagram) => {
  const outcome = await renderSvg(diagram.result, diagram.view);
  if (!outcome.ok) return { ok: false, usage: outcome.reason };
  writeFileSync(file, outcome.svg);
  return { ok: true };
};

/** The `--out` formats by file extension (lower case). */
export const DIAGRAM_WRITERS: Record<string, DiagramWriter> = {
  '.mmd': writeText((d) => d.result.text),
  '.md': writeText((d) => toMarkdown(d.result.text, `${d.modelName} (${d.view})`)),
  '.markdown': writeText((d) => toMarkdown(d.result.text, `${d.modelName} (${d.view})`)),
  '.svg': svgWriter,
};

/** The writer for a file name, by its extension. */
export function writerFor(file: string): DiagramWriter | undefined {
  return DIAGRAM_WRITERS[path.extname(file).toLowerCase()];
}
