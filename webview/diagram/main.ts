// The diagram preview webview: draws what the host sends with Mermaid, opens it at a readable
// size, keeps pan and zoom across updates and reloads, brings the cursor's node into view, and
// reports clicks on nodes so the host can reveal their source.
import { nodeIdFor } from '../../src/core/diagram/ids';
import type { DiagramDirection, DiagramFilterState, DiagramPanelState, HostToDiagramMessage, RenderMessage } from '../../src/protocol/diagram';
import { measureDiagram, READABLE_TEXT_PX, union, type DiagramLayout } from './measure';
import { Minimap } from './minimap';
import { PanZoom, type Box, type Viewport } from './panZoom';
import { nodeIdOf, renderMermaid, withBackground, withDirection } from './render';
import { Toolbar } from './toolbar';
import { vscode } from './vscodeApi';

const frame = document.getElementById('frame')!;
const canvas = document.getElementById('canvas')!;
const banner = document.getElementById('banner')!;
const loading = document.getElementById('loading')!;

let state: DiagramPanelState | undefined = vscode.getState();
/** The flow's direction the user picked with the toolbar button; without one, each diagram gets the better fitting one. */
let chosenDirection: DiagramDirection | undefined = state?.direction;
/** The direction picked for each model and filter when the user has not chosen (kept, so edits never flip the layout). */
const autoDirection = new Map<string, DiagramDirection>();
/** The direction of what is on screen. */
let direction: DiagramDirection = state?.drawnDirection ?? 'LR';
let last: RenderMessage | undefined;
/** What `last` was drawn as: the message's view, filter and model, and the direction. */
let drawnKey: string | undefined;
let layout: DiagramLayout | undefined;
let readableScale = 0.7;
let highlighted: string | undefined;
let rendering = Promise.resolve();

function saveState(patch: Partial<DiagramPanelState>): void {
  if (!state) return;
  state = { ...state, ...patch };
  vscode.setState(state);
}

const panZoom = new PanZoom(frame, canvas, (viewport) => {
  saveState({ viewport });
  toolbar?.setZoom(viewport.scale);
  minimap?.update();
});

const minimap = new Minimap(document.getElementById('minimap')!, document.getElementById('minimap-show') as HTMLButtonElement, panZoom, state?.minimap === false, (closed) =>
  saveState({ minimap: !closed }),
);

const toolbar = new Toolbar(document.getElementById('toolbar')!, document.getElementById('status')!, {
  onView: (view) => vscode.postMessage({ type: 'changeView', view }),
  onFilter: (filter: DiagramFilterState) => vscode.postMessage({ type: 'changeFilter', filter }),
  onDirection: (d) => {
    chosenDirection = d;
    saveState({ direction: d });
    if (last) redraw(last);
  },
  onFit: () => panZoom.fit(),
  onZoom: (factor) => panZoom.zoomBy(factor),
});

function showBanner(text: string | undefined, kind: 'error' | 'warning' = 'error'): void {
  banner.hidden = !text;
  banner.textContent = text ?? '';
  banner.className = `banner ${kind}`;
}

function doneLoading(): void {
  frame.classList.remove('loading');
  loading.hidden = true;
}

/** The Mermaid text drawn for a message: the flow in the given direction. */
function shownText(message: RenderMessage, dir: DiagramDirection = direction): string {
  return message.view === 'flow' ? withDirection(message.text, dir) : message.text;
}

function keyOf(message: RenderMessage, dir: DiagramDirection): string {
  return JSON.stringify([message.documentUri, message.view, message.filter, message.view === 'flow' ? dir : '']);
}

function autoKeyOf(message: RenderMessage): string {
  return JSON.stringify([message.documentUri, message.filter]);
}

/** The width and height of Mermaid's SVG markup, from its viewBox. */
function viewBoxSize(svg: string): { width: number; height: number } | undefined {
  // The root's opening tag, read with indexOf (no pattern that could backtrack on a long label).
  const start = svg.indexOf('<svg');
  const tag = start < 0 ? '' : svg.slice(start, svg.indexOf('>', start) + 1);
  const at = tag.indexOf(' viewBox="');
  if (at < 0) return undefined;
  const value = tag.slice(at + 10, tag.indexOf('"', at + 10));
  const parts = value.trim().split(/[\s,]+/).map(Number);
  return parts.length === 4 && parts.every(Number.isFinite) ? { width: parts[2]!, height: parts[3]! } : undefined;
}

