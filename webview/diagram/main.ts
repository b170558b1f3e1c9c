// The diagram preview webview: draws what the host sends with Mermaid, keeps pan and zoom across
// updates and reloads, and reports clicks on nodes so the host can reveal their source.
import type { DiagramFilterState, DiagramPanelState, HostToDiagramMessage } from '../../src/protocol/diagram';
import { PanZoom } from './panZoom';
import { nodeIdOf, renderMermaid } from './render';
import { Toolbar } from './toolbar';
import { vscode } from './vscodeApi';

const frame = document.getElementById('frame')!;
const canvas = document.getElementById('canvas')!;
const banner = document.getElementById('banner')!;

let state: DiagramPanelState | undefined = vscode.getState();
let last: Extract<HostToDiagramMessage, { type: 'render' }> | undefined;
let highlighted: string | undefined;
let rendering = Promise.resolve();

const panZoom = new PanZoom(frame, canvas, (viewport) => {
  if (state) vscode.setState({ ...state, viewport });
});

const toolbar = new Toolbar(document.getElementById('toolbar')!, {
  onView: (view) => vscode.postMessage({ type: 'changeView', view }),
  onFilter: (filter: DiagramFilterState) => vscode.postMessage({ type: 'changeFilter', filter }),
  onFit: () => panZoom.fit(),
  onZoom: (factor) => panZoom.zoomBy(factor),
});

function showBanner(text: string | undefined, kind: 'error' | 'warning' = 'error'): void {
  banner.hidden = !text;
  banner.textContent = text ?? '';
  banner.className = `banner ${kind}`;
}

async function draw(message: Extract<HostToDiagramMessage, { type: 'render' }>): Promise<void> {
  const started = performance.now();
  const first = last === undefined;
  const sameView = last !== undefined && last.view === message.view && JSON.stringify(last.filter) === JSON.stringify(message.filter);
  try {
    const svg = await renderMermaid(message.text);
    canvas.innerHTML = svg;
  } catch (e) {
    // Keep the last good diagram on screen; say what went wrong above it.
    const reason = e instanceof Error ? e.message : String(e);
    showBanner(`The diagram cannot be drawn: ${reason}`);
    vscode.postMessage({ type: 'renderError', message: reason });
    return;
  }
  last = message;
  toolbar.update(message);
  const { errors, warnings } = message.problems;
  showBanner(errors > 0 ? `The model has ${errors} error${errors === 1 ? '' : 's'}${warnings ? ` and ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}: see the Problems panel. The diagram shows what could be read.` : undefined, 'warning');
  const nodes = wireNodes(message.nodeIds, message.frames);
  state = { documentUri: message.documentUri, view: message.view, filter: message.filter, viewport: state?.viewport };
  if (first && state.viewport) panZoom.set(state.viewport);
  else if (first || !sameView) panZoom.fit();
  else panZoom.set(panZoom.viewport); // same view: keep where the user was
  vscode.setState({ ...state, viewport: panZoom.viewport });
  applyHighlight(highlighted);
  vscode.postMessage({ type: 'rendered', nodeCount: nodes, durationMs: Math.round(performance.now() - started) });
}

/** Click listeners on the drawn nodes (Mermaid's own `click` callbacks stay off under 'strict'). */
function wireNodes(nodeIds: readonly string[], frames: readonly string[] | undefined): number {
  const targets: Array<[Element, string]> = [];
  if (frames) {
    // Timeline boxes have no ids: they come in the order of the frames.
    canvas.querySelectorAll('svg g.em-box').forEach((el, i) => {
      if (frames[i]) targets.push([el, frames[i]]);
    });
  } else {
    for (const el of canvas.querySelectorAll('svg g[id]')) {
      const id = nodeIdOf(el, nodeIds);
      // The outermost group of a node takes the listeners; groups inside it are part of it.
      if (id && !el.parentElement?.closest('[data-ems-node]')) targets.push([el, id]);
    }
  }
  for (const [el, id] of targets) {
    el.setAttribute('data-ems-node', id);
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'button');
    el.addEventListener('click', (e) => {
      e.stopPropagation();
      if (!panZoom.justDragged) vscode.postMessage({ type: 'revealSource', nodeId: id });
    });
    el.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') vscode.postMessage({ type: 'revealSource', nodeId: id });
    });
  }
  return new Set(targets.map(([, id]) => id)).size;
}

function applyHighlight(nodeId: string | undefined): void {
  highlighted = nodeId;
  for (const el of canvas.querySelectorAll('.ems-highlight')) el.classList.remove('ems-highlight');
  if (!nodeId) return;
  for (const el of canvas.querySelectorAll(`[data-ems-node="${CSS.escape(nodeId)}"]`)) el.classList.add('ems-highlight');
}

window.addEventListener('message', (event: MessageEvent<HostToDiagramMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'render':
      rendering = rendering.then(() => draw(message));
      break;
    case 'modelError':
      showBanner(`${message.message} Showing the last diagram that could be drawn.`);
      break;
    case 'highlight':
      applyHighlight(message.nodeId);
      break;
    case 'exportSvg': {
      const svg = canvas.querySelector('svg');
      vscode.postMessage({ type: 'svg', requestId: message.requestId, svg: svg ? new XMLSerializer().serializeToString(svg) : undefined });
      break;
    }
  }
});

// The theme changed (VS Code swaps the body's classes): draw again in the new colours.
new MutationObserver(() => {
  if (last) rendering = rendering.then(() => draw(last!));
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready' });
