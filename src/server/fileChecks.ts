import { fileURLToPath } from 'node:url';
import {
  diagnostic, FILE_START, isModelFile, JsonLinesValidator, LIMITS, sortDiagnostics, validateModel,
  type Diagnostic, type Model,
} from '../core/index.js';
import { resolveUri } from '../core/language/fileIndex.js';
import type { ModelFile, SampleFile } from '../core/language/types.js';
import { validateSampleEvent } from '../core/samples/validateSamples.js';
import { validateJsonLinesFile } from '../node/jsonLinesFile.js';
import type { ValidationSettings } from './settings.js';
import type { WorkspaceIndex } from './workspaceIndex.js';
import { conventionalModelPaths } from '../core/index.js';

/** Sample events checked between two looks at whether a newer edit arrived. */
const EVENTS_PER_SLICE = 2000;
/** Characters of a JSON Lines text checked between two looks. */
const CHARS_PER_SLICE = 256 * 1024;

/** Where the findings of a check go: the file, its findings, and the version of the text they are about. */
export type Publish = (uri: string, found: Diagnostic[], version: number | undefined) => void;

/**
 * The checks of models and sample files, with the findings of the core's validators (the same
 * as the CLI's). Each edit restarts its file's quiet time; a check under way when a newer edit
 * or check of the same file arrives is abandoned at its next look (between parsing and
 * checking, and between slices of a sample file's events), and nothing is published for a text
 * that is no longer the file's. A model's check is followed by the check of its sample files
 * that are open or show findings.
 */
export class FileChecks {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, AbortController>();
  /** Files whose findings are shown (non-empty), so a change of their model re-checks them. */
  private readonly shown = new Set<string>();
  /** The findings last published for each file, for code actions. */
  private readonly published = new Map<string, Diagnostic[]>();
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly settings: (uri: string) => Promise<ValidationSettings>,
    private readonly publish: Publish,
    /** Where a check that failed is reported (a bug of ours must not end the server). */
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Checks a file after its quiet time; a newer edit restarts the wait and abandons a check under way. */
  schedule(uri: string): void {
    this.abandon(uri);
    const controller = new AbortController();
    this.running.set(uri, controller);
    void this.settings(uri).then((s) => {
      if (controller.signal.aborted) return;
      if (s.debounceMs <= 0) return void this.run(uri, controller);
      this.timers.set(
        uri,
        setTimeout(() => {
          this.timers.delete(uri);
          void this.run(uri, controller);
        }, s.debounceMs),
      );
    });
  }

  /** Checks a file now (opened, saved, its model changed); a check under way is abandoned. */
  check(uri: string): Promise<void> {
    this.abandon(uri);
    const controller = new AbortController();
    this.running.set(uri, controller);
    return this.run(uri, controller);
  }

  /** Forgets a file's findings and any check of it pending or under way. */
  clear(uri: string): void {
    this.abandon(uri);
    this.running.delete(uri);
    this.shown.delete(uri);
    this.published.delete(uri);
    this.publish(uri, [], undefined);
    this.settle();
  }

  /** The findings last published for a file. */
  findings(uri: string): Diagnostic[] {
    return this.published.get(uri) ?? [];
  }

  /** Sample files to check again when their model changes: those open or showing findings. */
  samplesToRecheck(modelUri: string): string[] {
    return this.index.samplesOf(modelUri).map((s) => s.uri).filter((u) => this.index.isOpen(u) || this.shown.has(u));
  }

  /** Every sample file open or showing findings (a model appeared or went away: pairings may have changed). */
  allSamplesToRecheck(): string[] {
    return this.index.uris().filter((u) => !isModelFile(u) && (this.index.isOpen(u) || this.shown.has(u)));
  }

  /** Resolves when no check is pending or under way (tests and the benchmark wait on it). */
  whenIdle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  dispose(): void {
    for (const uri of [...this.running.keys()]) this.abandon(uri);
    this.running.clear();
  }

  private abandon(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.running.get(uri)?.abort();
  }

