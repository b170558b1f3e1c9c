// The Replay panel webview (being written).
export {};
