import type { DiagramNodeKind } from './types.js';

/**
 * Node ids: `<kind prefix>_<name>`, in the charset [A-Za-z0-9_] so no name can break a Mermaid
 * statement. A name of plain letters and digits is kept as it is; any other name is cleaned and
 * gets `_<hash of the real name>`, so a cleaned id always holds an underscore after the prefix and
 * can never equal the id of a plain name, and two names that clean alike still differ by hash.
 */
const PREFIX: Record<DiagramNodeKind, string> = {
  command: 'cmd',
  aggregate: 'agg',
  event: 'evt',
  projection: 'prj',
  policy: 'pol',
  scenario: 'scn',
  error: 'err',
};

const PLAIN = /^[A-Za-z0-9]{1,64}$/;

/** The stable node id of an element: the same kind and name always give the same id. */
export function nodeIdFor(kind: DiagramNodeKind, name: string): string {
  return `${PREFIX[kind]}_${idSuffix(name)}`;
}

/** The name part of a node id. */
export function idSuffix(name: string): string {
  if (PLAIN.test(name)) return name;
  const cleaned = trimUnderscores(name.replace(/[^A-Za-z0-9]+/g, '_')).slice(0, 40);
  return `${cleaned}_${hashName(name)}`;
}

/** Without leading and trailing underscores (a loop: `/_+$/` is quadratic on long runs of `_`). */
function trimUnderscores(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 95) start++;
  while (end > start && text.charCodeAt(end - 1) === 95) end--;
  return text.slice(start, end);
}

/** A 53-bit string hash (cyrb53), as 11 base-36 digits: short, stable across runs and platforms. */
export function hashName(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(36).padStart(11, '0');
}

/** Words the `eventmodeling` grammar reads as keywords, so they cannot name a frame's entity. */
const TIMELINE_KEYWORDS = new Set([
  'cmd', 'command', 'data', 'entity', 'event', 'eventmodeling', 'evt', 'figma', 'given', 'gwt', 'html', 'jsobj',
  'json', 'md', 'note', 'pcr', 'processor', 'readmodel', 'resetframe', 'rf', 'rmo', 'salt', 'text', 'tf', 'then',
  'timeframe', 'ui', 'uri', 'when',
]);

/**
 * The entity name a timeline frame shows: the element's name when the `eventmodeling` lexer reads
 * it as one identifier, else its node id. Names starting with `title`, `accTitle` or `accDescr`
 * are lexed as diagram titles and accessibility text, so they take the node id too.
 */
export function timelineIdentifier(kind: DiagramNodeKind, name: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) && !TIMELINE_KEYWORDS.has(name) && !/^(title|accTitle|accDescr)/.test(name);
  return plain ? name : nodeIdFor(kind, name);
}
