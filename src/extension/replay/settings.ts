import * as vscode from 'vscode';

/** The `eventModel.replay.*` settings that apply to one sample file (or model). */
export interface ReplaySettings {
  checkpointInterval: number;
  checkDelivery: boolean;
  codeLens: boolean;
  /** Empty when not set, and always empty in an untrusted workspace. */
  connectionString: string;
  stream: string;
}

export function replaySettings(scope?: vscode.Uri): ReplaySettings {
  const config = vscode.workspace.getConfiguration('eventModel.replay', scope);
  const interval = config.get<number>('checkpointInterval', 1000);
  return {
    checkpointInterval: Number.isFinite(interval) ? Math.min(100_000, Math.max(10, Math.floor(interval))) : 1000,
    checkDelivery: config.get<boolean>('checkDelivery', true),
    codeLens: config.get<boolean>('codeLens', true),
    // VS Code already ignores a workspace's value of a restricted setting while it is untrusted;
    // this also keeps the user's own value from being used there.
    connectionString: vscode.workspace.isTrusted ? config.get<string>('eventStore.connectionString', '').trim() : '',
    stream: config.get<string>('eventStore.stream', '').trim(),
  };
}
