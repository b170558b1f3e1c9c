import * as z from 'zod/mini';

/**
 * The one structural schema of a `.events.yaml` model. The parser checks documents against it,
 * and `schema/events.schema.json` is generated from it for other editors and CI.
 * Cross-references, names and types are checked by the validator, which has the whole model.
 * Written with zod's mini API: the same checks as the classic API at a quarter of the bundle size,
 * which matters for the extension host bundle.
 */

/** A copy of `schema` carrying JSON Schema metadata (a copy, so shared pieces keep their own). */
function meta<T extends z.core.$ZodType>(schema: T, data: { description: string; title?: string }): T {
  const copy = (schema as unknown as { clone(): T }).clone();
  z.globalRegistry.add(copy, data);
  return copy;
}

const opt = z.optional;

const description = meta(z.string(), { description: 'What this element means, for people and generated docs.' });
const name = z.string();

const fieldTypeExpression = meta(z.string(), {
  description:
    'A type: string, number, integer, boolean, datetime, date, uuid or a named type; `[]` for a list, a trailing `?` for optional. Examples: `OrderLine[]`, `string?`.',
});

const fieldTypeSchema = meta(
  z.union([
    fieldTypeExpression,
    z.strictObject({
      type: opt(fieldTypeExpression),
      optional: opt(z.boolean()),
      description: opt(description),
      enum: opt(z.array(z.union([z.string(), z.number(), z.boolean()])).check(z.minLength(1))),
    }),
  ]),
  { description: 'A field type, in the short form (`string?`) or the long form (`{ type, optional, description, enum }`).' },
);

export const fieldsSchema = meta(z.record(name, fieldTypeSchema), { description: 'Fields by name, each with its type.' });

const value = meta(z.unknown(), {
  description: 'A YAML literal, or a reference: `$event.<path>`, `$state.<path>`, `$meta.timestamp|position|stream`. `$$` escapes a dollar.',
});
const pathMap = z.record(z.string(), value);

const updateRuleSchema = meta(
  z.strictObject({
    set: meta(opt(pathMap), { description: 'Sets fields (dot paths allowed) to values.' }),
    inc: meta(opt(z.record(z.string(), z.union([z.number(), z.string()]))), { description: 'Adds a number (or a numeric reference) to numeric fields.' }),
    push: meta(opt(pathMap), { description: 'Appends a value to list fields.' }),
    remove: meta(opt(pathMap), { description: 'Removes matching elements from list fields; a partial record matches on the fields it lists.' }),
    unset: meta(opt(z.array(z.string())), { description: 'Clears optional fields.' }),
    delete: meta(opt(z.literal(true)), { description: 'Projections only: deletes the row.' }),
  }),
  { description: 'A declarative update applied when an event happens. Operators apply in the order written.' },
);

const rulesByEvent = z.record(name, z.nullable(updateRuleSchema));

export const typeSchema = meta(
  z.strictObject({
    description: opt(description),
    fields: opt(fieldsSchema),
    enum: opt(z.array(z.union([z.string(), z.number()])).check(z.minLength(1))),
  }),
  { description: 'A named record type (`fields`) or enumeration (`enum`).' },
);

export const aggregateSchema = meta(
  z.strictObject({
    description: opt(description),
    id: meta(z.string(), { description: 'The field that identifies an instance; every command and event of the aggregate carries it.' }),
    state: meta(opt(fieldsSchema), { description: 'The typed state that decisions read.' }),
    initial: meta(opt(z.record(z.string(), value)), { description: 'The state before any event.' }),
    evolve: meta(opt(rulesByEvent), { description: 'How each event changes the state.' }),
  }),
  { description: 'A consistency boundary: commands are decided against its state.' },
);

export const commandSchema = meta(
  z.strictObject({
    description: opt(description),
    aggregate: meta(name, { description: 'The aggregate that decides this command.' }),
    fields: opt(fieldsSchema),
    emits: meta(opt(z.array(name)), { description: 'The events this command may produce.' }),
    errors: meta(opt(z.array(name)), { description: 'The named rejections this command may answer with.' }),
    rules: meta(opt(z.array(z.string())), { description: 'Invariants, in plain language.' }),
  }),
  { description: 'An intention, named in the imperative.' },
);

const literal = meta(z.unknown(), { description: 'A YAML literal: `$` has no special meaning here.' });
const fieldPath = meta(z.string(), { description: 'A field, or a dot path into record fields (`address.zip`).' });

