import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ROOT } from './support/golden.js';

/** VS Code's own YAML grammars, when the integration suite's code-server is installed. */
const VSCODE_YAML = path.join(ROOT, '.vscode-test/code-server/node_modules/code-server/lib/vscode/extensions/yaml/syntaxes');

let wasmLoaded: Promise<void> | undefined;
function loadWasm(): Promise<void> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  wasmLoaded ??= oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  return wasmLoaded;
}

/**
 * Loads our grammars on top of a YAML grammar with the real TextMate engine: VS Code's own
 * (when present) or the published one from tm-grammars; `inject: false` leaves ours out.
 */
async function loadGrammar(scope: string, options: { yaml: 'vscode' | 'published'; inject?: boolean }): Promise<textmate.IGrammar> {
  await loadWasm();
  const files: Record<string, string> = {
    'source.event-model': path.join(ROOT, 'syntaxes/event-model.tmLanguage.json'),
    'source.event-model-samples': path.join(ROOT, 'syntaxes/event-model-samples.tmLanguage.json'),
    'event-model.vocabulary.injection': path.join(ROOT, 'syntaxes/event-model.injection.tmLanguage.json'),
  };
  if (options.yaml === 'vscode') {
    for (const f of readdirSync(VSCODE_YAML)) files[(JSON.parse(readFileSync(path.join(VSCODE_YAML, f), 'utf8')) as { scopeName: string }).scopeName] = path.join(VSCODE_YAML, f);
  } else {
    files['source.yaml'] = require.resolve('tm-grammars/grammars/yaml.json');
  }
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const file = files[scopeName];
      return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) =>
      options.inject !== false && (scopeName === 'source.event-model' || scopeName === 'source.event-model-samples') ? ['event-model.vocabulary.injection'] : [],
  });
  const grammar = await registry.loadGrammar(scope);
  assert.ok(grammar, scope);
  return grammar;
}

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

function tokenize(grammar: textmate.IGrammar, lines: string[]): Token[] {
  const out: Token[] = [];
  let stack = textmate.INITIAL;
  lines.forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    // The engine may split a token where an injection was tried; join neighbours of equal scopes.
    for (const t of r.tokens) {
      const text = line.slice(t.startIndex, t.endIndex);
      const last = out[out.length - 1];
      if (last && last.line === i && last.scopes.join() === t.scopes.join()) last.text += text;
      else out.push({ line: i, text, scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

function scopesByText(tokens: Token[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const t of tokens) if (t.text.trim()) found.set(t.text, [...(found.get(t.text) ?? []), ...t.scopes]);
  return found;
}

/** Per line, the YAML structure scopes (meta.*) the grammar is in: what injections must not change. */
function structure(tokens: Token[]): string[] {
  const lines = new Map<number, Set<string>>();
  for (const t of tokens) for (const s of t.scopes) if (s.startsWith('meta.') && s.endsWith('.yaml')) (lines.get(t.line) ?? lines.set(t.line, new Set()).get(t.line)!).add(s);
  return [...lines].map(([line, set]) => `${line + 1}: ${[...set].sort().join(' ')}`);
}

describe('TextMate grammar', () => {
  it('marks field types, element names used as values and references on top of YAML', async () => {
    const scopes = scopesByText(
      tokenize(await loadGrammar('source.event-model', { yaml: 'published' }), [
        'aggregates:',
        '  Cart:',
        '    state:',
        '      items: CartItem[]',
        '      note: string?',
        '    evolve:',
        '      ItemAdded: { push: { items: { sku: $event.sku } }, set: { at: $meta.timestamp, label: $$5 } }',
        'commands:',
        '  AddItem:',
        '    aggregate: Cart',
        '    emits: [ItemAdded, CartTouched]',
        '    fields: { price: number }',
        '# a comment with string and $event.x',
      ]),
    );
    const has = (text: string, scope: string) =>
      assert.ok(scopes.get(text)?.some((s) => s.startsWith(scope)), `${text} should have ${scope}; it has ${scopes.get(text)?.join(' ')}`);
    has('CartItem', 'entity.name.type.event-model');
    has('[]', 'punctuation.definition.array.event-model');
    has('string', 'support.type.primitive.event-model');
    has('?', 'keyword.operator.optional.event-model');
    has('number', 'support.type.primitive.event-model');
    has('event', 'variable.language.event-model');
    has('.sku', 'variable.other.property.event-model');
    has('meta', 'variable.language.event-model');
    has('$$', 'constant.character.escape.event-model');
    has('Cart', 'entity.name.type.event-model');
    has('ItemAdded', 'entity.name.type.event-model');
    has('CartTouched', 'entity.name.type.event-model');
    const comment = [...scopes].find(([text]) => text.includes('a comment'));
    assert.ok(comment?.[1].every((s) => !s.includes('event-model') || s === 'source.event-model'), 'comments stay comments');
  });

  it('marks event names in sample files', async () => {
    const scopes = scopesByText(
      tokenize(await loadGrammar('source.event-model-samples', { yaml: 'published' }), ['events:', '  - type: OrderPlaced', '    data: { orderId: o-1, total: $$5 }']),
    );
    assert.ok(scopes.get('OrderPlaced')?.includes('entity.name.type.event-model'));
  });

  describe("leaves the YAML grammar's structure intact on every example", () => {
    const models = readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `examples/${d.name}/${d.name}.events.yaml`);
    for (const yaml of ['published', 'vscode'] as const) {
      for (const model of models) {
        it(`${model} (${yaml === 'vscode' ? "VS Code's YAML grammar" : 'published YAML grammar'})`, async function () {
          if (yaml === 'vscode' && !existsSync(VSCODE_YAML)) this.skip(); // npm test installs it before the unit tests
          const lines = readFileSync(path.join(ROOT, model), 'utf8').split('\n');
          const plain = structure(tokenize(await loadGrammar('source.event-model', { yaml, inject: false }), lines));
          const injected = structure(tokenize(await loadGrammar('source.event-model', { yaml }), lines));
          assert.deepEqual(injected, plain);
        });
      }
    }
  });
});
