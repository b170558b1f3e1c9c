import * as assert from 'node:assert/strict';
import { handlerLocations, renderHandlerStub } from '../../src/core/index.js';
import { EXAMPLE_NAMES, examplePlan, exampleModel, TARGETS } from './support/examplePlans.js';

/** The names each `import type { ... } from '<from>';` of a text brings in, by module (one line or one name per line). */
function importedNames(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of text.matchAll(/^import type \{([^}]*)\} from '([^']+)';$/gm)) {
    const names = out.get(m[2]!) ?? new Set<string>();
    for (const n of m[1]!.split(',')) if (n.trim()) names.add(n.trim());
    out.set(m[2]!, names);
  }
  return out;
}

describe('handler stubs for a handlers file that lacks a command', () => {
  for (const example of EXAMPLE_NAMES) {
    for (const target of TARGETS) {
      it(`${example} (${target}): each stub is the handler a new handlers file has, with a subset of its imports`, () => {
        const model = exampleModel(example);
        const plan = examplePlan(example, target);
        const locations = handlerLocations(model);
        assert.ok(locations.size > 0);
        for (const [command, at] of locations) {
          const file = plan.files.find((f) => f.path === at.path);
          assert.ok(file, `${at.path} is planned`);
          assert.equal(file.owner, 'user');
          const stub = renderHandlerStub(model, command, target);
          assert.ok(stub, command);
          assert.equal(stub.name, at.name);
          assert.equal(stub.path, at.path);
          assert.ok(file.content.includes(stub.code), `${at.path} holds the stub of ${command}`);
          assert.match(stub.code, new RegExp(`^export function ${at.name}\\(`, 'm'));
          const fileImports = importedNames(file.content);
          for (const [from, names] of importedNames(stub.imports.join('\n'))) {
            for (const n of names) assert.ok(fileImports.get(from)?.has(n), `${command}: ${n} from ${from}`);
          }
          for (const helper of stub.helpers) assert.ok(file.content.includes(helper.code), `${at.path} holds ${helper.name}`);
        }
      });
    }
  }

  it('a command without an aggregate has no stub', () => {
    assert.equal(renderHandlerStub(exampleModel('bank'), 'NoSuchCommand', 'emmett'), undefined);
  });
});
