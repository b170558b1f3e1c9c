import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ROOT } from './support/golden.js';

/** Tokenizes with the real TextMate engine: our grammars, injected into a published YAML grammar. */
async function loadGrammar(scope: string): Promise<textmate.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const files: Record<string, string> = {
    'source.event-model': path.join(ROOT, 'syntaxes/event-model.tmLanguage.json'),
    'source.event-model-samples': path.join(ROOT, 'syntaxes/event-model-samples.tmLanguage.json'),
    'event-model.vocabulary.injection': path.join(ROOT, 'syntaxes/event-model.injection.tmLanguage.json'),
    'source.yaml': require.resolve('tm-grammars/grammars/yaml.json'),
  };
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
      scopeName === 'source.event-model' || scopeName === 'source.event-model-samples' ? ['event-model.vocabulary.injection'] : [],
  });
  const grammar = await registry.loadGrammar(scope);
  assert.ok(grammar, scope);
  return grammar;
}

/** The scopes of every token whose text is `text` on the given line, as `text: scope scope`. */
function scopesOf(grammar: textmate.IGrammar, lines: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let stack = textmate.INITIAL;
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, stack);
    // The engine may split a token where an injection was tried; join neighbours of equal scopes.
    const merged: Array<{ text: string; scopes: string[] }> = [];
    for (const t of r.tokens) {
      const text = line.slice(t.startIndex, t.endIndex);
      const last = merged[merged.length - 1];
      if (last && last.scopes.join() === t.scopes.join()) last.text += text;
      else merged.push({ text, scopes: t.scopes });
    }
    for (const { text, scopes } of merged) {
      if (text.trim()) found.set(text, [...(found.get(text) ?? []), ...scopes]);
    }
    stack = r.ruleStack;
  }
  return found;
}

describe('TextMate grammar', () => {
  const model = readFileSync(path.join(ROOT, 'examples/cart/cart.events.yaml'), 'utf8').split('\n');

  it('marks the model vocabulary on top of YAML', async () => {
    const scopes = scopesOf(await loadGrammar('source.event-model'), [
      'aggregates:',
      '  Cart:',
      '    state:',
      '      items: CartItem[]',
      '      note: string?',
      '    evolve:',
      '      ItemAdded: { push: { items: { sku: $event.sku } }, set: { at: $meta.timestamp } }',
      'commands:',
      '  AddItem:',
      '    emits: [ItemAdded, CartTouched]',
      '    fields: { price: number }',
      '# a comment with push: and $event.x',
    ]);
    const has = (text: string, scope: string) =>
      assert.ok(scopes.get(text)?.some((s) => s.startsWith(scope)), `${text} should have ${scope}; it has ${scopes.get(text)?.join(' ')}`);
    has('aggregates', 'keyword.control.section.event-model');
    has('commands', 'keyword.control.section.event-model');
    has('Cart', 'entity.name.type.element.event-model');
    has('AddItem', 'entity.name.type.element.event-model');
    has('CartItem', 'entity.name.type.event-model');
    has('[]', 'punctuation.definition.array.event-model');
    has('string', 'support.type.primitive.event-model');
    has('?', 'keyword.operator.optional.event-model');
    has('number', 'support.type.primitive.event-model');
    has('push', 'keyword.operator.update.event-model');
    has('set', 'keyword.operator.update.event-model');
    has('event', 'variable.language.event-model');
    has('.sku', 'variable.other.property.event-model');
    has('meta', 'variable.language.event-model');
    has('CartTouched', 'entity.name.type.event-model');
    has('state', 'entity.name.tag.yaml');
    const comment = scopes.get('# a comment with push: and $event.x') ?? scopes.get(' a comment with push: and $event.x');
    assert.ok(comment?.some((s) => s.startsWith('comment')), 'comments stay comments');
  });

  it('tokenizes a whole example without losing YAML', async () => {
    const scopes = scopesOf(await loadGrammar('source.event-model'), model);
    assert.ok([...scopes.values()].some((s) => s.some((x) => x.includes('.yaml'))));
    assert.ok([...scopes.values()].some((s) => s.some((x) => x.includes('entity.name.type.element.event-model'))));
  });

  it('marks event names in sample files', async () => {
    const scopes = scopesOf(await loadGrammar('source.event-model-samples'), [
      'events:',
      '  - type: OrderPlaced',
      '    data: { orderId: o-1 }',
      '  - PaymentReceived: { orderId: o-1, amount: 30 }',
    ]);
    assert.ok(scopes.get('OrderPlaced')?.includes('entity.name.type.event-model'));
    assert.ok(scopes.get('PaymentReceived')?.includes('entity.name.type.event-model'));
  });
});
