import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkDiagramFilter, renderDiagram, validateModelText, type DiagramFilter, type DiagramView } from '../core/index.js';
import { writerFor, DIAGRAM_WRITERS } from './diagramOutput.js';
import { formatDiagnosticLine } from './validateCommand.js';

export const DIAGRAM_USAGE = `  diagram <model.events.yaml>             Draw a model as a Mermaid diagram (printed, or written with --out)
      --view flow|timeline                The flowchart (default) or the Event Modeling timeline
      --aggregate <Name>                  Only one aggregate and what it touches
      --projection <Name>                 Only one projection and what feeds it
      --focus <Name>                      Only what leads to one element and what follows from it
      --out <file.mmd|file.md>            Write Mermaid text, or Markdown with a mermaid block
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * `event-model diagram`. Exit codes: 0 drawn, 1 the model has errors (what could be read is still
 * drawn, and the errors go to stderr), 2 bad usage (unknown view, file or element name).
 */
export async function runDiagram(argv: string[], io: Io, cwd: string, usage: string): Promise<number> {
  const fail = (message: string) => {
    io.err(`event-model diagram: ${message}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        view: { type: 'string', default: 'flow' },
        aggregate: { type: 'string' },
        projection: { type: 'string' },
        focus: { type: 'string' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return fail(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(usage);
    return 0;
  }
  if (values.view !== 'flow' && values.view !== 'timeline') return fail(`--view must be flow or timeline, not '${values.view}'`);
  const view: DiagramView = values.view;
  if (positionals.length !== 1) return fail(`name one model file (*.events.yaml)${positionals.length > 1 ? `, not ${positionals.length}` : ''}\n\n${usage}`);
  const writer = values.out === undefined ? undefined : writerFor(values.out);
  if (values.out !== undefined && !writer) return fail(`--out must end in ${Object.keys(DIAGRAM_WRITERS).join(', ')}, not '${path.basename(values.out)}'`);

  const file = path.resolve(cwd, positionals[0]!);
  const shown = path.relative(cwd, file).split(path.sep).join('/') || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return fail(`cannot read '${positionals[0]}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const { parsed: model, diagnostics } = validateModelText(text);
  const filter: DiagramFilter = {
    ...(values.aggregate !== undefined ? { aggregate: values.aggregate } : {}),
    ...(values.projection !== undefined ? { projection: values.projection } : {}),
    ...(values.focus !== undefined ? { focus: values.focus } : {}),
  };
  const errors = diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) io.err(formatDiagnosticLine(shown, d));
  const empty = ![model.model.aggregates, model.model.commands, model.model.events, model.model.projections, model.model.policies].some((m) => m.size > 0);
  if (!model.lines || (empty && errors.length > 0)) {
    io.err(`event-model diagram: '${shown}' cannot be read; nothing drawn`);
    return 1;
  }
  const unknown = checkDiagramFilter(model.model, filter);
  if (unknown.length > 0) return fail(unknown.map((u) => `--${u.option}: ${u.message}`).join('\n'));
  if (errors.length > 0) io.err(`event-model diagram: warning: '${shown}' has ${errors.length} error${errors.length === 1 ? '' : 's'}; the diagram shows what could be read`);

  const result = renderDiagram(model.model, { view, filter });
  for (const w of result.warnings) io.err(`event-model diagram: warning: ${w}`);
  if (!writer) {
    io.out(result.text.replace(/\n$/, ''));
  } else {
    let outcome;
    try {
      outcome = await writer(path.resolve(cwd, values.out!), { result, view, modelName: shown });
    } catch (e) {
      return fail(`cannot write '${values.out}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (!outcome.ok) return fail(outcome.usage);
  }
  return errors.length > 0 ? 1 : 0;
}
