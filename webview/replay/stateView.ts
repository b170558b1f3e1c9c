// The state at the selected step: every aggregate instance and projection, the values the step
// changed highlighted, each value a link to the rule that last wrote it; or, as a diff, what the
// touched targets held before the step and after it.
import type { Range } from '../../src/core/source';
import type { AggregateInstance, JsonRecord, JsonValue, Provenance, ReplayChange, ReplayTarget } from '../../src/core/replay/types';
import type { ReplayProjectionState, ReplayStateMessage } from '../../src/protocol/replay';
import { h, plural } from './dom';
import { fieldNames, valueAt, valueElement, writerOf } from './values';

/** Instances and rows drawn at first (the host may send more); "Show more" draws more of them. */
export const FIRST_INSTANCES = 24;
export const FIRST_ROWS = 50;

export interface StateActions {
  revealRule(range: Range): void;
}

/**
 * One drawing of the state: the ranges its value links reveal (one click listener on the pane
 * reads `data-link`, instead of a listener per value), and how many instances and rows to draw.
 */
export interface StateDrawing {
  links: Range[];
  instances: number;
  rows: number;
  /** Draws more instances or rows (the pane draws again). */
  more(what: 'instances' | 'rows'): void;
}

const targetKey = (t: ReplayTarget) => (t.kind === 'aggregate' ? `a\u0000${t.name}\u0000${t.id}` : `p\u0000${t.name}\u0000${t.key}`);

/** The paths a step changed, by target; `''` in the set: the whole record was created or deleted. */
function changedPaths(message: ReplayStateMessage): Map<string, Set<string>> {
  const changed = new Map<string, Set<string>>();
  for (const c of message.step?.changes ?? []) {
    const key = targetKey(c.target);
    if (!changed.has(key)) changed.set(key, new Set());
    changed.get(key)!.add(c.path);
  }
  return changed;
}

/** A top-level field changed if a changed path is it, inside it, or the whole record. */
function fieldChanged(paths: Set<string> | undefined, field: string): boolean {
  if (!paths) return false;
  if (paths.has('') || paths.has(field)) return true;
  for (const p of paths) if (p.startsWith(`${field}.`)) return true;
  return false;
}

/** A value that shows who wrote it and reveals that rule when clicked. */
function valueLink(v: JsonValue | undefined, provenance: Provenance, path: string, d: StateDrawing, changed: boolean): HTMLElement {
  const written = writerOf(provenance, path);
  const value = valueElement(v);
  if (!written) return h('span', { class: `cell${changed ? ' changed' : ''}` }, value);
  const by = written.position === 0 ? 'the initial state' : `#${written.position.toLocaleString('en-US')} ${written.event ?? ''}`.trim();
  d.links.push(written.opRange ?? written.ruleRange);
  return h(
    'button',
    { type: 'button', class: `value-link${changed ? ' changed' : ''}`, 'data-link': d.links.length - 1, title: `Written by ${by}: click to show the rule`, 'aria-description': `written by ${by}${changed ? ', changed by this step' : ''}` },
    value,
  );
}

/** Reveals the rule of a clicked value link of a drawing. */
export function onValueLink(root: HTMLElement, drawing: () => StateDrawing | undefined, actions: StateActions): void {
  root.addEventListener('click', (e) => {
    const link = (e.target as Element).closest<HTMLElement>('[data-link]');
    const range = link && drawing()?.links[Number(link.dataset.link)];
    if (range) actions.revealRule(range);
  });
}

function moreButton(d: StateDrawing, what: 'instances' | 'rows', shown: number, total: number, noun: string): HTMLElement {
  const b = h('button', { type: 'button', class: 'link' }, 'Show more');
  b.addEventListener('click', () => d.more(what));
  return h('p', { class: 'muted more' }, `Showing ${shown.toLocaleString('en-US')} of ${plural(total, noun)}. `, b);
}

/** A record as a list of fields: name, then value. */
function fieldList(record: JsonRecord, provenance: Provenance, paths: Set<string> | undefined, d: StateDrawing): HTMLElement {
  const dl = h('dl', { class: 'fields' });
  const names = Object.keys(record);
  if (names.length === 0) dl.append(h('div', { class: 'muted' }, 'No fields.'));
  for (const name of names) {
    const changed = fieldChanged(paths, name);
    dl.append(h('div', { class: `field${changed ? ' changed' : ''}` }, h('dt', {}, name), h('dd', {}, valueLink(record[name], provenance, name, d, changed))));
  }
  return dl;
}

