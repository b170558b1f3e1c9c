import * as z from 'zod';

/**
 * The one structural schema of a `.events.yaml` model. The parser checks documents against it,
 * and `schema/events.schema.json` is generated from it for other editors and CI.
 * Cross-references, names and types are checked by the validator, which has the whole model.
 */

const description = z.string().meta({ description: 'What this element means, for people and generated docs.' });
const name = z.string();

const fieldTypeExpression = z
  .string()
  .meta({
    description:
      'A type: string, number, integer, boolean, datetime, date, uuid or a named type; `[]` for a list, a trailing `?` for optional. Examples: `OrderLine[]`, `string?`.',
  });

export const fieldTypeSchema = z
  .union([
    fieldTypeExpression,
    z.strictObject({
      type: fieldTypeExpression.optional(),
      optional: z.boolean().optional(),
      description: description.optional(),
      enum: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
    }),
  ])
  .meta({ description: 'A field type, in the short form (`string?`) or the long form (`{ type, optional, description, enum }`).' });

export const fieldsSchema = z
  .record(name, fieldTypeSchema)
  .meta({ description: 'Fields by name, each with its type.' });

const value = z.unknown().meta({
  description: 'A YAML literal, or a reference: `$event.<path>`, `$state.<path>`, `$meta.timestamp|position|stream`. `$$` escapes a dollar.',
});
const pathMap = z.record(z.string(), value);

export const updateRuleSchema = z
  .strictObject({
    set: pathMap.optional().meta({ description: 'Sets fields (dot paths allowed) to values.' }),
    inc: z
      .record(z.string(), z.union([z.number(), z.string()]))
      .optional()
      .meta({ description: 'Adds a number (or a numeric reference) to numeric fields.' }),
    push: pathMap.optional().meta({ description: 'Appends a value to list fields.' }),
    remove: pathMap
      .optional()
      .meta({ description: 'Removes matching elements from list fields; a partial record matches on the fields it lists.' }),
    unset: z.array(z.string()).optional().meta({ description: 'Clears optional fields.' }),
    delete: z.literal(true).optional().meta({ description: 'Projections only: deletes the row.' }),
  })
  .meta({ description: 'A declarative update applied when an event happens. Operators apply in the order written.' });

const rulesByEvent = z.record(name, updateRuleSchema.nullable());

export const typeSchema = z
  .strictObject({
    description: description.optional(),
    fields: fieldsSchema.optional(),
    enum: z.array(z.union([z.string(), z.number()])).min(1).optional(),
  })
  .meta({ description: 'A named record type (`fields`) or enumeration (`enum`).' });

export const aggregateSchema = z
  .strictObject({
    description: description.optional(),
    id: z.string().meta({ description: 'The field that identifies an instance; every command and event of the aggregate carries it.' }),
    state: fieldsSchema.optional().meta({ description: 'The typed state that decisions read.' }),
    initial: z.record(z.string(), value).optional().meta({ description: 'The state before any event.' }),
    evolve: rulesByEvent.optional().meta({ description: 'How each event changes the state.' }),
  })
  .meta({ description: 'A consistency boundary: commands are decided against its state.' });

export const commandSchema = z
  .strictObject({
    description: description.optional(),
    aggregate: name.meta({ description: 'The aggregate that decides this command.' }),
    fields: fieldsSchema.optional(),
    emits: z.array(name).optional().meta({ description: 'The events this command may produce.' }),
    errors: z.array(name).optional().meta({ description: 'The named rejections this command may answer with.' }),
    rules: z.array(z.string()).optional().meta({ description: 'Invariants, in plain language.' }),
  })
  .meta({ description: 'An intention, named in the imperative.' });

export const eventSchema = z
  .strictObject({
    description: description.optional(),
    aggregate: name.optional().meta({ description: 'The aggregate whose stream holds the event; absent for external events.' }),
    version: z.number().int().min(1).optional().meta({ description: 'The schema version of the event.' }),
    fields: fieldsSchema.optional(),
  })
  .meta({ description: 'A fact that happened, named in the past tense.' });

export const projectionSchema = z
  .strictObject({
    description: description.optional(),
    key: z.string().optional().meta({ description: 'The event field that selects the row; absent for a single document.' }),
    fields: fieldsSchema.optional(),
    on: rulesByEvent.optional().meta({ description: 'How each event changes the row.' }),
  })
  .meta({ description: 'A read model built from events.' });

export const policyCommandSchema = z.union([
  name,
  z.record(name, z.record(z.string(), value).nullable()),
]);

export const policySchema = z
  .strictObject({
    description: description.optional(),
    when: name.meta({ description: 'The event that triggers the policy.' }),
    then: z.array(policyCommandSchema).meta({ description: 'The commands issued, by name or as `{ Command: { field: value } }`.' }),
  })
  .meta({ description: 'An automation: when an event happens, issue commands.' });

const message = z
  .record(name, z.record(z.string(), z.unknown()).nullable())
  .meta({ description: 'One event or command: `{ Name: { field: value } }`.' });

export const scenarioSchema = z
  .strictObject({
    name: z.string(),
    description: description.optional(),
    projection: name.optional().meta({ description: 'For a projection scenario: the projection under test.' }),
    given: z.array(message).optional().meta({ description: 'Events that already happened.' }),
    when: message.optional().meta({ description: 'The command under test.' }),
    then: z
      .strictObject({
        events: z.array(message).optional().meta({ description: 'The events the command emits.' }),
        error: name.optional().meta({ description: 'The error the command is rejected with.' }),
        rows: z.array(z.record(z.string(), z.unknown())).optional().meta({ description: 'The projection rows after `given`.' }),
      })
      .meta({ description: 'The expected outcome.' }),
  })
  .meta({ description: 'A given/when/then specification.' });

export const modelSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).meta({ description: 'The format version.' }),
    context: z.string().meta({ description: 'The bounded context this file models.' }),
    description: description.optional(),
    types: z.record(name, typeSchema).optional(),
    aggregates: z.record(name, aggregateSchema).optional(),
    commands: z.record(name, commandSchema).optional(),
    events: z.record(name, eventSchema).optional(),
    projections: z.record(name, projectionSchema).optional(),
    policies: z.record(name, policySchema).optional(),
    scenarios: z.array(scenarioSchema).optional(),
  })
  .meta({
    title: 'Event Model Studio model',
    description: 'One bounded context: commands, events, aggregates, projections, policies, types and scenarios.',
  });

/** The sections that hold named elements, in the order they are documented. */
export const ELEMENT_SECTIONS = ['types', 'aggregates', 'commands', 'events', 'projections', 'policies'] as const;
export type ElementSection = (typeof ELEMENT_SECTIONS)[number];

/** Generates the JSON Schema (draft 2020-12) from the zod schema. */
export function modelJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(modelSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
}
