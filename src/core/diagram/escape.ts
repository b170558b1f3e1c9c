/**
 * Escaping of user text (names, field names, types) for the two Mermaid dialects. Nothing the user
 * writes may end a label, start a statement, form a `%%{init}%%` directive or a `#name;` entity
 * code, or reach the browser as markup: every character that could is written as an entity, and
 * line breaks become spaces, so user text never starts a line of its own.
 */

/** Flowchart labels sit in `"..."`; Mermaid turns `#name;` and `#123;` codes into characters. */
const FLOW_CODES: Record<string, string> = {
  '"': '#quot;',
  '#': '#35;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '%': '#37;', // `%%` comments and `%%{init}%%` directives
  '`': '#96;', // a leading backtick makes a Markdown label
  ':': '#58;', // `fa:fa-icon` and Mermaid's `style ...:...#...;` rewrite
  $: '#36;', // `$$...$$` is KaTeX
  // Mermaid writes `#x;` codes as `ﬂ°x¶ß` and decodes that twice, so a user's `ﬂ°lt¶ß` would
  // become `<`: the ligature is spelt out and a word joiner keeps `¶` from touching `ß`.
  '\uFB02': 'fl',
  '\u00B6': '\u00B6#8288;',
};

/**
 * Timeline frame data is inserted as HTML after Mermaid's sanitiser. A `#` must not appear at all
 * (Mermaid would read `#x;` as an entity code), so HTML named references stand in for it.
 */
const TIMELINE_CODES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '#': '&num;',
  '%': '&percnt;',
  '{': '&lbrace;', // the data is delimited by the first `{` and the last `}`
  '}': '&rbrace;',
  '`': '&grave;', // a Markdown fence around the diagram must not be closed
  '\uFB02': 'fl', // see FLOW_CODES
  '\u00B6': '\u00B6\u2060',
};

const WHITESPACE = /[\s\u0085\u2028\u2029]+/gu;
const CONTROL = /[\p{Cc}]/gu;
const FORMAT = /[\p{Cf}]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of plain text: no controls or line breaks, no broken surrogates, at most `max` characters. */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, ' ').replace(WHITESPACE, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** User text made safe for a flowchart label. */
export function flowText(text: string, max = 60): string {
  let out = '';
  for (const ch of oneLine(text, max)) {
    const code = FLOW_CODES[ch];
    if (code) out += code;
    else if (/\p{Cf}/u.test(ch)) out += `#${ch.codePointAt(0)};`; // invisible, but kept as written
    else out += ch;
  }
  return out;
}

/**
 * A quoted flowchart label from lines of user text. Lines are joined by a newline inside the
 * quotes, not `<br>`: a label without `<` passes Mermaid's HTML sanitiser untouched, so the entity
 * codes stay codes until the SVG is written (with `<br>`, the sanitiser decodes them early and
 * `fa#58;fa-car` turns back into an icon).
 */
export function flowLabel(lines: string[]): string {
  return `"${lines.map((l) => flowText(l)).filter(Boolean).join('\n')}"`;
}

/**
 * Subgraph titles are drawn without decoding most entity codes when `htmlLabels` is off, so the
 * characters that need one are shown as look-alikes there; `<`, `>` and `&` decode everywhere.
 */
const TITLE_LOOKALIKES: Record<string, string> = {
  '"': '\uFF02', // ＂
  '#': '\uFF03', // ＃
  '$': '\uFF04', // ＄
  '%': '\uFF05', // ％
  ':': '\uFF1A', // ：
  '`': '\u02CB', // ˋ
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '\uFB02': 'fl',
  '\u00B6': '\u00B6\u2060', // see FLOW_CODES
};

/** A quoted subgraph title from user text. */
export function flowTitle(text: string): string {
  let out = '';
  for (const ch of oneLine(text, 60).replace(FORMAT, '')) out += TITLE_LOOKALIKES[ch] ?? ch;
  return `"${out}"`;
}

/** User text made safe for a timeline frame's `{ ... }` data. */
export function timelineText(text: string, max = 80): string {
  let out = '';
  for (const ch of oneLine(text, max).replace(FORMAT, '')) out += TIMELINE_CODES[ch] ?? ch;
  return out;
}