function card(kind: string, title: string, subtitle: string | undefined, touched: boolean, body: HTMLElement, badge = 'changed'): HTMLElement {
  return h(
    'article',
    { class: `card${touched ? ' touched' : ''}`, 'aria-label': `${kind} ${title}${subtitle ? ` ${subtitle}` : ''}` },
    h('header', {}, h('span', { class: 'kind' }, kind), h('span', { class: 'name' }, title), subtitle ? h('span', { class: 'sub', title: subtitle }, subtitle) : null, touched ? h('span', { class: 'badge' }, badge) : null),
    body,
  );
}

function aggregateCard(a: AggregateInstance, changed: Map<string, Set<string>>, d: StateDrawing): HTMLElement {
  const paths = changed.get(targetKey({ kind: 'aggregate', name: a.aggregate, id: a.id }));
  return card('Aggregate', a.aggregate, a.id, !!paths, fieldList(a.state, a.provenance, paths, d));
}

function projectionCard(p: ReplayProjectionState, changed: Map<string, Set<string>>, d: StateDrawing): HTMLElement {
  const pathsOf = (key: string) => changed.get(targetKey({ kind: 'projection', name: p.projection, key }));
  const touchedRows = p.rows.filter((r) => pathsOf(r.key));
  const total = p.totalRows ?? p.rows.length;
  const touched = touchedRows.length > 0 || [...changed.keys()].some((k) => k.startsWith(`p\u0000${p.projection}\u0000`));
  if (!p.keyed) {
    const doc = p.rows[0];
    const body = doc ? fieldList(doc.row, doc.provenance, pathsOf(doc.key), d) : h('div', { class: 'muted' }, 'Empty.');
    return card('Projection', p.projection, 'document', touched, body);
  }
  // Touched rows first, then the others in creation order, up to the limit.
  const rows = [...touchedRows, ...p.rows.filter((r) => !pathsOf(r.key))].slice(0, Math.max(d.rows, touchedRows.length));
  const columns = fieldNames(rows.map((r) => r.row));
  const table = h('table', { class: 'rows' });
  table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'key'), ...columns.map((c) => h('th', { scope: 'col' }, c)))));
  const body = h('tbody');
  for (const r of rows) {
    const paths = pathsOf(r.key);
    body.append(
      h(
        'tr',
        { class: paths ? 'changed' : undefined },
        h('th', { scope: 'row', title: r.key }, r.key),
        ...columns.map((c) => h('td', {}, Object.hasOwn(r.row, c) ? valueLink(r.row[c], r.provenance, c, d, fieldChanged(paths, c)) : h('span', { class: 'muted' }, '—'))),
      ),
    );
  }
  table.append(body);
  const note = total > rows.length ? (p.rows.length > rows.length ? moreButton(d, 'rows', rows.length, total, 'row') : h('p', { class: 'muted more' }, `Showing ${rows.length.toLocaleString('en-US')} of ${plural(total, 'row')}.`)) : null;
  const wrap = h('div', { class: 'table-wrap' }, rows.length ? table : h('div', { class: 'muted' }, 'No rows.'), note);
  return card('Projection', p.projection, plural(total, 'row'), touched, wrap);
}

/** Every instance and projection at the step, touched ones first. */
export function renderState(message: ReplayStateMessage, d: StateDrawing): HTMLElement {
  const changed = changedPaths(message);
  const root = h('div', { class: 'state' });
  const instances = [...message.aggregates].sort((a, b) => Number(!!changed.get(targetKey({ kind: 'aggregate', name: b.aggregate, id: b.id }))) - Number(!!changed.get(targetKey({ kind: 'aggregate', name: a.aggregate, id: a.id }))));
  const total = message.totalAggregates ?? message.aggregates.length;
  root.append(h('h3', {}, 'Aggregates ', h('span', { class: 'count' }, total.toLocaleString('en-US'))));
  if (instances.length === 0) root.append(h('p', { class: 'muted' }, 'No aggregate instance yet.'));
  const grid = h('div', { class: 'cards' });
  const shown = instances.slice(0, d.instances);
  for (const a of shown) grid.append(aggregateCard(a, changed, d));
  root.append(grid);
  if (instances.length > shown.length) root.append(moreButton(d, 'instances', shown.length, total, 'instance'));
  else if (total > shown.length) root.append(h('p', { class: 'muted more' }, `Showing ${shown.length.toLocaleString('en-US')} of ${plural(total, 'instance')}: the ones this step touched first.`));
  root.append(h('h3', {}, 'Projections ', h('span', { class: 'count' }, message.projections.length.toLocaleString('en-US'))));
  if (message.projections.length === 0) root.append(h('p', { class: 'muted' }, 'The model has no projection.'));
  const projections = h('div', { class: 'cards wide' });
  for (const p of message.projections) projections.append(projectionCard(p, changed, d));
  root.append(projections);
  return root;
}

