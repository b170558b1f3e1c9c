import * as vscode from 'vscode';
import type { ValidateOptions } from '../core/index.js';

/** Reads the `eventModel.*` settings that apply to one file. */
export function validationSettings(scope?: vscode.Uri): { debounceMs: number; options: ValidateOptions; enabled: boolean } {
  const config = vscode.workspace.getConfiguration('eventModel', scope);
  return {
    enabled: config.get<boolean>('validation.enabled', true),
    debounceMs: Math.max(0, config.get<number>('validation.debounceMs', 300)),
    options: { namingConventions: config.get<boolean>('validation.namingConventions', true) },
  };
}
