// Entry point of the extension host side. Placeholder until the features land: `activate` will
// only compose features, each registering and disposing its own pieces.
import type * as vscode from 'vscode';

/** Called by VS Code when an activation event fires. */
export function activate(_context: vscode.ExtensionContext): void {}

/** Called on shutdown; every registration is disposed through the context's subscriptions. */
export function deactivate(): void {}
