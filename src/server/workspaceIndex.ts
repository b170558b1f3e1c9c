import { promises as fs, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  isJsonLines, isModelFile, isSampleFile, parseModel, parseSamples, YamlPieceCache, type ParsedModel, type ParsedSamples,
} from '../core/index.js';
import { MemoryFileIndex } from '../core/language/fileIndex.js';
import type { FileIndex, IndexedFile, ModelFile, SampleFile } from '../core/language/types.js';

/** Folders never scanned: dependencies, version control, build output, generated code, test editors' caches. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', 'dist', 'generated', '.vscode-test', '.cache']);

/** JSON Lines files larger than this are indexed by their model line only; their events are not read. */
export const LARGE_JSON_LINES_CHARS = 1024 * 1024;

/** How much of a large JSON Lines file is read to find its model line. */
const HEAD_BYTES = 64 * 1024;

/** The files the server indexes and checks: models and sample files. */
export function isIndexedFile(uriOrPath: string): boolean {
  const cut = uriOrPath.search(/[?#]/);
  const path = cut < 0 ? uriOrPath : uriOrPath.slice(0, cut);
  return isModelFile(path) || isSampleFile(path);
}

/**
 * One spelling per file URI, whatever the editor's: editors encode characters of file URIs
 * differently (VS Code writes `%3A` after a drive letter, Node leaves `+` as is), and the index,
 * the pairing of sample files and the features compare URIs as strings.
 */
export function canonicalUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href.replace(/^file:\/\/\/([A-Z]):/, (_, d: string) => `file:///${d.toLowerCase()}:`);
  } catch {
    return uri;
  }
}

export interface WorkspaceIndexOptions {
  /** JSON Lines files with more characters are indexed without their events (default LARGE_JSON_LINES_CHARS). */
  largeJsonLinesChars?: number;
}

/**
 * Every model and sample file of the workspace folders, open in an editor or not: scanned from
 * disk at start, kept current by the editor's documents (their text wins over the disk's) and by
 * file events. A text is parsed when a feature or a check first reads it, not on every edit, and
 * each model keeps the pieces of its last parse, so an edit parses only the lines around it again.
 */
export class WorkspaceIndex extends MemoryFileIndex {
  private readonly pieces = new Map<string, YamlPieceCache>();
  /** Texts set since their file was last parsed: the next read parses them. */
  private readonly unparsed = new Map<string, { text: string; version?: number }>();
  private readonly open = new Set<string>();
  /** Every indexed URI, parsed or not. */
  private readonly known = new Set<string>();
  /** Large JSON Lines files read from disk (only their first line is kept). */
  private readonly large = new Set<string>();
  private readonly largeChars: number;

  constructor(options: WorkspaceIndexOptions = {}) {
    super();
    this.largeChars = options.largeJsonLinesChars ?? LARGE_JSON_LINES_CHARS;
  }

  /** Adds or replaces a file's text; it is parsed when it is next read. */
  setText(uri: string, text: string, version?: number): void {
    const pending = version !== undefined ? { text, version } : { text };
    // A file new to the index is registered at once (sample files pair with the models present).
    if (!this.has(uri)) this.set(uri, '');
    this.unparsed.set(uri, pending);
  }

  override set(uri: string, text: string, version?: number): IndexedFile {
    this.unparsed.delete(uri);
    this.known.add(uri);
    const file = super.set(uri, text, version);
    if (file.kind === 'samples' && this.isLarge(uri, text)) file.eventsUnread = true;
    return file;
  }

  override get(uri: string): IndexedFile | undefined {
    this.parsePending(uri);
    return super.get(uri);
  }

  override modelOf(uri: string): ModelFile | undefined {
    const file = this.get(uri);
    if (file?.kind === 'samples' && file.modelUri !== undefined) this.parsePending(file.modelUri);
    return super.modelOf(uri);
  }

  /** Reads only sample files: the models of the workspace are not parsed to find one model's samples. */
  override samplesOf(modelUri: string): SampleFile[] {
    const out: SampleFile[] = [];
    for (const uri of this.known) {
      if (isModelFile(uri)) continue;
      const file = this.get(uri);
      if (file?.kind === 'samples' && file.modelUri === modelUri) out.push(file);
    }
    return out;
  }

  override delete(uri: string): void {
    super.delete(uri);
    this.known.delete(uri);
    this.unparsed.delete(uri);
    this.pieces.delete(uri);
    this.large.delete(uri);
    this.open.delete(uri);
  }

  /** Whether the index holds a file, parsed or not, without parsing it. */
  has(uri: string): boolean {
    return this.known.has(uri);
  }

  /** The editor's version of a file's latest text, without parsing it. */
  versionOf(uri: string): number | undefined {
    const pending = this.unparsed.get(uri);
    if (pending) return pending.version;
    return this.known.has(uri) ? super.get(uri)?.version : undefined;
  }

