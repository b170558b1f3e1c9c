import type * as vscode from 'vscode';
import type { Log } from './log.js';

/** What every feature receives when the extension activates. */
export interface FeatureContext {
  extension: vscode.ExtensionContext;
  log: Log;
}

/** One feature of the extension: registers its pieces and returns them for disposal. */
export type Feature = (ctx: FeatureContext) => vscode.Disposable[];
