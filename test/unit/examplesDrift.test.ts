import * as assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument, type YAMLSeq } from 'yaml';
import { planGeneratedFiles, validateModelText, type GenerationPlan } from '../../src/core/index.js';
import { applyPlan } from '../../src/node/planWriter.js';
import { compileGenerated, scratchFolder } from './support/compileGenerated.js';
import { ROOT } from './support/golden.js';

/**
 * When the model and the user's handlers drift apart, the compiler says so. The bank example's
 * committed folder, with its own handlers, is regenerated in a scratch copy from an edited copy of
 * its model by the plan writer (which keeps the user's files), then compiled.
 */
const BANK = path.join(ROOT, 'examples/bank');

/** The edited model's plan, applied over a copy of examples/bank/generated; what the folder then holds. */
function regenerateBank(modelText: string): { folder: GenerationPlan; kept: string[] } {
  const { parsed, diagnostics } = validateModelText(modelText);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], 'the edited model has no errors');
  const plan = planGeneratedFiles(parsed.model, { modelPath: 'bank.events.yaml' });
  const root = scratchFolder('drift');
  const out = path.join(root, 'generated');
  cpSync(path.join(BANK, 'generated'), out, { recursive: true });
  const report = applyPlan(plan, out, { mode: 'write', force: false });
  const kept = report.files.filter((f) => f.action === 'kept').map((f) => f.path);
  const files = readdirSync(out).map((f) => ({ path: f, content: readFileSync(path.join(out, f), 'utf8'), owner: 'generated' as const }));
  rmSync(root, { recursive: true, force: true });
  return { folder: { settings: plan.settings, files }, kept };
}

const bankModel = () => readFileSync(path.join(BANK, 'bank.events.yaml'), 'utf8');

describe('examples: a model that drifts from its handlers fails to compile', function () {
  this.timeout(120_000);

  it('a command added to the model: the decider names the handler that is missing', () => {
    const freeze = [
      '  FreezeAccount:',
      '    description: The bank freezes a suspicious account.',
      '    aggregate: Account',
      '    fields:',
      '      accountId: uuid',
      '    emits: [AccountClosed]',
      '',
    ].join('\n');
    const text = bankModel().replace('\ncommands:\n', `\ncommands:\n${freeze}\n`);
    assert.match(text, /FreezeAccount/);
    const { folder, kept } = regenerateBank(text);
    assert.deepEqual(kept, ['account.handlers.ts'], "the writer keeps the user's handlers");
    const { diagnostics } = compileGenerated([{ name: 'bank', plan: folder }], { label: 'drift-added' });
    const missing = diagnostics.filter((d) => d.includes('account.decider.ts') && d.includes("'freezeAccount'"));
    assert.equal(missing.length, 1, `a diagnostic in account.decider.ts naming freezeAccount; tsc said:\n${diagnostics.join('\n')}`);
    assert.match(missing[0]!, /error TS2305: Module '"\.\/account\.handlers\.js"' has no exported member 'freezeAccount'\./);
  });

  it("a command removed from the model: the user's handler file names the command type that is gone", () => {
    // CloseAccount and its scenario go; AccountClosed is then emitted by no command, which is only information.
    const doc = parseDocument(bankModel());
    doc.deleteIn(['commands', 'CloseAccount']);
    const scenarios = doc.get('scenarios') as YAMLSeq<{ hasIn(path: string[]): boolean }>;
    scenarios.items = scenarios.items.filter((s) => !s.hasIn(['when', 'CloseAccount']));
    const { folder } = regenerateBank(doc.toString());
    const decider = folder.files.find((f) => f.path === 'account.decider.ts')!.content;
    assert.doesNotMatch(decider, /closeAccount/, 'the decider no longer calls the handler');
    const { diagnostics } = compileGenerated([{ name: 'bank', plan: folder }], { label: 'drift-removed' });
    // The handler itself, exported and no longer imported, is no error. What the compiler finds is
    // what the handler file imports and the model no longer has: the command's type, and the error
    // only that command had.
    assert.deepEqual(
      diagnostics.map((d) => d.replace(/^.*?account\.handlers\.ts\(\d+,\d+\)/, 'account.handlers.ts')),
      [
        `account.handlers.ts: error TS2305: Module '"./errors.js"' has no exported member 'BalanceNotZero'.`,
        `account.handlers.ts: error TS2305: Module '"./types.js"' has no exported member 'CloseAccount'.`,
      ],
    );
  });
});
