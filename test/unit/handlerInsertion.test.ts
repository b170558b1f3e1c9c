import * as assert from 'node:assert/strict';
import { handlerLocations, planGeneratedFiles, renderHandlerStub, type GenerationPlan, type Model } from '../../src/core/index.js';
import { applyChanges, handlerInsertion, namesImportedFrom } from '../../src/extension/codegen/handlerInsertion.js';
import { compileGenerated, type GeneratedProject } from './support/compileGenerated.js';
import { EXAMPLE_NAMES, exampleModel, TARGETS } from './support/examplePlans.js';

/** The model with only the first command of each aggregate, as it was before the others were added. */
function firstCommandsOnly(model: Model): { model: Model; added: string[] } {
  const kept = new Set<string>();
  const added: string[] = [];
  const commands = new Map<string, Model['commands'] extends Map<string, infer C> ? C : never>();
  for (const c of model.commands.values()) {
    const aggregate = c.aggregate?.name ?? '';
    if (kept.has(aggregate)) {
      added.push(c.name);
      continue;
    }
    kept.add(aggregate);
    commands.set(c.name, c);
  }
  const scenarios = model.scenarios.filter((s) => !s.when || commands.has(s.when.name));
  return { model: { ...model, commands, scenarios }, added };
}

/** The full model's plan, with each handlers file as created from the smaller model and then given each added command's stub. */
function grownPlan(model: Model, target: (typeof TARGETS)[number]): { plan: GenerationPlan; added: string[] } {
  const before = firstCommandsOnly(model);
  const old = planGeneratedFiles(before.model, { modelPath: 'model.events.yaml', target });
  const texts = new Map(old.files.filter((f) => f.owner === 'user').map((f) => [f.path, f.content]));
  for (const command of before.added) {
    const stub = renderHandlerStub(model, command, target)!;
    const text = texts.get(stub.path)!;
    texts.set(stub.path, applyChanges(text, handlerInsertion(text, stub)));
  }
  const full = planGeneratedFiles(model, { modelPath: 'model.events.yaml', target });
  return { plan: { ...full, files: full.files.map((f) => (texts.has(f.path) ? { ...f, content: texts.get(f.path)! } : f)) }, added: before.added };
}

describe('adding a missing handler to a handlers file', () => {
  it('handlers files grown one command at a time compile with the full model\'s generated code, and export every handler', function () {
    this.timeout(120_000);
    const projects: GeneratedProject[] = [];
    for (const example of EXAMPLE_NAMES) {
      for (const target of TARGETS) {
        const model = exampleModel(example);
        const { plan, added } = grownPlan(model, target);
        assert.ok(added.length > 0, `${example} has aggregates with several commands`);
        for (const [, at] of handlerLocations(model)) {
          const file = plan.files.find((f) => f.path === at.path)!;
          assert.match(file.content, new RegExp(`^export function ${at.name}\\(`, 'm'), `${example}/${target}: ${at.name}`);
        }
        projects.push({ name: `${example}-${target}`, plan });
      }
    }
    const result = compileGenerated(projects, { label: 'grown-handlers' });
    assert.deepEqual(result.diagnostics, []);
  });

  it('merges into the file\'s own type import and leaves names already imported alone', () => {
    const text = [
      '// mine',
      '',
      "import type { AccountState } from './account.decider.js';",
      "import type { AccountEvent, OpenAccount } from './types.js';",
      '',
      'export function openAccount() {}',
      '',
    ].join('\n');
    const stub = {
      name: 'closeAccount',
      path: 'account.handlers.ts',
      code: 'export function closeAccount() {}\n',
      imports: ["import type { AccountState } from './account.decider.js';", "import type { AccountEvent, CloseAccount } from './types.js';", "import type { Money } from './money.js';"],
      helpers: [{ name: 'openAccount', code: 'function openAccount() {}\n' }],
    };
    const out = applyChanges(text, handlerInsertion(text, stub));
    assert.equal(
      out,
      [
        '// mine',
        '',
        "import type { AccountState } from './account.decider.js';",
        "import type { AccountEvent, CloseAccount, OpenAccount } from './types.js';",
        "import type { Money } from './money.js';",
        '',
        'export function openAccount() {}',
        '',
        'export function closeAccount() {}',
        '',
      ].join('\n'),
    );
  });

  it('adds imports after the header of a file that has none, and a newline to a file without a last one', () => {
    const stub = { name: 'b', path: 'x.handlers.ts', code: 'export function b() {}\n', imports: ["import type { B } from './types.js';"], helpers: [] };
    const out = applyChanges('// header\nexport function a() {}', handlerInsertion('// header\nexport function a() {}', stub));
    assert.equal(out, "// header\n\nimport type { B } from './types.js';\nexport function a() {}\n\nexport function b() {}\n");
  });

  it('reads the names a file imports from a module, one a line or aliased', () => {
    const text = "import type {\n  AccountEvent,\n  CloseAccount as Close,\n} from './types.js';\nimport { type OpenAccount, x } from './types.js';\nimport type { AccountState } from './account.decider.js';\n";
    assert.deepEqual(namesImportedFrom(text, './types.js'), ['AccountEvent', 'CloseAccount', 'OpenAccount', 'x']);
  });
});