function currentOf(message: ReplayStateMessage, t: ReplayTarget): { state?: JsonRecord; provenance: Provenance } {
  if (t.kind === 'aggregate') {
    const a = message.aggregates.find((x) => x.aggregate === t.name && x.id === t.id);
    return a ? { state: a.state, provenance: a.provenance } : { provenance: {} };
  }
  const r = message.projections.find((p) => p.projection === t.name)?.rows.find((x) => x.key === t.key);
  return r ? { state: r.row, provenance: r.provenance } : { provenance: {} };
}

const same = (a: JsonValue | undefined, b: JsonValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** Before and after, per field, of each target the step touched; unchanged fields dimmed. */
export function renderDiff(message: ReplayStateMessage, d: StateDrawing): HTMLElement {
  const root = h('div', { class: 'diff' });
  const changes = message.step?.changes ?? [];
  const targets = new Map<string, ReplayTarget>();
  for (const c of changes) targets.set(targetKey(c.target), c.target);
  if (targets.size === 0) {
    root.append(h('p', { class: 'muted' }, message.step ? 'This step changed nothing.' : 'Before the first event: nothing has changed yet.'));
    return root;
  }
  for (const [key, target] of targets) {
    const after = currentOf(message, target);
    const sent = message.previous.find((p) => targetKey(p.target) === key);
    // An instance that did not exist yet starts from the aggregate's initial state, which the
    // step's changes hold as the values they replaced: undoing them gives it.
    const before = sent?.state ?? wholeBefore(after.state, changes, key);
    const title = target.kind === 'aggregate' ? target.id : target.key;
    const created = (sent !== undefined && sent.state === undefined) || changes.some((c) => targetKey(c.target) === key && c.path === '' && c.before === undefined);
    const status = created ? 'created' : after.state === undefined ? 'deleted' : 'changed';
    const table = h('table', { class: 'diff-table' });
    table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'field'), h('th', { scope: 'col' }, 'before'), h('th', { scope: 'col', class: 'arrow', 'aria-label': 'becomes' }), h('th', { scope: 'col' }, 'after'))));
    const body = h('tbody');
    const fields = fieldNames([before ?? {}, after.state ?? {}]);
    for (const f of fields) {
      const b = valueAt(before, f);
      const a = valueAt(after.state, f);
      const changed = !same(b, a);
      body.append(
        h(
          'tr',
          { class: changed ? 'changed' : 'unchanged' },
          h('th', { scope: 'row' }, f),
          h('td', { class: 'before' }, b === undefined ? h('span', { class: 'muted' }, '—') : valueElement(b)),
          h('td', { class: 'arrow', 'aria-hidden': 'true' }, changed ? '→' : ''),
          h('td', { class: 'after' }, a === undefined ? h('span', { class: 'muted' }, '—') : changed ? valueLink(a, after.provenance, f, d, true) : valueElement(a)),
        ),
      );
    }
    // Changes inside a field (a list pushed to, a nested path) are listed with their own paths.
    for (const c of changes.filter((c) => targetKey(c.target) === key && c.path.includes('.'))) {
      body.append(h('tr', { class: 'changed nested' }, h('th', { scope: 'row' }, c.path), h('td', { class: 'before' }, valueElement(c.before)), h('td', { class: 'arrow', 'aria-hidden': 'true' }, '→'), h('td', { class: 'after' }, valueElement(c.after))));
    }
    table.append(body);
    root.append(card(target.kind === 'aggregate' ? 'Aggregate' : 'Projection', target.name, title, true, h('div', { class: 'table-wrap' }, table), status));
  }
  return root;
}

/**
 * Without `previous` from the host: the record before the step, from the record after it with the
 * step's own changes to it undone, last first (each change holds the value it replaced).
 */
function wholeBefore(after: JsonRecord | undefined, changes: readonly ReplayChange[], key: string): JsonRecord | undefined {
  let record: JsonValue | undefined = after === undefined ? undefined : structuredClone(after);
  for (const c of changes.filter((x) => targetKey(x.target) === key).reverse()) {
    if (c.path === '') record = c.before;
    else record = withValueAt(record, c.path.split('.'), c.before);
  }
  return record !== undefined && record !== null && typeof record === 'object' && !Array.isArray(record) ? record : undefined;
}

/** A copy of a record with the value at a path set (or removed, for undefined). */
function withValueAt(record: JsonValue | undefined, path: string[], value: JsonValue | undefined): JsonValue | undefined {
  const base: JsonRecord = record !== null && typeof record === 'object' && !Array.isArray(record) ? { ...record } : {};
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const next = rest.length === 0 ? value : withValueAt(Object.hasOwn(base, head) ? base[head] : undefined, rest, value);
  if (next === undefined) delete base[head];
  else Object.defineProperty(base, head, { value: next, enumerable: true, writable: true, configurable: true });
  return base;
}
