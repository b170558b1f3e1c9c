import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main.js';
import { DIAGRAM_WRITERS } from '../../src/cli/diagramOutput.js';
import { ROOT } from './support/golden.js';

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, cwd);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const golden = (name: string) => readFileSync(path.join(ROOT, 'test/golden/diagrams', name), 'utf8');

describe('CLI: event-model diagram', () => {
  it('prints the flow view of a model to stdout, exactly the golden text', async () => {
    const r = await run(['diagram', 'examples/shop/shop.events.yaml']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.equal(`${r.out}\n`, golden('shop.flow.mmd'));
  });

  it('--view timeline, --aggregate, --projection and --focus', async () => {
    const timeline = await run(['diagram', 'examples/cart/cart.events.yaml', '--view', 'timeline']);
    assert.equal(`${timeline.out}\n`, golden('cart.timeline.mmd'));
    const aggregate = await run(['diagram', 'examples/shop/shop.events.yaml', '--aggregate', 'Payment']);
    assert.equal(`${aggregate.out}\n`, golden('shop.aggregate-Payment.mmd'));
    const projection = await run(['diagram', 'examples/shop/shop.events.yaml', '--projection', 'OrderSummary']);
    assert.equal(`${projection.out}\n`, golden('shop.projection-OrderSummary.mmd'));
    const focus = await run(['diagram', 'examples/shop/shop.events.yaml', '--focus', 'ApproveShipment', '--view', 'timeline']);
    assert.equal(focus.code, 0);
    assert.equal(`${focus.out}\n`, golden('shop.focus-ApproveShipment.timeline.mmd'));
  });

  it('--out writes .mmd as plain text and .md as Markdown with a mermaid block', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'event-model-diagram-'));
    const mmd = await run(['diagram', path.join(ROOT, 'examples/bank/bank.events.yaml'), '--out', 'bank.mmd'], dir);
    assert.equal(mmd.code, 0, mmd.err);
    assert.equal(mmd.out, '');
    assert.equal(readFileSync(path.join(dir, 'bank.mmd'), 'utf8'), golden('bank.flow.mmd'));
    const md = await run(['diagram', path.join(ROOT, 'examples/bank/bank.events.yaml'), '--view', 'timeline', '--out', 'Bank.MD'], dir);
    assert.equal(md.code, 0, md.err);
    const text = readFileSync(path.join(dir, 'Bank.MD'), 'utf8');
    assert.match(text, /^# .*bank\\\.events\\\.yaml \\\(timeline\\\)\n\n```mermaid\neventmodeling\n/);
    assert.ok(text.endsWith(`${golden('bank.timeline.mmd')}\`\`\`\n`));
  });

  it('--out x.svg draws with the real Mermaid in headless Chromium', async function () {
    this.timeout(60_000);
    if (!existsSync('/usr/bin/chromium')) {
      if (process.env.CI) throw new Error('Chromium is missing');
      this.skip();
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'event-model-diagram-'));
    const r = await run(['diagram', path.join(ROOT, 'examples/bank/bank.events.yaml'), '--out', 'x.svg'], dir);
    assert.equal(r.code, 0, r.err);
    const svg = readFileSync(path.join(dir, 'x.svg'), 'utf8');
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /DepositMoney/);
    assert.doesNotMatch(svg, /data-ems-node/, 'no preview-only attributes');
  });

  it('--out x.svg without a browser says what to install, exit 2, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'event-model-diagram-'));
    const saved = process.env.EVENT_MODEL_CHROMIUM;
    process.env.EVENT_MODEL_CHROMIUM = path.join(dir, 'no-such-chromium');
    try {
      const r = await run(['diagram', path.join(ROOT, 'examples/bank/bank.events.yaml'), '--out', 'x.svg'], dir);
      assert.equal(r.code, 2);
      assert.match(r.err, /no Chromium was found/);
      assert.equal(existsSync(path.join(dir, 'x.svg')), false);
    } finally {
      if (saved === undefined) delete process.env.EVENT_MODEL_CHROMIUM;
      else process.env.EVENT_MODEL_CHROMIUM = saved;
    }
  });

  it('a model with errors is still drawn, with its errors on stderr and exit 1', async () => {
    const r = await run(['diagram', 'test/fixtures/diagrams/hostile.events.yaml']);
    assert.equal(r.code, 1);
    assert.equal(`${r.out}\n`, golden('hostile.flow.mmd'));
    assert.match(r.err, /^test\/fixtures\/diagrams\/hostile\.events\.yaml:\d+:\d+ error \S+ /m);
    assert.match(r.err, /warning: 'test\/fixtures\/diagrams\/hostile\.events\.yaml' has \d+ errors; the diagram shows what could be read/);
  });

  it('a file that cannot be parsed at all draws nothing and exits 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'event-model-diagram-'));
    writeFileSync(path.join(dir, 'list.events.yaml'), '- just\n- a list\n');
    const r = await run(['diagram', 'list.events.yaml'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /root-not-mapping/);
    assert.match(r.err, /cannot be read; nothing drawn/);
    assert.equal(r.out, '');
  });

  it('exits 2 on bad usage, with a did-you-mean for unknown names', async () => {
    const shop = 'examples/shop/shop.events.yaml';
    const cases: Array<[string[], RegExp]> = [
      [['diagram'], /name one model file/],
      [['diagram', shop, 'examples/bank/bank.events.yaml'], /name one model file \(\*\.events\.yaml\), not 2/],
      [['diagram', shop, '--view', 'gantt'], /--view must be flow or timeline, not 'gantt'/],
      [['diagram', shop, '--bogus'], /Unknown option '--bogus'/],
      [['diagram', shop, '--out', 'x.png'], /--out must end in \.mmd, \.md, \.markdown, \.svg, not 'x\.png'/],
      [['diagram', 'no/such.events.yaml'], /cannot read 'no\/such\.events\.yaml': ENOENT/],
      [['diagram', shop, '--focus', 'OrderPlace'], /--focus: No element named 'OrderPlace' in the model\. Did you mean 'OrderPlaced'\?/],
      [['diagram', shop, '--aggregate', 'Ordr'], /--aggregate: No aggregate named 'Ordr' in the model\. Did you mean 'Order'\?/],
      [['diagram', shop, '--projection', 'Nothing'], /--projection: No projection named 'Nothing' in the model\.$/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message, args.join(' '));
      assert.equal(r.out, '', args.join(' '));
    }
  });

  it('--help shows the diagram options', async () => {
    const r = await run(['diagram', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /diagram <model\.events\.yaml>/);
    assert.match(r.out, /--view flow\|timeline/);
  });

  it('validate still works beside it', async () => {
    const r = await run(['validate', 'examples/shop/shop.events.yaml']);
    assert.equal(r.code, 0, r.out);
  });
});
