/**
 * Generates a large, valid model for benchmarks: groups of one aggregate, command, event,
 * projection and policy (five elements a group).
 *   lean: every element with its fields and rules in compact flow style (about 110 bytes each);
 *   rich: block style, descriptions and a scenario for every group, like the examples (about 260).
 * Usage: tsx bench/generateModel.ts [elements=5000] [lean|rich] [out-file]  (stdout without a file)
 */
import { writeFileSync } from 'node:fs';

export type ModelShape = 'lean' | 'rich';

export function generateModel(elements: number, shape: ModelShape = 'rich'): string {
  return shape === 'lean' ? generateLean(elements) : generateRich(elements);
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
  const text = generateModel(elements, process.argv[3] === 'lean' ? 'lean' : 'rich');
  if (process.argv[4]) writeFileSync(process.argv[4], text);
  else process.stdout.write(text);
}
