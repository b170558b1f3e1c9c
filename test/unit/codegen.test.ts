import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { planGeneratedFiles, readBanner, validateModelText } from '../../src/core/index.js';
import { EXAMPLE_NAMES, examplePlan, TARGETS } from './support/examplePlans.js';
import { ROOT } from './support/golden.js';

const GOLDEN = path.join(ROOT, 'test/golden/codegen');

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('code generation', () => {
  for (const example of EXAMPLE_NAMES) {
    for (const target of TARGETS) {
      it(`${example} (${target}) matches test/golden/codegen/${example}/${target}`, () => {
        const plan = examplePlan(example, target);
        const dir = path.join(GOLDEN, example, target);
        if (process.env.UPDATE_GOLDEN === '1') {
          rmSync(dir, { recursive: true, force: true });
          for (const f of plan.files) {
            const file = path.join(dir, f.path);
            mkdirSync(path.dirname(file), { recursive: true });
            writeFileSync(file, f.content);
          }
          return;
        }
        assert.deepEqual(plan.files.map((f) => f.path), listFiles(dir).sort(), 'the planned files are the golden files (UPDATE_GOLDEN=1 rewrites them)');
        for (const f of plan.files) {
          assert.equal(f.content, readFileSync(path.join(dir, f.path), 'utf8'), `${example}/${target}/${f.path} differs (UPDATE_GOLDEN=1 rewrites it)`);
        }
      });
    }
  }

  it('is deterministic: the same model gives the same bytes', () => {
    for (const example of EXAMPLE_NAMES) assert.deepEqual(examplePlan(example, 'emmett'), examplePlan(example, 'emmett'));
  });

  it('marks each file as generated or the user’s, and generated files carry a matching banner', () => {
    const plan = examplePlan('bank', 'emmett');
    const owners = Object.fromEntries(plan.files.map((f) => [f.path, f.owner]));
    assert.equal(owners['account.handlers.ts'], 'user');
    assert.equal(owners['account.decider.ts'], 'generated');
    for (const f of plan.files) {
      const banner = readBanner(f.content);
      assert.equal(banner.generated, f.owner === 'generated', f.path);
      assert.equal(banner.hashMatches, f.owner === 'generated', f.path);
      assert.ok(!/\r|\u2028|\u2029/.test(f.content), `${f.path} has only \\n line ends`);
    }
  });

  it('links the files of an element to it', () => {
    const plan = examplePlan('shop', 'emmett');
    const element = (p: string) => plan.files.find((f) => f.path === p)?.element;
    assert.deepEqual(element('inventory.decider.ts'), { kind: 'aggregate', name: 'Inventory' });
    assert.deepEqual(element('order-summary.projection.ts'), { kind: 'projection', name: 'OrderSummary' });
    assert.equal(element('types.ts'), undefined);
  });

  it('reads the settings: defaults, then the model, then the options', () => {
    const model = validateModelText('version: 1\ncontext: X\n').parsed.model;
    assert.deepEqual(planGeneratedFiles(model, { modelPath: 'm' }).settings, { out: 'generated', target: 'emmett', declared: false });
    assert.deepEqual(planGeneratedFiles(model, { modelPath: 'm', target: 'plain', out: 'src/gen' }).settings, { out: 'src/gen', target: 'plain', declared: false });
    const declared = validateModelText(`version: 1\ncontext: X\ncodegen: { out: src/generated, target: plain }\n`).parsed.model;
    assert.deepEqual(planGeneratedFiles(declared, { modelPath: 'm' }).settings, { out: 'src/generated', target: 'plain', declared: true });
    assert.deepEqual(planGeneratedFiles(declared, { modelPath: 'm', target: 'emmett' }).settings, { out: 'src/generated', target: 'emmett', declared: true });
  });

  it('imports each handler by name, so a command without a handler is a compile error that names it', () => {
    const decider = examplePlan('bank', 'emmett').files.find((f) => f.path === 'account.decider.ts')!.content;
    assert.match(decider, /^import \{ closeAccount, depositMoney, openAccount, withdrawMoney \} from '\.\/account\.handlers\.js';$/m);
  });
});

describe('banner', () => {
  const plan = examplePlan('cart', 'plain');
  const types = plan.files.find((f) => f.path === 'types.ts')!.content;

  it('tells a hand edit from the generated text', () => {
    assert.deepEqual(readBanner(types), { generated: true, hashMatches: true });
    assert.deepEqual(readBanner(types.replace('sku: string', 'sku: number')), { generated: true, hashMatches: false });
    assert.deepEqual(readBanner(`${types}\n// a note`), { generated: true, hashMatches: false });
  });

  it('reads Windows line ends as the same text', () => {
    assert.deepEqual(readBanner(types.replace(/\n/g, '\r\n')), { generated: true, hashMatches: true });
  });

  it('does not take other files for generated ones', () => {
    for (const text of ['', 'export {};\n', '// Generated by someone else\n// content-hash: 0123456789abcdef\n', types.split('\n').slice(1).join('\n')]) {
      assert.equal(readBanner(text).generated, false, JSON.stringify(text.slice(0, 40)));
    }
  });
});