  private async run(uri: string, controller: AbortController): Promise<void> {
    const { signal } = controller;
    try {
      const settings = await this.settings(uri);
      if (signal.aborted) return;
      if (!settings.enabled) {
        this.shown.delete(uri);
        this.published.delete(uri);
        this.publish(uri, [], undefined);
        return;
      }
      // Messages that arrived meanwhile (a newer edit) are read before the parse starts.
      await nextTurn();
      if (signal.aborted) return;
      const version = this.index.versionOf(uri);
      const file = this.index.get(uri);
      if (!file) return;
      let found: Diagnostic[] | undefined;
      if (file.kind === 'model') {
        await nextTurn(); // the parse took a while: a newer edit may have come
        if (signal.aborted) return;
        found = validateModel(file.parsed, { namingConventions: settings.namingConventions });
      } else {
        found = await this.checkSamples(file, signal);
      }
      // A version check before publishing: only findings about the file's current text are shown.
      if (found === undefined || signal.aborted) return;
      if (this.index.versionOf(uri) !== version) {
        // The text changed under the check without a newer check of its own (a file event for an
        // open file, say): check the newest text, so the last findings shown are never stale.
        queueMicrotask(() => {
          if (this.running.get(uri) === undefined) void this.check(uri);
        });
        return;
      }
      if (found.length > 0) this.shown.add(uri);
      else this.shown.delete(uri);
      this.published.set(uri, found);
      this.publish(uri, found, version);
      if (file.kind === 'model') for (const sample of this.samplesToRecheck(uri)) if (!this.running.has(sample)) void this.check(sample);
    } catch (e) {
      this.log(`Checking ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      if (this.running.get(uri) === controller) this.running.delete(uri);
      this.settle();
    }
  }

  private settle(): void {
    if (this.running.size > 0) return;
    for (const resolve of [...this.idle]) resolve();
    this.idle.clear();
  }

  /** A sample file's findings against its model; undefined when abandoned. */
  private async checkSamples(file: SampleFile, signal: AbortSignal): Promise<Diagnostic[] | undefined> {
    const model = this.index.modelOf(file.uri) ?? (await this.loadModelOutside(file));
    if (signal.aborted) return undefined;
    if (!model) return this.noModel(file);
    if (file.eventsUnread) return this.checkLargeJsonLines(file, model.parsed.model, signal);
    const out: Diagnostic[] = [...file.parsed.diagnostics];
    const events = file.parsed.events;
    for (let i = 0; i < events.length; i++) {
      if (i > 0 && i % EVENTS_PER_SLICE === 0) {
        await nextTurn();
        if (signal.aborted) return undefined;
      }
      out.push(...validateSampleEvent(events[i]!, i + 1, model.parsed.model));
    }
    return sortDiagnostics(out);
  }

  /**
   * A large JSON Lines file's findings, its events checked as they stream and none kept: from
   * the editor's text when it is open, else from the disk. The first LIMITS.maxDiagnostics are shown.
   */
  private async checkLargeJsonLines(file: SampleFile, model: Model, signal: AbortSignal): Promise<Diagnostic[] | undefined> {
    const options = { maxListed: LIMITS.maxDiagnostics };
    if (!this.index.isOpen(file.uri)) {
      try {
        return (await validateJsonLinesFile(fileURLToPath(file.uri), model, { ...options, signal })).diagnostics;
      } catch {
        return signal.aborted ? undefined : [];
      }
    }
    const validator = new JsonLinesValidator(model, options);
    for (let at = 0; at < file.text.length; at += CHARS_PER_SLICE) {
      if (at > 0) {
        await nextTurn();
        if (signal.aborted) return undefined;
      }
      validator.push(file.text.slice(at, at + CHARS_PER_SLICE));
    }
    return validator.end().diagnostics;
  }

  /** A sample file may name a model outside the workspace folders: read it from disk into the index. */
  private async loadModelOutside(file: SampleFile): Promise<ModelFile | undefined> {
    const named = file.parsed.model?.path;
    const candidates = named !== undefined ? [resolveUri(file.uri, named)] : conventionalModelPaths(file.uri);
    for (const uri of candidates) {
      if (this.index.has(uri) || !isModelFile(uri)) continue;
      if (await this.index.refresh(uri)) return this.index.modelOf(file.uri);
    }
    return undefined;
  }

  private noModel(file: SampleFile): Diagnostic[] {
    const named = file.parsed.model;
    const why = named
      ? `The model '${named.path}' cannot be read.`
      : 'No model for this sample file: add `model: <path>` or name it after a model beside it (shop.samples.yaml pairs with shop.events.yaml).';
    return [diagnostic('sample-model-not-found', why, named?.range ?? FILE_START), ...file.parsed.diagnostics];
  }
}

/** Lets the connection read the messages that arrived (a newer edit, a cancellation) before going on. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