  /**
   * The index as completion reads it while `uri` is being typed in: that file's newest text
   * with its last parse, when the newest text is not parsed yet and has as many lines. A
   * keystroke within a line then completes at once, without parsing a large model again (the
   * check after the quiet time parses it); the names and fields offered are the last parse's,
   * the place in the YAML is read from the newest text. Any other file, or a text whose lines
   * were added or taken out, is read as by `get`.
   */
  forTyping(uri: string): FileIndex {
    const pending = this.unparsed.get(uri);
    const last = pending && this.known.has(uri) ? super.get(uri) : undefined;
    if (!pending || !last || (last.text === '' && pending.text !== '') || lineCount(last.text) !== lineCount(pending.text)) return this;
    const typed = pending.version !== undefined ? { ...last, text: pending.text, version: pending.version } : { ...last, text: pending.text };
    return {
      get: (u) => (u === uri ? typed : this.get(u)),
      files: () => this.files(),
      samplesOf: (m) => this.samplesOf(m),
      modelOf: (u) => {
        if (u !== uri) return this.modelOf(u);
        if (typed.kind === 'model') return typed;
        const model = typed.modelUri !== undefined ? this.get(typed.modelUri) : undefined;
        return model?.kind === 'model' ? model : undefined;
      },
    };
  }

  /** Every indexed URI, without parsing anything. */
  uris(): string[] {
    return [...this.known];
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  /** An editor opened or changed a file: its text is the editor's from now on. */
  openDocument(uri: string, text: string, version: number): void {
    this.open.add(uri);
    this.large.delete(uri);
    this.setText(uri, text, version);
  }

  /** An editor closed a file: the disk's text again, or nothing when it is not on disk. Resolves to whether the index still holds it. */
  closeDocument(uri: string): Promise<boolean> {
    this.open.delete(uri);
    return this.refresh(uri);
  }

  /**
   * Reads a file again from disk (it was created, changed or deleted there); an open file keeps
   * the editor's text. Resolves to whether the index holds the file afterwards.
   */
  async refresh(uri: string): Promise<boolean> {
    if (this.open.has(uri)) return true;
    const read = await readIndexedFile(uri, this.largeChars);
    if (this.open.has(uri)) return true; // opened while the disk was read
    if (read === undefined) {
      this.delete(uri);
      return false;
    }
    if (read.large) this.large.add(uri);
    else this.large.delete(uri);
    this.setText(uri, read.text);
    return true;
  }

  /**
   * Indexes every model and sample file under a folder, skipping SKIPPED_FOLDERS. Files open in
   * an editor keep the editor's text. Stops early when `signal` is aborted.
   */
  async scan(folderUri: string, signal?: AbortSignal): Promise<number> {
    let root: string;
    try {
      root = fileURLToPath(folderUri);
    } catch {
      return 0; // not a file URI: nothing on disk to scan
    }
    let count = 0;
    const folders = [root];
    while (folders.length > 0 && !signal?.aborted) {
      const dir = folders.pop()!;
      let entries: Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable or gone since: skip it
      }
      for (const e of entries) {
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(e.name)) folders.push(path);
        } else if (e.isFile() && isIndexedFile(e.name)) {
          const uri = canonicalUri(pathToFileURL(path).href);
          if (this.open.has(uri) || this.unparsed.has(uri)) continue;
          if (await this.refresh(uri)) count++;
        }
      }
    }
    return count;
  }

  /** Forgets every file under a folder that no editor holds open (the folder left the workspace). */
  forgetFolder(folderUri: string): void {
    const prefix = canonicalUri(folderUri).replace(/\/?$/, '/');
    for (const uri of this.uris()) if (uri.startsWith(prefix) && !this.open.has(uri)) this.delete(uri);
  }

  protected override parseModelText(uri: string, text: string): ParsedModel {
    let pieces = this.pieces.get(uri);
    if (!pieces) this.pieces.set(uri, (pieces = new YamlPieceCache()));
    return parseModel(text, { pieces });
  }

  protected override parseSampleText(uri: string, text: string): ParsedSamples {
    // A large JSON Lines file: its first line names the model; its events are checked as they stream.
    if (this.isLarge(uri, text)) return parseSamples(firstLine(text), uri);
    return parseSamples(text, uri);
  }

  private isLarge(uri: string, text: string): boolean {
    return isJsonLines(uri) && (this.large.has(uri) || text.length > this.largeChars);
  }

  private parsePending(uri: string): void {
    const pending = this.unparsed.get(uri);
    if (pending) this.set(uri, pending.text, pending.version);
  }
}

/** The text of a file on disk; of a large JSON Lines file, only its first line. Undefined when it cannot be read. */
export async function readIndexedFile(uri: string, largeJsonLinesChars = LARGE_JSON_LINES_CHARS): Promise<{ text: string; large: boolean } | undefined> {
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  try {
    if (isJsonLines(path)) {
      const { size } = await fs.stat(path);
      if (size > largeJsonLinesChars) return { text: firstLine(await readHead(path)), large: true };
    }
    return { text: withoutBom(await fs.readFile(path, 'utf8')), large: false };
  } catch {
    return undefined;
  }
}

async function readHead(path: string): Promise<string> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return withoutBom(buffer.toString('utf8', 0, bytesRead));
  } finally {
    await handle.close();
  }
}

function lineCount(text: string): number {
  let n = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end + 1);
}

/** Editors do not show a byte order mark, and positions are counted without it. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
