import mermaid from 'mermaid';

/** The colours of the current VS Code theme, read from the CSS variables VS Code sets. */
function themeVariables(): Record<string, string> {
  const style = getComputedStyle(document.body);
  const css = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
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
 * text, never HTML or script) and the current theme's colours.
 */
export async function renderMermaid(text: string): Promise<string> {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    themeVariables: themeVariables(),
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
