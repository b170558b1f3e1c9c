import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from './server.js';

/**
 * The language features of src/core/language wired to the connection: each request's URI and
 * position go to the core function over the workspace index, and its answer comes back in LSP
 * types (convert.ts).
 */
export function registerFeatures(_ctx: ServerContext): void {}

/** What the server offers besides document sync, for the `initialize` answer. */
export function featureCapabilities(): ServerCapabilities {
  return {};
}
