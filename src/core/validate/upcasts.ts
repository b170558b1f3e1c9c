import { diagnostic } from '../diagnostics.js';
import type { Event, UpcastPath, UpcastRename, UpcastStep } from '../model/model.js';
import type { Range } from '../source.js';
import { checkValue, fieldAtPath } from './typeCheck.js';
import type { CheckContext } from './context.js';

/**
 * An event's `upcast` steps: each reads a version older than the event's own, no two read the
 * same one, and they form one chain up to the event's version. Within a step, no two operations
 * take the same value or write the same place. Following each written path through the later
 * steps to the event's version: a rename target or a default lands on a field the event
 * declares, a default fits that field's type, and no step removes a required field for good.
 * Older versions have no declared fields, so what a step reads is not checked.
 */
export function checkUpcasts(c: CheckContext): void {
  for (const ev of c.model.events.values()) if (ev.upcast) checkEvent(ev, ev.upcast.steps, ev.upcast.range, c);
}

function checkEvent(ev: Event, steps: UpcastStep[], upcastRange: Range, c: CheckContext): void {
  const current = ev.version ?? 1;
  const byFrom = new Map<number, UpcastStep>();
  for (const s of steps) {
    if (s.from >= current) {
      const why = ev.version === undefined
        ? `'${ev.name}' declares no \`version\`, so it is at version 1 and has no older version to upcast from; raise its \`version\` first`
        : `'${ev.name}' is at version ${current}, so ${current === 2 ? 'its one step reads version 1' : `a step reads a version from 1 to ${current - 1}`}`;
      c.report(diagnostic('upcast-from-out-of-range', `An upcast step from version ${s.from}: ${why}.`, s.fromRange, relatedVersion(ev)));
      continue;
    }
    const first = byFrom.get(s.from);
    if (first) {
      c.report(
        diagnostic('upcast-duplicate-step', `Another upcast step of '${ev.name}' already reads version ${s.from}; one step leads from each version to the next.`, s.fromRange, [
          { message: `the first step from version ${s.from}`, range: first.fromRange },
        ]),
      );
      continue;
    }
    byFrom.set(s.from, s);
    checkPaths(s, c);
    checkConflicts(s, c);
  }
  if (byFrom.size === 0) return;
  const lowest = Math.min(...byFrom.keys());
  // Every step reads a version from `lowest` to `current - 1`, so this many are missing; name the first few.
  const count = current - lowest - byFrom.size;
  const missing: number[] = [];
  for (let v = lowest; v < current && missing.length < 5; v++) if (!byFrom.has(v)) missing.push(v);
  if (count > 0) {
    const list = missing.join(', ') + (count > missing.length ? ` and ${count - missing.length} more` : '');
    c.report(
      diagnostic(
        'upcast-gap',
        `The upcast steps of '${ev.name}' start from version ${lowest}, but no step reads version${count > 1 ? 's' : ''} ${list}, so older events never reach version ${current}. ` +
          `Add \`- from: ${missing[0]}\` (with no operations when the data did not change).`,
        upcastRange,
        relatedVersion(ev),
      ),
    );
    return;
  }
  const chain = [...byFrom.values()].sort((a, b) => a.from - b.from);
  chain.forEach((step, i) => checkAgainstCurrent(ev, step, chain.slice(i + 1), c));
}

function relatedVersion(ev: Event) {
  return ev.versionRange ? [{ message: `the version of '${ev.name}'`, range: ev.versionRange }] : [];
}

/** Paths are field names separated by dots. */
function checkPaths(s: UpcastStep, c: CheckContext): void {
  const paths = [...s.drop, ...s.rename.flatMap((r) => [r.from, r.to]), ...s.default.map((d) => d.path)];
  for (const p of paths) {
    if (p.path.split('.').some((seg) => seg === '')) {
      c.report(diagnostic('invalid-value', `'${p.path}' is not a field path: write field names separated by dots, such as \`address.zip\`.`, p.range));
    }
  }
}

/** Whether two paths are the same place, or one holds the other. */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(b + '.') || b.startsWith(a + '.');
}

