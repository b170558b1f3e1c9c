import type { DiagramPanelState, DiagramToHostMessage } from '../../src/protocol/diagram';

/** The webview side of the VS Code API: typed messages to the host and the persisted state. */
interface VsCodeApi {
  postMessage(message: DiagramToHostMessage): void;
  getState(): DiagramPanelState | undefined;
  setState(state: DiagramPanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Acquired once: VS Code allows a single call per page. */
export const vscode: VsCodeApi = acquireVsCodeApi();
