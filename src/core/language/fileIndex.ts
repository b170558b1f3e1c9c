import { parseModel, type ParsedModel } from '../model/parse.js';
import { conventionalModelPaths, isModelFile } from '../samples/files.js';
import { parseSamples, type ParsedSamples } from '../samples/parseSamples.js';
import type { FileIndex, IndexedFile, ModelFile, SampleFile } from './types.js';

/**
 * An index over files held in memory, by URI: what the unit tests use, and what the server's
 * workspace index builds on (it adds reading from disk and file events). A sample file pairs
 * with the model its `model:` key names (relative to the sample file) or, without one, with the
 * model named like it in the same folder.
 */
export class MemoryFileIndex implements FileIndex {
  private readonly byUri = new Map<string, IndexedFile>();

  constructor(files: Record<string, string> = {}) {
    for (const [uri, text] of Object.entries(files)) this.set(uri, text);
  }

  /** Adds or replaces a file; models are parsed once per text. */
  set(uri: string, text: string, version?: number): IndexedFile {
    const file: IndexedFile = isModelFile(uri)
      ? { kind: 'model', uri, text, parsed: this.parseModelText(uri, text), ...(version !== undefined ? { version } : {}) }
      : { kind: 'samples', uri, text, parsed: this.parseSampleText(uri, text), ...(version !== undefined ? { version } : {}) };
    this.byUri.set(uri, file);
    return file;
  }

  /** How a model's text is parsed; the server's index keeps each model's pieces for the next edit. */
  protected parseModelText(_uri: string, text: string): ParsedModel {
    return parseModel(text);
  }

  /** How a sample file's text is parsed; the server's index skips the events of large JSON Lines files. */
  protected parseSampleText(uri: string, text: string): ParsedSamples {
    return parseSamples(text, uri);
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  get(uri: string): IndexedFile | undefined {
    const file = this.byUri.get(uri);
    if (file?.kind === 'samples') {
      const modelUri = this.pairedModelUri(file);
      return modelUri !== undefined ? { ...file, modelUri } : file;
    }
    return file;
  }

  *files(): Iterable<IndexedFile> {
    for (const uri of this.byUri.keys()) yield this.get(uri)!;
  }

  samplesOf(modelUri: string): SampleFile[] {
    const out: SampleFile[] = [];
    for (const file of this.files()) if (file.kind === 'samples' && file.modelUri === modelUri) out.push(file);
    return out;
  }

  modelOf(uri: string): ModelFile | undefined {
    const file = this.get(uri);
    if (!file) return undefined;
    if (file.kind === 'model') return file;
    const model = file.modelUri !== undefined ? this.byUri.get(file.modelUri) : undefined;
    return model?.kind === 'model' ? model : undefined;
  }

  private pairedModelUri(file: SampleFile): string | undefined {
    const named = file.parsed.model?.path;
    const candidates = named !== undefined ? [resolveUri(file.uri, named)] : conventionalModelPaths(file.uri);
    return candidates.find((c) => this.byUri.get(c)?.kind === 'model');
  }
}

/** A path relative to a file's URI (`./x`, `../x`, `x`), or an absolute path, as a URI. */
export function resolveUri(from: string, path: string): string {
  const slash = from.lastIndexOf('/');
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(from)?.[0] ?? '';
  const parts = (path.startsWith('/') ? path : `${from.slice(scheme.length, slash + 1)}${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return scheme + out.join('/');
}
