/**
 * The documented starter model that "New Event Model" creates: small, complete and clean, with a
 * comment on every section so a new user can read the format from the file itself.
 */
export function starterModel(context: string): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(context) ? context : 'MyContext';
  return `# ${name}: an event model. One file describes one bounded context.
# Reference: docs/model-format.md. Diagnostics appear as you type.
version: 1
context: ${name}
description: What this part of the system is responsible for.

# Named record types that fields can reuse (\`Item\`, or \`Item[]\` for a list).
types:
  Item:
    fields:
      sku: string
      quantity: integer

# Consistency boundaries. Each command is decided against the state its events built.
aggregates:
  Basket:
    description: A basket a customer fills before ordering.
    id: basketId                        # every command and event of Basket carries this field
    state:
      items: Item[]
      submitted: boolean
    initial: { items: [], submitted: false }
    evolve:                             # how each event changes the state: data, never code
      ItemAdded: { push: { items: { sku: $event.sku, quantity: $event.quantity } } }
      BasketSubmitted: { set: { submitted: true } }

# Intentions, named in the imperative. A command emits events or is rejected with an error.
commands:
  AddItem:
    aggregate: Basket
    fields: { basketId: uuid, sku: string, quantity: integer }
    emits: [ItemAdded]
    errors: [BasketAlreadySubmitted]
    rules:
      - Items cannot be added once the basket is submitted.
  SubmitBasket:
    aggregate: Basket
    fields: { basketId: uuid }
    emits: [BasketSubmitted]
    errors: [BasketEmpty]

# Facts, named in the past tense.
events:
  ItemAdded:
    aggregate: Basket
    fields: { basketId: uuid, sku: string, quantity: integer }
  BasketSubmitted:
    aggregate: Basket
    fields: { basketId: uuid, submittedAt: datetime }

# Read models built from events: one row per key.
projections:
  BasketSizes:
    key: basketId
    fields: { basketId: uuid, items: integer }
    on:
      ItemAdded: { set: { basketId: $event.basketId }, inc: { items: $event.quantity } }

# Automations: when an event happens, issue commands.
policies: {}

# Given/when/then specifications. \`then\` lists the events the command emits, or names an error.
scenarios:
  - name: an item can be added to a new basket
    when:
      AddItem: { basketId: 9b2e4c1a-5f3d-4e8a-b7c6-2d1f0e9a8b7c, sku: tea, quantity: 2 }
    then:
      - ItemAdded: { basketId: 9b2e4c1a-5f3d-4e8a-b7c6-2d1f0e9a8b7c, sku: tea, quantity: 2 }
  - name: a submitted basket takes no more items
    given:
      - BasketSubmitted: { basketId: 9b2e4c1a-5f3d-4e8a-b7c6-2d1f0e9a8b7c, submittedAt: 2024-09-01T10:00:00Z }
    when:
      AddItem: { basketId: 9b2e4c1a-5f3d-4e8a-b7c6-2d1f0e9a8b7c, sku: tea, quantity: 1 }
    then:
      error: BasketAlreadySubmitted
`;
}
