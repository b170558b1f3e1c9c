import * as assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { camelCase, kebabCase, NameScope, propertyAccess, propertyKey } from '../../src/core/codegen/names.js';
import { jsDoc, lineComment, stringLiteral } from '../../src/core/codegen/text.js';

const HOSTILE = ['*/ x /*', 'a `b` ${c}', 'one\ntwo\r\nthree\rfour', 'ls\u2028ps\u2029', "it's \"q\" \\", '</script>', 'lone \uD800 surrogate', 'nul \u0000 bell \u0007'];

describe('code generation: text in generated code', () => {
  it('a line comment stays one line', () => {
    for (const text of HOSTILE) assert.ok(!/[\n\r\u2028\u2029]/.test(lineComment(text)), JSON.stringify(text));
  });

  it('a JSDoc block cannot be closed by the text', () => {
    for (const text of HOSTILE) {
      const block = jsDoc(text).join('\n');
      assert.equal(block.indexOf('*/'), block.length - 2, JSON.stringify(text));
      assert.ok(!/[\r\u2028\u2029]/.test(block));
    }
  });

  it('a string literal evaluates back to the text (lone surrogates become U+FFFD only in comments)', () => {
    for (const text of HOSTILE) {
      const literal = stringLiteral(text);
      assert.ok(!/[\n\r\u2028\u2029]/.test(literal), literal);
      assert.equal(vm.runInNewContext(literal), text);
    }
  });
});

describe('code generation: names', () => {
  it('camelCase and kebab-case', () => {
    assert.equal(camelCase('DepositMoney'), 'depositMoney');
    assert.equal(camelCase('URLShortened'), 'urlShortened');
    assert.equal(camelCase('$X'), '$x');
    assert.equal(camelCase('_'), '_');
    assert.equal(kebabCase('AccountBalances'), 'account-balances');
    assert.equal(kebabCase('URLShortened'), 'url-shortened');
    assert.equal(kebabCase('$x_y'), 'x-y');
    assert.equal(kebabCase('$'), '');
  });

  it('a scope hands out free variants: reserved words and taken names get a suffix', () => {
    const scope = new NameScope(['evolve']);
    assert.equal(scope.claim('evolve'), 'evolve_2');
    assert.equal(scope.claim('delete'), 'delete_');
    assert.equal(scope.claim('delete'), 'delete_2');
    assert.equal(scope.claim('depositMoney'), 'depositMoney');
    const stems = new NameScope(['con'], (s) => s.toLowerCase());
    assert.equal(stems.claim('con', '-'), 'con-2');
  });

  it('property keys and accesses of identifiers stay bare, even keywords', () => {
    assert.equal(propertyKey('delete'), 'delete');
    assert.equal(propertyAccess('default'), '.default');
    assert.equal(propertyKey('a-b'), "'a-b'");
    assert.equal(propertyAccess('a b'), "['a b']");
  });
});