/** Within a step: a value is taken once (by `drop` or `rename`), and no two renames write the same place. */
function checkConflicts(s: UpcastStep, c: CheckContext): void {
  const taken: { path: UpcastPath; how: string }[] = [];
  const takes = [...s.drop.map((p) => ({ path: p, how: 'dropped' })), ...s.rename.map((r) => ({ path: r.from, how: `renamed to '${r.to.path}'` }))];
  for (const t of takes) {
    const clash = taken.find((x) => overlaps(x.path.path, t.path.path));
    if (!clash) {
      taken.push(t);
      continue;
    }
    const what = t.path.path === clash.path.path
      ? `takes '${t.path.path}' twice: it is ${clash.how}, and ${t.how}`
      : `takes '${t.path.path}', which overlaps '${clash.path.path}' (${clash.how})`;
    c.report(
      diagnostic('upcast-conflict', `The step from version ${s.from} ${what}; each value is dropped or renamed once.`, t.path.range, [
        { message: `'${clash.path.path}' is taken here`, range: clash.path.range },
      ]),
    );
  }
  const written: UpcastRename[] = [];
  for (const r of s.rename) {
    const clash = written.find((w) => overlaps(w.to.path, r.to.path));
    if (!clash) {
      written.push(r);
      continue;
    }
    const where = r.to.path === clash.to.path ? `'${r.to.path}'` : `'${r.to.path}' and '${clash.to.path}', one inside the other`;
    c.report(
      diagnostic('upcast-conflict', `Two renames of the step from version ${s.from} write ${where} (from '${clash.from.path}' and '${r.from.path}'); only one value can move there.`, r.to.range, [
        { message: `'${clash.from.path}' moves here`, range: clash.to.range },
      ]),
    );
  }
}

/**
 * A path after the later steps: renamed on the way, or undefined when a later step drops it.
 * `handedOn` says a later rename takes the whole path, so that step's own check covers it.
 */
function follow(path: string, later: UpcastStep[]): { path: string; via: number[]; handedOn: boolean } | undefined {
  const via: number[] = [];
  let handedOn = false;
  for (const s of later) {
    if (s.drop.some((d) => path === d.path || path.startsWith(d.path + '.'))) return undefined;
    const r = s.rename.find((x) => path === x.from.path || path.startsWith(x.from.path + '.'));
    if (r) {
      if (path === r.from.path) handedOn = true;
      path = r.to.path + path.slice(r.from.path.length);
      via.push(s.from);
    }
  }
  return { path, via, handedOn };
}

/** Whether a step touches a path: drops, renames or writes it, or a place inside or around it. */
function touches(s: UpcastStep, path: string): boolean {
  const paths = [...s.drop.map((p) => p.path), ...s.rename.flatMap((r) => [r.from.path, r.to.path]), ...s.default.map((d) => d.path.path)];
  return paths.some((p) => overlaps(p, path));
}

function checkAgainstCurrent(ev: Event, step: UpcastStep, later: UpcastStep[], c: CheckContext): void {
  const current = ev.version ?? 1;
  const landing = (path: string, via: number[]) =>
    via.length === 0 ? `'${path}'` : `'${path}' (after the rename${via.length > 1 ? 's' : ''} of the step${via.length > 1 ? 's' : ''} from ${via.join(', ')})`;
  const unknown = (written: UpcastPath, path: string, via: number[], what: string) =>
    c.report(
      diagnostic('upcast-unknown-field', `${what} '${written.path}', but '${ev.name}' has no field ${landing(path, via)} at version ${current}; upcast events would carry a field it does not declare.`, written.range),
    );
  for (const r of step.rename) {
    const end = follow(r.to.path, later);
    if (end && !end.handedOn && !fieldAtPath(ev.fields, end.path.split('.'), c.model)) unknown(r.to, end.path, end.via, `The step from version ${step.from} renames '${r.from.path}' to`);
  }
  for (const d of step.default) {
    const end = follow(d.path.path, later);
    if (!end) continue;
    const field = fieldAtPath(ev.fields, end.path.split('.'), c.model);
    if (!field) {
      if (!end.handedOn) unknown(d.path, end.path, end.via, `The step from version ${step.from} gives a default to`);
      continue;
    }
    for (const p of checkValue(d.value, field, c.model, {}, end.path)) {
      c.report(diagnostic('upcast-default-mismatch', `Default of '${d.path.path}' (upcast from version ${step.from}): ${p.message}`, p.kind === 'missing-field' ? d.value.range : p.range));
    }
  }
  // A value taken by this step, and written by nothing after it, is absent at the event's version.
  const takes = [...step.drop.map((p) => ({ path: p, how: `drops '${p.path}'` })), ...step.rename.map((r) => ({ path: r.from, how: `renames '${r.from.path}' to '${r.to.path}'` }))];
  for (const t of takes) {
    const path = t.path.path;
    if (step.rename.some((r) => overlaps(r.to.path, path)) || step.default.some((d) => overlaps(d.path.path, path))) continue;
    if (later.some((s) => touches(s, path))) continue;
    const field = fieldAtPath(ev.fields, path.split('.'), c.model);
    if (!field || field.optional) continue;
    c.report(
      diagnostic(
        'upcast-removes-field',
        `The step from version ${step.from} ${t.how}, but '${ev.name}' still requires '${path}' at version ${current} and no step after it sets it again: upcast events would lack it. ` +
          'Give it a `default`, or rename a field into it.',
        t.path.range,
      ),
    );
  }
}
