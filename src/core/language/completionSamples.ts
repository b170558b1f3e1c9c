import type { Model } from '../model/model.js';
import { descend, fieldCandidates, valueCandidates, type Candidate } from './completionPayload.js';
import { ancestorsOf, siblingKeys, type CursorContext, type CursorNode, type PathSegment } from './cursorContext.js';

/**
 * Completion in a sample event file: the file's keys, event types, the keys of a long-form event,
 * and the data fields of the event named, with the values an enum or boolean field may take.
 */

/** The keys of a sample file and of a long-form event, as docs/model-format.md describes them. */
export const SAMPLE_FILE_KEYS: Record<string, string> = {
  model: 'The path of the model file, relative to this file (optional: by default the model named like this file, in the same folder).',
  events: 'The events, in log order: `{ type, data, at, version }` or `EventName: { field: value }`.',
};

export const SAMPLE_EVENT_KEYS: Record<string, string> = {
  type: 'The event type: an event of the model.',
  data: "The event's data: its fields, exactly as the model declares them.",
  at: 'When it happened, an ISO 8601 date-time (its `$meta.timestamp` in replay).',
  version: 'The version the event was written with, when older than the model’s (it is upcast on reading).',
};

/** Where an event entry starts in a sample file's path: `events.<i>`, `<i>` in a bare list, or the line itself in JSON Lines. */
export function sampleEntry(path: readonly PathSegment[], jsonLines: boolean): { rest: PathSegment[]; depth: number } | undefined {
  if (jsonLines) return { rest: [...path], depth: 0 };
  if (path[0] === 'events' && typeof path[1] === 'number') return { rest: path.slice(2), depth: 2 };
  if (typeof path[0] === 'number') return { rest: path.slice(1), depth: 1 };
  return undefined;
}

export function completeSamples(model: Model | undefined, c: CursorContext, jsonLines: boolean, line: number): Candidate[] {
  const written = siblingKeys(c);
  if (!jsonLines && c.path.length === 0 && c.role === 'key') {
    return Object.entries(SAMPLE_FILE_KEYS)
      .filter(([k]) => !written.has(k))
      .map(([label, documentation]) => ({ label, kind: 'keyword', documentation, as: 'key', rank: 0, container: label === 'events' }));
  }
  const entry = sampleEntry(c.path, jsonLines);
  if (!entry) return [];
  const node: CursorNode | undefined = ancestorsOf(c.node)[entry.depth];
  const events = model?.events ?? new Map();
  const eventNames = (as: Candidate['as']): Candidate[] =>
    [...events.values()].map((e) => {
      const item: Candidate = { label: e.name, kind: 'event', detail: e.aggregate ? `event of ${e.aggregate.name}` : 'external event', as, rank: 0 };
      if (e.description) item.documentation = e.description;
      return item;
    });
  const longFormKeys = (skip: Set<string>): Candidate[] =>
    Object.entries(SAMPLE_EVENT_KEYS)
      .filter(([k]) => !skip.has(k))
      .map(([label, documentation]) => ({ label, kind: 'keyword', documentation, as: 'key', rank: label === 'type' || label === 'data' ? 0 : 1, container: label === 'data' }));
  const { rest } = entry;
  if (rest.length === 0) {
    if (c.role === 'value') return [...eventNames('key'), ...longFormKeys(new Set())];
    const shortForm = [...written].some((k) => !Object.hasOwn(SAMPLE_EVENT_KEYS, k));
    if (shortForm) return [];
    const out = longFormKeys(written);
    if (written.size === 0) out.push(...eventNames('key').map((e) => ({ ...e, rank: 1 })));
    if (jsonLines && line === 0 && written.size === 0) out.push({ label: 'model', kind: 'keyword', documentation: SAMPLE_FILE_KEYS.model!, as: 'key', rank: 2 });
    return out;
  }
  if (rest.length === 1 && c.role === 'value' && rest[0] === 'type') return eventNames('value');
  // The long form names its event under `type`; the short form is `EventName: data`.
  const typeName = typeof rest[0] !== 'string' ? undefined : Object.hasOwn(SAMPLE_EVENT_KEYS, rest[0]) ? node?.values.get('type') : rest[0];
  const event = typeName !== undefined ? events.get(typeName) : undefined;
  if (rest.length === 1 && c.role === 'value' && rest[0] === 'version') {
    const versions: Candidate[] = [];
    for (let v = 1; v <= (event?.version ?? 1); v++) versions.push({ label: String(v), kind: 'value', as: 'value', rank: 0, detail: v === (event?.version ?? 1) ? 'the current version' : 'an older version' });
    return versions;
  }
  if (!event || !model) return [];
  if (rest[0] !== 'data' && Object.hasOwn(SAMPLE_EVENT_KEYS, rest[0] as string)) return [];
  const inData = rest.slice(1);
  if (c.role === 'key') return fieldCandidates(descend(event.fields, inData, model)?.fields, written, model);
  return inData.length > 0 ? valueCandidates(descend(event.fields, inData, model)?.shape, model) : [];
}
