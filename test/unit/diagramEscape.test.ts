import * as assert from 'node:assert/strict';
import { parseModel, renderDiagram, toMarkdown } from '../../src/core/index.js';
import { flowLabel, flowText, flowTitle, timelineText } from '../../src/core/diagram/escape.js';
import { goldenCases } from './diagram.test.js';
import { readFixture } from './support/golden.js';

const HOSTILE = [
  '"]; click x call alert(1); y["',
  'a --> b -.-> c ==> d',
  '%% comment',
  '%%{init: {"securityLevel": "loose"}}%%',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'click evt_x call alert(1)',
  'line one\nclick x call alert(1)\r\n%% two\u2028three\u2029four\u0085five',
  '`markdown` **bold** _it_',
  '$$x^2$$ and $y$',
  'fa:fa-car fab:fa-github',
  '#quot; #35; &amp; &lt;b&gt;',
  'ﬂ°°60¶ß ﬂ°lt¶ß',
  'style x fill:#f00; classDef y fill:#0f0;',
  '주문 ✓ 🚀 \u202Eevil\u200B',
  'end',
  'subgraph',
  '\uD800 lone surrogate',
  'x'.repeat(500),
];

/** The text inside each `"..."` label of a flowchart (labels may span lines). */
function flowLabels(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
}

/** Statements the flowchart generator writes; anything else would mean user text escaped a label. */
const FLOW_LINE = [
  /^flowchart LR$/,
  /^ {2}subgraph [A-Za-z0-9_]+\["[^"\n]*"\]$/,
  /^ {2}end$/,
  /^ {2,4}[A-Za-z0-9_]+(\[|\[\[|\(\[|\{\{)"[^"\n]*$/, // a node: its label's first line
  /^[^"\n]*"(\]|\]\]|\]\)|\}\})$/, // a label's last line, closing the node
  /^ {2}[A-Za-z0-9_]+ (-->|-\.->) [A-Za-z0-9_]+$/,
  /^ {2}classDef (command|aggregate|event|projection|policy|dimmed) [a-z:#0-9.,-]+$/,
  /^ {2}class [A-Za-z0-9_,]+ (command|aggregate|event|projection|policy|dimmed)$/,
];
const TIMELINE_LINE = /^ {2}(rf|tf) \d{1,3} (cmd|evt|rmo|pcr) [A-Za-z_][A-Za-z0-9_]*( ->> \d{1,3})*( \{[^{}\n]* \})?$/;

describe('diagram escaping', () => {
  it('flow labels keep user text inside the quotes, as entity codes', () => {
    for (const s of HOSTILE) {
      const label = flowLabel([s, s]);
      const inner = label.slice(1, -1);
      assert.doesNotMatch(inner, /["<>%`:$]/, s);
      assert.doesNotMatch(inner.replace(/#\w+;/g, ''), /[#&]/, `${s}: a # or & outside an entity code`);
      assert.equal(inner.split('\n').length, 2, `${s}: only our own line break`);
      assert.doesNotMatch(inner, /ﬂ|¶ß/, s);
      assert.doesNotMatch(inner.replace('\n', ''), /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, `${s}: a control character`);
    }
  });

  it('subgraph titles use look-alikes for what Mermaid would show as a code', () => {
    for (const s of HOSTILE) {
      const inner = flowTitle(s).slice(1, -1);
      assert.doesNotMatch(inner, /["<>%`:$\n]/, s);
      assert.doesNotMatch(inner.replace(/#(lt|gt|amp);/g, ''), /[#&]/, s);
    }
  });

  it('timeline data has no #, quote, brace, backtick, angle bracket or line break of the user', () => {
    for (const s of HOSTILE) assert.doesNotMatch(timelineText(s), /[#"'`{}<>%\n\r\u2028\u2029]/, s);
  });

  it('long text is cut to one readable line without splitting a character', () => {
    assert.equal([...flowText('é'.repeat(100))].filter((c) => c === 'é').length, 59);
    assert.ok(flowText('🚀'.repeat(100)).endsWith('🚀…'));
    assert.equal(flowText('a\n\n  b\tc'), 'a b c');
  });

  it('every flowchart and timeline line is a statement the generator writes', () => {
    for (const c of goldenCases()) {
      const { text } = renderDiagram(c.model, { view: c.view, filter: c.filter });
      const lines = text.trimEnd().split('\n');
      if (c.view === 'flow') {
        for (const line of lines) assert.ok(FLOW_LINE.some((re) => re.test(line)), `${c.file}: unexpected line ${JSON.stringify(line)}`);
      } else {
        assert.equal(lines[0], 'eventmodeling');
        for (const line of lines.slice(1)) assert.match(line, TIMELINE_LINE, c.file);
      }
    }
  });

  describe('the hostile fixture', () => {
    const model = parseModel(readFixture('diagrams/hostile.events.yaml')).model;

    it('parses into elements with hostile names', () => {
      assert.ok(model.commands.size >= 3 && model.events.size >= 3);
      assert.ok([...model.commands.keys()].some((n) => n.includes('\n')));
    });

    for (const view of ['flow', 'timeline'] as const) {
      it(`${view}: no line starts with click, %% or a directive, and no %% at all`, () => {
        const { text, nodes } = renderDiagram(model, { view });
        assert.ok(nodes.length >= 8);
        for (const line of text.split('\n')) assert.doesNotMatch(line.trimStart(), /^(click|%%|style|linkStyle|accTitle|accDescr|title|---)/, line);
        assert.doesNotMatch(text, /%%|<script|<img|javascript:|`/i);
      });
    }

    it('flow: labels hold no raw quote, angle bracket, percent, colon or dollar', () => {
      const { text } = renderDiagram(model, { view: 'flow' });
      for (const label of flowLabels(text)) {
        assert.doesNotMatch(label, /[<>%:$`]/, label);
        assert.doesNotMatch(label.replace(/#\w+;/g, ''), /[#&]/, label);
      }
    });

    it('timeline: frame data holds only our own <br> as markup', () => {
      const { text } = renderDiagram(model, { view: 'timeline' });
      for (const m of text.matchAll(/ \{(.*) \}$/gm)) assert.doesNotMatch(m[1]!.replace(/<br>/g, ''), /[<>#"'`{}%]/, m[1]);
    });

    it('Markdown export keeps the diagram in one fence, whatever the title', () => {
      const md = toMarkdown(renderDiagram(model, { view: 'timeline' }).text, '```\n# x <b>');
      assert.equal(md.match(/^```/gm)?.length, 2);
      assert.match(md, /^# \\`\\`\\` \\# x \\<b\\>\n\n```mermaid\n/);
    });
  });
});
