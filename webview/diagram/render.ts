import mermaid from 'mermaid';

/**
 * The colours of the current VS Code theme, read from the CSS variables VS Code sets; or, for
 * `'light'`, light colours whatever the theme (an export that reads on a white page).
 */
function themeVariables(theme: 'current' | 'light'): Record<string, string> {
  const style = getComputedStyle(document.body);
  const light = theme === 'light';
  const css = (name: string, fallback: string) => (light ? '' : style.getPropertyValue(name).trim()) || fallback;
  const dark = !light && (document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast'));
  return {
    darkMode: String(dark),
    background: css('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    primaryTextColor: css('--vscode-editor-foreground', dark ? '#cccccc' : '#1f1f1f'),
    lineColor: css('--vscode-editorLineNumber-foreground', dark ? '#8a8a8a' : '#6e6e6e'),
    clusterBkg: css('--vscode-sideBar-background', dark ? '#252526' : '#f3f3f3'),
    clusterBorder: css('--vscode-panel-border', dark ? '#3c3c3c' : '#d4d4d4'),
    titleColor: css('--vscode-editor-foreground', dark ? '#cccccc' : '#1f1f1f'),
    edgeLabelBackground: css('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    fontFamily: css('--vscode-font-family', 'sans-serif'),
  };
}

let counter = 0;

/**
 * Renders Mermaid text to SVG markup with the real Mermaid, `securityLevel: 'strict'` (labels are
 * text, never HTML or script) and the current theme's colours (or light ones, for an export).
 * Mermaid lays flowcharts out with ELK, its default layout engine, bundled in the package.
 */
export async function renderMermaid(text: string, theme: 'current' | 'light' = 'current'): Promise<string> {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    themeVariables: themeVariables(theme),
    // Natural size: the panel pans and zooms itself, so Mermaid must not shrink wide diagrams.
    flowchart: { htmlLabels: false, curve: 'basis', useMaxWidth: false },
    eventmodeling: { useMaxWidth: false },
    // A few hundred elements go past Mermaid's default text and edge limits.
    maxTextSize: 2_000_000,
    maxEdges: 20_000,
    suppressErrorRendering: true,
  });
  const { svg } = await mermaid.render(`ems-diagram-${++counter}`, text);
  return svg;
}

/**
 * The model node an SVG element stands for: Mermaid derives element ids from node ids
 * (`…flowchart-cmd_PlaceOrder-3`); the longest known id found between separators wins.
 */
export function nodeIdOf(element: Element, nodeIds: readonly string[]): string | undefined {
  const raw = element.id || element.getAttribute('data-id') || '';
  if (!raw) return undefined;
  let best: string | undefined;
  for (const id of nodeIds) {
    const at = raw.indexOf(id);
    if (at < 0) continue;
    const before = at === 0 ? '' : raw[at - 1]!;
    const after = raw[at + id.length] ?? '';
    if ((before === '' || before === '-' || before === '_') && (after === '' || after === '-')) {
      if (!best || id.length > best.length) best = id;
    }
  }
  return best;
}

/** The flow text turned to run top to bottom (`flowchart TB`); other text is left as it is. */
export function withDirection(text: string, direction: 'LR' | 'TB'): string {
  return direction === 'TB' ? text.replace(/^flowchart LR\b/, 'flowchart TB') : text;
}

/**
 * An exported SVG that reads on any page: a background rectangle of the given colour under the
 * drawing (Mermaid leaves the background transparent), and the background in the root's style.
 * Read with the HTML parser (Mermaid's labels hold HTML such as `<br>`) and written as XML, so the
 * file is well-formed SVG.
 */
export function withBackground(svgMarkup: string, colour: string): string {
  const holder = document.createElement('div');
  holder.innerHTML = svgMarkup;
  const svg = holder.querySelector('svg');
  if (!svg) return svgMarkup;
  const box = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  if (box.length === 4 && box.every((n) => Number.isFinite(n))) {
    rect.setAttribute('x', String(box[0]));
    rect.setAttribute('y', String(box[1]));
    rect.setAttribute('width', String(box[2]));
    rect.setAttribute('height', String(box[3]));
  } else {
    rect.setAttribute('width', '100%');
    rect.setAttribute('height', '100%');
  }
  rect.setAttribute('fill', colour);
  rect.setAttribute('class', 'ems-background');
  // After Mermaid's <style>, before the drawing.
  const style = [...svg.children].find((c) => c.localName === 'style');
  svg.insertBefore(rect, style ? style.nextSibling : svg.firstChild);
  svg.style.backgroundColor = colour;
  return new XMLSerializer().serializeToString(svg);
}
