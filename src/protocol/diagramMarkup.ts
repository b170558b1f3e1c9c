// The preview's body markup, without any `vscode` import: the host wraps it in a page with a CSP
// (html.ts), and the browser test loads the same markup around the real webview bundle.

/**
 * The toolbar, status line, banner and drawing surface the webview script expects. Until the first
 * diagram arrives the page says it is loading: the pickers stay hidden (they would be empty).
 */
export function diagramBodyMarkup(): string {
  return `<div id="toolbar" class="loading" role="toolbar" aria-label="Diagram">
    <span class="title"></span>
    <span class="controls">
      <select id="view" aria-label="View" title="View">
        <option value="flow">Flow</option>
        <option value="timeline">Timeline</option>
      </select>
      <select id="scope" aria-label="Show" title="Show the whole model, one aggregate or one projection"></select>
      <input id="focus" type="search" list="focus-list" autocomplete="off" spellcheck="false" placeholder="Focus on…" aria-label="Focus on an element: type to search" title="Show what leads to an element and what follows from it: type to search, Enter to focus, Escape to clear">
      <datalist id="focus-list"></datalist>
      <button id="direction" aria-label="Direction" title="Lay the flow out top to bottom">⇅</button>
      <button id="zoom-out" aria-label="Zoom out" title="Zoom out (-)">−</button>
      <button id="zoom-in" aria-label="Zoom in" title="Zoom in (+)">+</button>
      <button id="fit" aria-label="Fit to window" title="Fit to window (0)">Fit</button>
    </span>
  </div>
  <div id="status" class="status"><span id="status-text" role="status">Loading the diagram…</span><span id="zoom-level" aria-hidden="true"></span></div>
  <div id="banner" class="banner" role="alert" hidden></div>
  <div id="frame" class="loading" tabindex="0" aria-label="Diagram: drag or use the arrow keys to pan, wheel or + and - to zoom, 0 to fit">
    <div id="canvas"></div>
    <div id="loading" class="loading-note" aria-hidden="true"><span class="spinner"></span>Loading the diagram…</div>
    <div id="minimap" class="minimap" hidden>
      <canvas aria-label="Overview: click or drag to move the view" role="img"></canvas>
      <button class="minimap-close" aria-label="Hide the overview" title="Hide the overview">×</button>
    </div>
    <button id="minimap-show" class="minimap-show" aria-label="Show the overview" title="Show the overview" hidden>▣</button>
  </div>`;
}
