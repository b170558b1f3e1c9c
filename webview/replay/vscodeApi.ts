import type { ReplayPanelState, ReplayToHostMessage } from '../../src/protocol/replay';

/** The webview side of the VS Code API: typed messages to the host and the persisted state. */
interface VsCodeApi {
  postMessage(message: ReplayToHostMessage): void;
  getState(): ReplayPanelState | undefined;
  setState(state: ReplayPanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Acquired once: VS Code allows a single call per page. */
export const vscode: VsCodeApi = acquireVsCodeApi();