const upcastStepSchema = meta(
  z.strictObject({
    from: meta(z.int().check(z.minimum(1)), { description: 'The version this step reads; it gives version `from + 1`.' }),
    description: opt(description),
    drop: meta(opt(z.array(fieldPath)), { description: 'Fields of version `from` that the next version no longer has; applied first.' }),
    rename: meta(opt(z.record(z.string(), fieldPath)), { description: 'Old path to new path, all at once; applied after `drop`.' }),
    default: meta(opt(z.record(z.string(), literal)), { description: 'Values for fields of the next version that are absent (or null); applied last.' }),
  }),
  { description: 'One upcast step: how an event written with version `from` is read as version `from + 1`.' },
);

export const eventSchema = meta(
  z.strictObject({
    description: opt(description),
    aggregate: meta(opt(name), { description: 'The aggregate whose stream holds the event; absent for external events.' }),
    version: meta(opt(z.int().check(z.minimum(1))), { description: 'The schema version of the event.' }),
    upcast: meta(opt(z.array(upcastStepSchema)), {
      description: 'How events written with an older version are brought up to `version`, one step per version.',
    }),
    fields: opt(fieldsSchema),
  }),
  { description: 'A fact that happened, named in the past tense.' },
);

export const projectionSchema = meta(
  z.strictObject({
    description: opt(description),
    key: meta(opt(z.string()), { description: 'The event field that selects the row; absent for a single document.' }),
    fields: opt(fieldsSchema),
    on: meta(opt(rulesByEvent), { description: 'How each event changes the row.' }),
  }),
  { description: 'A read model built from events.' },
);

const policyCommandSchema = z.union([name, z.record(name, z.nullable(z.record(z.string(), value)))]);

export const policySchema = meta(
  z.strictObject({
    description: opt(description),
    when: meta(name, { description: 'The event that triggers the policy.' }),
    then: meta(z.array(policyCommandSchema), { description: 'The commands issued, by name or as `{ Command: { field: value } }`.' }),
  }),
  { description: 'An automation: when an event happens, issue commands.' },
);

const message = meta(z.record(name, z.nullable(z.record(z.string(), z.unknown()))), {
  description: 'One event or command: `{ Name: { field: value } }`.',
});

export const scenarioSchema = meta(
  z.strictObject({
    name: z.string(),
    description: opt(description),
    projection: meta(opt(name), { description: 'For a projection scenario: the projection under test.' }),
    given: meta(opt(z.array(message)), { description: 'Events that already happened.' }),
    when: meta(opt(message), { description: 'The command under test.' }),
    then: meta(
      z.union([
        z.strictObject({
          events: meta(opt(z.array(message)), { description: 'The events the command emits.' }),
          error: meta(opt(name), { description: 'The error the command is rejected with.' }),
          rows: meta(opt(z.array(z.record(z.string(), z.unknown()))), { description: 'The projection rows after `given`.' }),
        }),
        meta(z.array(message), { description: 'Short for `events`: the events the command emits, `[]` for none.' }),
      ]),
      { description: 'The expected outcome: `events`, `error` or `rows`, or a list of events (short for `events`).' },
    ),
  }),
  { description: 'A given/when/then specification.' },
);

export const codegenSchema = meta(
  z.strictObject({
    out: meta(opt(z.string().check(z.minLength(1))), {
      description: 'The folder generated code goes to, relative to the model file (default `generated`). Declaring it makes the editor generate on save.',
    }),
    target: meta(opt(z.enum(['emmett', 'plain'])), {
      description: '`emmett` (the default): Emmett deciders, errors and projections; `plain`: plain TypeScript with no dependency.',
    }),
  }),
  { description: 'Where code generated from this model goes, and what it targets.' },
);

export const modelSchema = meta(
  z.strictObject({
    $schema: opt(z.string()),
    version: meta(z.literal(1), { description: 'The format version.' }),
    context: meta(z.string(), { description: 'The bounded context this file models.' }),
    description: opt(description),
    codegen: opt(codegenSchema),
    types: opt(z.record(name, typeSchema)),
    aggregates: opt(z.record(name, aggregateSchema)),
    commands: opt(z.record(name, commandSchema)),
    events: opt(z.record(name, eventSchema)),
    projections: opt(z.record(name, projectionSchema)),
    policies: opt(z.record(name, policySchema)),
    scenarios: opt(z.array(scenarioSchema)),
  }),
  {
    title: 'Event Model Studio model',
    description: 'One bounded context: commands, events, aggregates, projections, policies, types and scenarios.',
  },
);

/** Generates the JSON Schema (draft 2020-12) from the zod schema. */
export function modelJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(modelSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
}
