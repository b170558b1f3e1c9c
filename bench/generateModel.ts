/**
 * Generates a large, valid model for benchmarks: groups of one aggregate, command, event,
 * projection and policy (five elements a group).
 *   lean: every element with its fields and rules in compact flow style (about 110 bytes each);
 *   rich: block style, descriptions and a scenario for every group, like the examples (about 260).
 *   shop: copies of examples/shop/shop.events.yaml, its names numbered per copy, with its
 *     comments, descriptions and scenarios (about 400 bytes an element, scenarios included).
 * Usage: tsx bench/generateModel.ts [elements=5000] [lean|rich|shop] [out-file]  (stdout without a file)
 */
import { readFileSync, writeFileSync } from 'node:fs';

export type ModelShape = 'lean' | 'rich' | 'shop';

export function generateModel(elements: number, shape: ModelShape = 'rich'): string {
  if (shape === 'shop') return generateFromExample(elements, 'examples/shop/shop.events.yaml');
  return shape === 'lean' ? generateLean(elements) : generateRich(elements);
}

/**
 * Copies of an example model, each with its element names numbered, until the model has
 * `elements` elements (scenarios count as elements here). Run from the repository's root.
 */
function generateFromExample(elements: number, file: string): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  // The top-level keys, and the lines of each section's body.
  const head: string[] = [];
  const sections: { header: string; body: string[] }[] = [];
  for (const line of lines) {
    if (/^[a-z]+:\s*$/.test(line)) sections.push({ header: line, body: [] });
    else if (sections.length === 0) head.push(line);
    else sections[sections.length - 1]!.body.push(line);
  }
  const elementSections = new Set(['types:', 'aggregates:', 'commands:', 'events:', 'projections:', 'policies:']);
  const names = sections
    .filter((sec) => elementSections.has(sec.header))
    .flatMap((sec) => sec.body.flatMap((l) => /^ {2}([A-Za-z]\w*):/.exec(l)?.[1] ?? []));
  const scenarios = sections.find((sec) => sec.header === 'scenarios:')?.body.filter((l) => /^ {2}- /.test(l)).length ?? 0;
  const pattern = new RegExp(`\\b(${[...names].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
  const copies = Math.max(1, Math.round(elements / (names.length + scenarios)));
  const out = [...head];
  for (const sec of sections) {
    out.push(sec.header);
    // Scenario names must differ too: each copy's get its number.
    for (let k = 0; k < copies; k++) out.push(...sec.body.map((l) => l.replace(pattern, `$1${k}`).replace(/^( {2}- name: .*)$/, `$1 (${k})`)));
  }
  return out.join('\n');
}

function generateLean(elements: number): string {
  const groups = Math.max(1, Math.round(elements / 5));
  const out: string[] = ['version: 1', 'context: Generated', ''];
  const section = (name: string, line: (i: number) => string) => {
    out.push(`${name}:`);
    for (let i = 0; i < groups; i++) out.push(line(i));
  };
  section('aggregates', (i) => `  Account${i}: { id: accountId, state: { balance: number }, initial: { balance: 0 }, evolve: { MoneyDeposited${i}: { inc: { balance: $event.amount } } } }`);
  section('commands', (i) => `  DepositMoney${i}: { aggregate: Account${i}, fields: { accountId: uuid, amount: number }, emits: [MoneyDeposited${i}] }`);
  section('events', (i) => `  MoneyDeposited${i}: { aggregate: Account${i}, fields: { accountId: uuid, amount: number } }`);
  section('projections', (i) => `  Balance${i}: { key: accountId, fields: { accountId: uuid, total: number }, on: { MoneyDeposited${i}: { inc: { total: $event.amount } } } }`);
  section('policies', (i) => `  Audit${i}: { when: MoneyDeposited${i}, then: [DepositMoney${(i + 1) % groups}] }`);
  return out.join('\n') + '\n';
}

function generateRich(elements: number): string {
  const groups = Math.max(1, Math.round(elements / 5));
  const out: string[] = ['version: 1', 'context: Generated', 'description: A generated model for benchmarks.', ''];
  const section = (name: string, body: (i: number) => string[]) => {
    out.push(`${name}:`);
    for (let i = 0; i < groups; i++) out.push(...body(i));
  };
  section('aggregates', (i) => [
    `  Account${i}:`,
    `    description: Aggregate number ${i}.`,
    `    id: accountId`,
    `    state:`,
    `      balance: number`,
    `      status: { type: string, enum: [new, open] }`,
    `      history: integer[]`,
    `    initial: { balance: 0, status: new, history: [] }`,
    `    evolve:`,
    `      MoneyDeposited${i}:`,
    `        inc: { balance: $event.amount }`,
    `        set: { status: open }`,
    `        push: { history: $event.count }`,
  ]);
  section('commands', (i) => [
    `  DepositMoney${i}:`,
    `    aggregate: Account${i}`,
    `    fields: { accountId: uuid, amount: number, count: integer }`,
    `    emits: [MoneyDeposited${i}]`,
    `    errors: [AccountLocked${i}]`,
    `    rules: [Amounts are positive.]`,
  ]);
  section('events', (i) => [
    `  MoneyDeposited${i}:`,
    `    aggregate: Account${i}`,
    `    version: 1`,
    `    fields: { accountId: uuid, amount: number, count: integer, at: datetime }`,
  ]);
  section('projections', (i) => [
    `  Balance${i}:`,
    `    key: accountId`,
    `    fields: { accountId: uuid, balance: number, updatedAt: datetime }`,
    `    on:`,
    `      MoneyDeposited${i}: { set: { accountId: $event.accountId, updatedAt: $meta.timestamp }, inc: { balance: $event.amount } }`,
  ]);
  section('policies', (i) => [
    `  Audit${i}:`,
    `    when: MoneyDeposited${i}`,
    `    then:`,
    `      - DepositMoney${(i + 1) % groups}: { accountId: $event.accountId, amount: $event.amount, count: $event.count }`,
  ]);
  section('scenarios', (i) => [
    `  - name: deposit ${i}`,
    `    when:`,
    `      DepositMoney${i}: { accountId: a-${i}, amount: 10, count: 1 }`,
    `    then:`,
    `      events:`,
    `        - MoneyDeposited${i}: { accountId: a-${i}, amount: 10, count: 1, at: 2024-09-01T10:00:00Z }`,
  ]);
  return out.join('\n') + '\n';
}

// Run as a script (not when bundled into the benchmark, where `require.main` is the bundle).
if (/generateModel\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const elements = Number(process.argv[2] ?? 5000);
  const shape = process.argv[3];
  const text = generateModel(elements, shape === 'lean' || shape === 'shop' ? shape : 'rich');
  if (process.argv[4]) writeFileSync(process.argv[4], text);
  else process.stdout.write(text);
}
