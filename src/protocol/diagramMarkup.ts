// The preview's body markup, without any `vscode` import: the host wraps it in a page with a CSP
// (html.ts), and the browser test loads the same markup around the real webview bundle.

/** The toolbar, banner and drawing surface the webview script expects. */
export function diagramBodyMarkup(): string {
  return `<div id="toolbar" role="toolbar" aria-label="Diagram">
    <span class="title"></span>
    <select id="view" aria-label="View" title="View">
      <option value="flow">Flow</option>
      <option value="timeline">Timeline</option>
    </select>
    <select id="scope" aria-label="Show" title="Show the whole model, one aggregate or one projection"></select>
    <select id="focus" aria-label="Focus" title="Show what leads to an element and what follows from it"></select>
    <button id="zoom-out" aria-label="Zoom out" title="Zoom out (-)">−</button>
    <button id="zoom-in" aria-label="Zoom in" title="Zoom in (+)">+</button>
    <button id="fit" aria-label="Fit to window" title="Fit to window (0)">Fit</button>
  </div>
  <div id="banner" class="banner" role="status" hidden></div>
  <div id="frame" tabindex="0" aria-label="Diagram: drag or use the arrow keys to pan, wheel or + and - to zoom, 0 to fit">
    <div id="canvas"></div>
    <div class="hint">Click a node to show it in the model</div>
  </div>`;
}