function redraw(message: RenderMessage): void {
  rendering = rendering.then(() => draw(message));
}

async function draw(message: RenderMessage): Promise<void> {
  const started = performance.now();
  const first = last === undefined;
  const restoring = first && !!state?.viewport && state.documentUri === message.documentUri;
  if (restoring && state?.drawnDirection && !chosenDirection) autoDirection.set(autoKeyOf(message), state.drawnDirection);
  let dir: DiagramDirection = chosenDirection ?? autoDirection.get(autoKeyOf(message)) ?? 'LR';
  const sameView = drawnKey === keyOf(message, dir);
  try {
    const svg = await renderMermaid(shownText(message, dir));
    canvas.innerHTML = svg;
    if (message.view === 'flow' && !chosenDirection && !autoDirection.has(autoKeyOf(message))) {
      dir = await betterDirection(message, dir);
      autoDirection.set(autoKeyOf(message), dir);
    }
  } catch (e) {
    // Keep the last good diagram on screen; say what went wrong above it.
    const reason = e instanceof Error ? e.message : String(e);
    doneLoading();
    showBanner(`The diagram cannot be drawn: ${reason}`);
    vscode.postMessage({ type: 'renderError', message: reason });
    return;
  }
  last = message;
  direction = dir;
  drawnKey = keyOf(message, dir);
  doneLoading();
  toolbar.update(message, direction);
  const { errors, warnings } = message.problems;
  showBanner(errors > 0 ? `The model has ${errors} error${errors === 1 ? '' : 's'}${warnings ? ` and ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}: see the Problems panel. The diagram shows what could be read.` : undefined, 'warning');
  const nodes = wireNodes(message.nodeIds, message.frames);
  const restored = restoring ? state?.viewport : undefined;
  state = { ...state, documentUri: message.documentUri, view: message.view, filter: message.filter, viewport: state?.viewport, drawnDirection: direction };
  panZoom.measure();
  layout = measureDiagram(canvas, panZoom.viewport.scale);
  readableScale = readableScaleOf(layout);
  if (restored) panZoom.set(restored);
  else if (!sameView) panZoom.set(openingViewport(message));
  else panZoom.set(panZoom.viewport); // same view: keep where the user was
  saveState({ viewport: panZoom.viewport });
  minimap.setLayout(layout, panZoom.contentSize);
  applyHighlight(highlighted, false);
  toolbar.setStatus(`${nodes} element${nodes === 1 ? '' : 's'} · click one to show it in the model`);
  vscode.postMessage({ type: 'rendered', nodeCount: nodes, durationMs: Math.round(performance.now() - started) });
}

/**
 * The panel's shape decides the flow's direction: when the diagram just drawn (in `dir`, on the
 * canvas) does not fit the panel at a readable size but nearly does, it is drawn the other way
 * too, and the one that fits larger stays. (A diagram far too large for the panel either way keeps
 * the generator's direction, and one render.)
 */
async function betterDirection(message: RenderMessage, dir: DiagramDirection): Promise<DiagramDirection> {
  panZoom.measure();
  const readable = readableScaleOf(measureDiagram(canvas, panZoom.viewport.scale));
  const fit = panZoom.fitScale();
  if (fit >= readable || fit < 0.6 * readable) return dir;
  const other: DiagramDirection = dir === 'LR' ? 'TB' : 'LR';
  // Not shown at the old viewport while the other layout is worked out.
  canvas.style.visibility = 'hidden';
  try {
    const svg = await renderMermaid(shownText(message, other));
    const size = viewBoxSize(svg);
    if (!size || panZoom.fitScale({ x: 0, y: 0, ...size }) <= fit) return dir;
    canvas.innerHTML = svg;
    return other;
  } finally {
    canvas.style.visibility = '';
  }
}

function readableScaleOf(l: DiagramLayout): number {
  return l.smallestText > 0 ? Math.min(2, READABLE_TEXT_PX / l.smallestText) : 0.7;
}

/**
 * Where a new view opens: fitted when the whole diagram reads at that size; else at the readable
 * scale, at the cursor's node if there is one, or at the top-left corner. A focus opens on its
 * neighbourhood: fitted, and at least readable.
 */
function openingViewport(message: RenderMessage): Viewport {
  const whole: Box = { x: 0, y: 0, ...panZoom.contentSize };
  const limits = { min: readableScale, max: Math.max(1, readableScale) };
  if (message.filter.focus && layout) {
    const around = union(layout.shapes.filter((s) => !s.dimmed)) ?? whole;
    const choice = message.elements.find((e) => e.name === message.filter.focus);
    const focusBox = choice ? firstBox(nodeIdFor(choice.kind, choice.name)) : undefined;
    return panZoom.viewportFor(around, { ...limits, anchor: focusBox && centre(focusBox) });
  }
  const cursorBox = highlighted ? firstBox(highlighted) : undefined;
  if (cursorBox || message.view !== 'flow' || !layout?.shapes.length || panZoom.fitScale(whole) >= readableScale) {
    return panZoom.viewportFor(whole, { ...limits, anchor: cursorBox && centre(cursorBox) });
  }
  // The flow's top-left corner may be empty (the layout aligns the aggregates' groups around their
  // middles): start at the node nearest to it, with room for its group's title.
  const corner = layout.shapes.reduce((a, b) => (b.x + b.y < a.x + a.y ? b : a));
  return panZoom.cornerAt({ x: corner.x - 48, y: corner.y - 56 }, readableScale);
}

function centre(b: Box): { x: number; y: number } {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

function firstBox(nodeId: string): Box | undefined {
  return layout?.boxes.get(nodeId)?.[0];
}

/** Of a node's boxes (a timeline element may be drawn more than once), the one nearest the view. */
function nearestBox(nodeId: string): Box | undefined {
  const boxes = layout?.boxes.get(nodeId);
  if (!boxes?.length) return undefined;
  const v = panZoom.visible;
  const c = centre(v);
  const distance = (b: Box) => Math.hypot(centre(b).x - c.x, centre(b).y - c.y);
  return boxes.reduce((a, b) => (distance(b) < distance(a) ? b : a));
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

/** Marks the cursor's node and, when `reveal`, pans smoothly to it if it is out of view. */
function applyHighlight(nodeId: string | undefined, reveal: boolean): void {
  highlighted = nodeId;
  for (const el of canvas.querySelectorAll('.ems-highlight')) el.classList.remove('ems-highlight');
  if (!nodeId) return;
  for (const el of canvas.querySelectorAll(`[data-ems-node="${CSS.escape(nodeId)}"]`)) el.classList.add('ems-highlight');
  const box = reveal ? nearestBox(nodeId) : undefined;
  if (box) panZoom.bringIntoView(box);
}

/** The SVG to export: drawn again in light colours on white (the default), or the panel's as shown with its background. */
async function exportSvg(theme: 'light' | 'current'): Promise<string | undefined> {
  const shown = canvas.querySelector('svg');
  if (!last || !shown) return undefined;
  if (theme === 'current') {
    const background = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || getComputedStyle(document.body).backgroundColor;
    const copy = shown.cloneNode(true) as SVGSVGElement;
    // The panel's own marks stay in the panel.
    for (const el of copy.querySelectorAll('[data-ems-node]')) {
      for (const name of ['data-ems-node', 'tabindex', 'role']) el.removeAttribute(name);
      el.classList.remove('ems-highlight');
    }
    return withBackground(new XMLSerializer().serializeToString(copy), background);
  }
  return withBackground(await renderMermaid(shownText(last), 'light'), '#ffffff');
}

window.addEventListener('message', (event: MessageEvent<HostToDiagramMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'render':
      redraw(message);
      break;
    case 'modelError':
      doneLoading();
      showBanner(last ? `${message.message} Showing the last diagram that could be drawn.` : message.message);
      if (!last) toolbar.setStatus('Nothing to draw until the model can be read.');
      break;
    case 'highlight':
      applyHighlight(message.nodeId, true);
      break;
    case 'exportSvg': {
      const { requestId } = message;
      rendering = rendering.then(async () => {
        let svg: string | undefined;
        try {
          svg = await exportSvg(message.theme ?? 'light');
        } catch {
          svg = undefined;
        }
        vscode.postMessage({ type: 'svg', requestId, svg });
      });
      break;
    }
  }
});

// The theme changed (VS Code swaps the body's classes): draw again in the new colours.
new MutationObserver(() => {
  if (last) redraw(last);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// The panel was resized: the overview follows.
new ResizeObserver(() => minimap.update()).observe(frame);

vscode.postMessage({ type: 'ready' });
