/**
 * File naming conventions, as pure string logic (no file system): which files are models, which
 * are sample event files, and which model a sample file pairs with by name.
 */

const MODEL_FILE = /\.events\.ya?ml$/i;
const SAMPLE_FILE = /\.samples\.(ya?ml|json|jsonl)$/i;

/** `shop.events.yaml` or `shop.events.yml`. */
export function isModelFile(path: string): boolean {
  return MODEL_FILE.test(path);
}

/** `shop.samples.yaml|yml|json|jsonl`, or with a label: `shop.happy-path.samples.yaml`. */
export function isSampleFile(path: string): boolean {
  return SAMPLE_FILE.test(path);
}

/** Whether a sample file is JSON Lines (one event per line). */
export function isJsonLines(path: string): boolean {
  return /\.jsonl$/i.test(path);
}

function splitPath(path: string): { dir: string; file: string } {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? { dir: '', file: path } : { dir: path.slice(0, i + 1), file: path.slice(i + 1) };
}

/**
 * The model files a sample file pairs with by name, in order of preference: the part of the file
 * name before its first dot, plus `.events.yaml` or `.events.yml`, in the same folder.
 */
export function conventionalModelPaths(samplePath: string): string[] {
  const { dir, file } = splitPath(samplePath);
  const base = file.split('.')[0] ?? file;
  return [`${dir}${base}.events.yaml`, `${dir}${base}.events.yml`];
}
