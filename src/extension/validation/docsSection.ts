// Where docs/diagnostics.md explains a code: pure helpers of the code links (no editor API).

/** The path of the extension's URIs that open a code's explanation: `<scheme>://<extension id>/diagnostics#<code>`. */
export const DIAGNOSTICS_PATH = '/diagnostics';

const CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * The code a URI handed to the extension asks to explain, from its path and fragment, or
 * undefined when it is not such a URI (another path, no fragment, not a code's spelling).
 */
export function codeOfDocsLink(path: string, fragment: string): string | undefined {
  if (path !== DIAGNOSTICS_PATH && path !== `${DIAGNOSTICS_PATH}/`) return undefined;
  const code = fragment.trim();
  return CODE.test(code) ? code : undefined;
}

/**
 * The line (from 0) of a code's heading (`## code`, or `### code` for the editor-only codes)
 * in the diagnostics reference, ignoring fenced code blocks; undefined when it has none.
 */
export function sectionLine(markdown: string, code: string): number | undefined {
  let inFence = false;
  const lines = markdown.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence && /^#{2,3} /.test(line) && line.replace(/^#+ /, '').trim() === code) return i;
  }
  return undefined;
}
