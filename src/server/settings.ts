import type { Connection } from 'vscode-languageserver/node';
import { CODE_LENS_MAX_ITEMS, OUTLINE_MAX_ITEMS } from './convert.js';

/** The `eventModel.validation.*` settings, `eventModel.outline.maxItems` and `eventModel.codeLens.maxItems`, as the extension declares them, for one file. */
export interface ValidationSettings {
  enabled: boolean;
  /** Quiet time after the last edit before a file is checked again. */
  debounceMs: number;
  /** The `event-tense` and `command-mood` warnings. */
  namingConventions: boolean;
  /** The most symbols the file's outline lists. */
  outlineMaxItems: number;
  /** The most elements that get a reference-count lens. */
  codeLensMaxItems: number;
}

export const DEFAULT_SETTINGS: ValidationSettings = { enabled: true, debounceMs: 300, namingConventions: true, outlineMaxItems: OUTLINE_MAX_ITEMS, codeLensMaxItems: CODE_LENS_MAX_ITEMS };

/** What the client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** Overrides every file's `eventModel.validation.debounceMs` (0 checks at once; the benchmark sets it). */
  debounceMs?: number;
  /** The `eventModel` settings, for clients that do not answer `workspace/configuration`. */
  eventModel?: unknown;
  /** The same, under the name some clients give it. */
  settings?: unknown;
  /** The URI of the diagnostics reference (docs/diagnostics.md); each code links to its section. */
  diagnosticsDocs?: string;
  /** JSON Lines files with more characters are indexed without their events. */
  largeJsonLinesChars?: number;
}

/** Reads `eventModel.validation.*` and the outline's and the lenses' caps from an `eventModel` settings object, with the defaults for what is missing or of the wrong type. */
export function validationSettingsOf(eventModel: unknown): ValidationSettings {
  const section = (key: string) => (isRecord(eventModel) && isRecord(eventModel[key]) ? eventModel[key] : {});
  const validation = section('validation');
  const bool = (key: string, fallback: boolean) => (typeof validation[key] === 'boolean' ? (validation[key] as boolean) : fallback);
  const debounce = validation.debounceMs;
  const cap = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? Math.max(100, Math.floor(value)) : fallback);
  return {
    enabled: bool('enabled', DEFAULT_SETTINGS.enabled),
    namingConventions: bool('namingConventions', DEFAULT_SETTINGS.namingConventions),
    debounceMs: typeof debounce === 'number' && Number.isFinite(debounce) ? Math.min(5000, Math.max(0, debounce)) : DEFAULT_SETTINGS.debounceMs,
    outlineMaxItems: cap(section('outline').maxItems, DEFAULT_SETTINGS.outlineMaxItems),
    codeLensMaxItems: cap(section('codeLens').maxItems, DEFAULT_SETTINGS.codeLensMaxItems),
  };
}

/**
 * The settings of each file: asked of the client with `workspace/configuration` (scoped to the
 * file, as the settings are `resource`-scoped) when it can answer, else the settings it pushed or
 * passed at start, else the defaults. Answers are kept until the configuration changes.
 */
export class Settings {
  private readonly cache = new Map<string, Promise<ValidationSettings>>();
  private pushed: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
    private readonly init: InitializationOptions,
  ) {
    this.pushed = init.eventModel ?? init.settings;
  }

  for(uri: string): Promise<ValidationSettings> {
    let found = this.cache.get(uri);
    if (!found) {
      found = this.read(uri).then((s) => (this.init.debounceMs !== undefined ? { ...s, debounceMs: Math.max(0, this.init.debounceMs) } : s));
      this.cache.set(uri, found);
    }
    return found;
  }

  /** The configuration changed: `settings` is what the client sent with the notification, if anything. */
  changed(settings: unknown): void {
    if (isRecord(settings) && 'eventModel' in settings) this.pushed = settings.eventModel;
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  private async read(uri: string): Promise<ValidationSettings> {
    if (this.pull) {
      try {
        return validationSettingsOf(await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'eventModel' }));
      } catch {
        // The client could not answer: fall back to what it pushed.
      }
    }
    return validationSettingsOf(this.pushed);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
