import type { Model } from '../model/model.js';
import type { Position } from '../source.js';
import { FixFiles } from './fixChange.js';
import { payloadSites, usesOf, type PayloadSite, type Use } from './fixSites.js';
import type { FileIndex, IndexedFile, ModelFile, SampleFile } from './types.js';

/** What the fixes of one file read: the file, its model and sample files, and what they hold, each read once. */
export class FixContext {
  readonly files: FixFiles;
  readonly file: IndexedFile;
  readonly modelFile: ModelFile;
  readonly samples: SampleFile[];
  private usesRead: Use[] | undefined;
  private sitesRead: PayloadSite[] | undefined;

  private constructor(readonly index: FileIndex, readonly uri: string, file: IndexedFile, modelFile: ModelFile) {
    this.files = new FixFiles(index);
    this.file = file;
    this.modelFile = modelFile;
    this.samples = index.samplesOf(modelFile.uri);
  }

  /** The context of a file, when it is a model or a sample file paired with one. */
  static of(index: FileIndex, uri: string): FixContext | undefined {
    const file = index.get(uri);
    const model = index.modelOf(uri);
    if (!file || !model) return undefined;
    return new FixContext(index, uri, file, model);
  }

  get model(): Model {
    return this.modelFile.parsed.model;
  }

  get uses(): Use[] {
    return (this.usesRead ??= usesOf(this.model, this.samples));
  }

  get sites(): PayloadSite[] {
    return (this.sitesRead ??= payloadSites(this.modelFile, this.samples));
  }

  /** The offset of a position in a file. */
  offset(uri: string, p: Position): number {
    return this.files.get(uri)?.offset(p) ?? 0;
  }

  /** Where the model's top-level mapping starts. */
  rootOffset(): number {
    const root = this.files.get(this.modelFile.uri)?.doc.contents;
    return root?.range?.[0] ?? 0;
  }
}
