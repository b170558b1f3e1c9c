import type {
  CancellationToken, SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensEdit, SemanticTokensLegend, SemanticTokensOptions, SemanticTokensParams,
} from 'vscode-languageserver/node';
import {
  modelSemanticTokens, sampleSemanticTokens, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, type SemanticToken,
} from '../core/index.js';
import type { ServerContext } from './server.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

/** The token types and modifiers in the core's order: a token's numbers index these lists. */
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] };

/** Whole files only, and as edits of the last answer when the editor asks for them. */
export function semanticTokensCapability(): SemanticTokensOptions {
  return { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: false };
}

/** How features.ts runs a handler: nothing when cancelled, and a failure logged and answered with nothing. */
type Guard = <P, R>(name: string, run: (params: P) => R | null) => (params: P, token: CancellationToken) => R | null;

/** Answers the semantic tokens requests of the files `known` finds in the index; any other file gets none. */
export function registerSemanticTokens(ctx: ServerContext, known: (uri: string) => string | undefined, guarded: Guard): void {
  const tokens = new SemanticTokensOfFiles(ctx.index);
  const full = guarded('semanticTokens', (p: SemanticTokensParams) => tokens.full(known(p.textDocument.uri) ?? ''));
  const delta = guarded('semanticTokensDelta', (p: SemanticTokensDeltaParams) => tokens.delta(known(p.textDocument.uri) ?? '', p.previousResultId));
  // LSP allows null (no answer: the editor keeps what it shows); the library's types do not say so.
  ctx.connection.languages.semanticTokens.on((p, token) => full(p, token) ?? (null as unknown as SemanticTokens));
  ctx.connection.languages.semanticTokens.onDelta((p, token) => delta(p, token) ?? (null as unknown as SemanticTokens));
}

/** What was last sent for a document, for the next delta request. */
interface Sent {
  resultId: string;
  data: number[];
}

/**
 * The semantic tokens of models and YAML sample files (the core's, from the parse the index
 * holds: a text is parsed once, for these and for everything else the server does with it). The
 * encoding of a parse is kept with the parse, so asking again about the same text costs nothing.
 * JSON sample files keep their JSON colours: they get no tokens.
 *
 * A delta request is answered with one edit of the last data sent, from the first number that
 * differs to the last: an edit of a large model sends the few tokens around it, not all of them.
 */
export class SemanticTokensOfFiles {
  private readonly encoded = new WeakMap<object, number[]>();
  private readonly sent = new Map<string, Sent>();
  private next = 0;

  constructor(private readonly index: WorkspaceIndex) {}

  /** All of a file's tokens. */
  full(uri: string): SemanticTokens {
    const data = this.dataOf(uri);
    return { resultId: this.remember(uri, data), data };
  }

  /** A file's tokens as edits of the answer `previousResultId`, or all of them when that answer is not the last sent. */
  delta(uri: string, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const previous = this.sent.get(uri);
    if (previous?.resultId !== previousResultId) return this.full(uri);
    const data = this.dataOf(uri);
    return { resultId: this.remember(uri, data), edits: diff(previous.data, data) };
  }

  /** Forgets what was sent for files no editor holds open any more. */
  private prune(): void {
    for (const uri of this.sent.keys()) if (!this.index.isOpen(uri)) this.sent.delete(uri);
  }

  private remember(uri: string, data: number[]): string {
    this.prune();
    const resultId = String(++this.next);
    if (this.index.isOpen(uri)) this.sent.set(uri, { resultId, data });
    return resultId;
  }

  private dataOf(uri: string): number[] {
    const file = this.index.get(uri);
    if (!file || (file.kind === 'samples' && !isYamlSamples(uri))) return [];
    const parsed = file.parsed;
    let data = this.encoded.get(parsed);
    if (!data) {
      data = encode(file.kind === 'model' ? modelSemanticTokens(file.parsed.model) : sampleSemanticTokens(file.parsed));
      this.encoded.set(parsed, data);
    }
    return data;
  }
}

/** Tokens (sorted, single-line, not overlapping) in LSP's relative encoding: five numbers each. */
export function encode(tokens: readonly SemanticToken[]): number[] {
  const data = new Array<number>(tokens.length * 5);
  let line = 0;
  let char = 0;
  let at = 0;
  for (const t of tokens) {
    const { start, end } = t.range;
    const dl = start.line - line;
    data[at++] = dl;
    data[at++] = dl === 0 ? start.character - char : start.character;
    data[at++] = end.character - start.character;
    data[at++] = SEMANTIC_TOKEN_TYPES.indexOf(t.type);
    data[at++] = t.declaration ? 1 : 0;
    line = start.line;
    char = start.character;
  }
  return data;
}

/** The one edit that turns `before` into `after`: what lies between their common start and common end. None when equal. */
export function diff(before: readonly number[], after: readonly number[]): SemanticTokensEdit[] {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start++;
  if (start === before.length && start === after.length) return [];
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return [{ start, deleteCount: before.length - start - end, data: after.slice(start, after.length - end) }];
}

/** YAML sample files have their own language and colours; JSON ones are plain JSON. */
function isYamlSamples(uri: string): boolean {
  const cut = uri.search(/[?#]/);
  return /\.ya?ml$/i.test(cut < 0 ? uri : uri.slice(0, cut));
}
