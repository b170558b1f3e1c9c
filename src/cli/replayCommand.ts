import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkDelivery, formatDeliveryFinding, isModelFile, isSampleFile, quickReading, Replayer, validateModelText,
  type AggregateInstance, type DeliveryFinding, type DeliveryReport, type Range, type ReplayEvent, type ReplayProblem,
} from '../core/index.js';
import { didYouMean } from '../core/wording.js';
import { NO_SAMPLE_MODEL, pairedSampleFiles, sampleModelFile } from './files.js';
import { fileInput, storeInput, UsageError, type Input } from './replayInputs.js';
import { renderState } from './replayText.js';
import { diagnosticJson, formatDiagnosticLine } from './validateCommand.js';

export const REPLAY_USAGE = `  replay <sample file>                    Replay sample events through their model: the states at the end, and the problems
      --at <N>                            The states after the first N events (0: before the first)
      --stream <Aggregate-id | id>        Only one aggregate instance, by its stream name or its id
      --projection <Name>                 Only one projection
      --check-delivery                    Also check whether the states depend on the order events are delivered in
      --model <file>                      Model for a sample file that names none
      --connection <postgresql://...>     Read the events of an Emmett PostgreSQL event store instead (read-only);
                                          name the model (*.events.yaml) in place of the sample file, or with --model
      --store-stream <name>               With --connection: only this stream of the store
      --format text|json                  Output format (default: text)
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** How many problems are kept for printing; all are counted. */
const MAX_PROBLEMS = 10_000;
/** How many problem lines the text output prints before saying how many more there are. */
const MAX_PROBLEM_LINES = 200;

/** A problem and the event (by position) that met it. */
interface Found {
  position: number;
  problem: ReplayProblem;
}

/**
 * `event-model replay`. Exit codes: 0 replayed without a problem; 1 a replay problem, a delivery
 * finding, or errors in the model or the sample file; 2 bad usage (an unknown option, a step that
 * is not a whole number or past the end, an unknown stream or projection), or a file or store that
 * cannot be read.
 */
export async function runReplay(argv: string[], io: Io, cwd: string, usage: string): Promise<number> {
  try {
    return await replay(argv, io, cwd, usage);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`event-model replay: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

async function replay(argv: string[], io: Io, cwd: string, usage: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        at: { type: 'string' },
        stream: { type: 'string' },
        projection: { type: 'string' },
        'check-delivery': { type: 'boolean', default: false },
        model: { type: 'string' },
        connection: { type: 'string' },
        'store-stream': { type: 'string' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(usage);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const format = values.format;
  if (values.at !== undefined && !/^\d+$/.test(values.at.trim())) throw new UsageError(`--at takes a whole number of events (0 or more), not '${values.at}'`);
  if (values['store-stream'] !== undefined && values.connection === undefined) throw new UsageError('--store-stream names a stream of an event store: give the store with --connection');
  const shown = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || abs;

  // The events, and the model file.
  let input: Input;
  let modelFile: string | undefined;
  if (values.connection !== undefined) {
    if (positionals.length > 1 || (positionals.length === 1 && values.model !== undefined)) {
      throw new UsageError('with --connection, name the model once: as the one file, or with --model');
    }
    const named = positionals[0] ?? values.model;
    if (named === undefined) throw new UsageError('with --connection, name the model (*.events.yaml) the store\'s events are replayed through');
    if (isSampleFile(named)) throw new UsageError(`with --connection the events come from the store: name the model (*.events.yaml), not the sample file '${named}'`);
    modelFile = path.resolve(cwd, named);
    // With --at the replay stops there: the store counts its events instead of sending them all.
    input = await storeInput(values.connection, values['store-stream'], { count: values.at !== undefined });
  } else {
    if (positionals.length !== 1) throw new UsageError(`name one sample file (*.samples.yaml|json|jsonl)${positionals.length > 1 ? `, not ${positionals.length}` : ''}\n\n${usage}`);
    const file = path.resolve(cwd, positionals[0]!);
    if (isModelFile(file)) {
      const paired = existsSync(file) ? (await pairedSampleFiles(file)).map(shown) : [];
      const hint = paired.length > 0 ? `: ${paired.map((p) => `'${p}'`).join(' or ')}` : '';
      throw new UsageError(`'${positionals[0]}' is a model; name a sample file to replay${hint} (or read an event store with --connection)`);
    }
    input = await fileInput(file, positionals[0]!);
    modelFile = sampleModelFile(file, input.namedModel, values.model !== undefined ? path.resolve(cwd, values.model) : undefined);
    if (!modelFile) throw new UsageError(`'${shown(file)}': ${NO_SAMPLE_MODEL}`);
  }
  let modelText: string;
  try {
    modelText = readFileSync(modelFile, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the model '${shown(modelFile)}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const { parsed: parsedModel, diagnostics: modelDiagnostics } = validateModelText(modelText);
  const model = parsedModel.model;
  const modelErrors = modelDiagnostics.filter((d) => d.severity === 'error');
  const sampleErrors = input.diagnostics.filter((d) => d.severity === 'error');

  if (values.projection !== undefined && !model.projections.has(values.projection)) {
    throw new UsageError(`--projection: no projection named '${values.projection}' in the model.${didYouMean(values.projection, model.projections.keys())}`);
  }
  const at = values.at !== undefined ? Number(values.at.trim()) : undefined;
  const pastTheEnd = (length: number) => new UsageError(`--at ${at} is past the end: ${input.label} has ${plural(length, 'event')}`);
  if (at !== undefined && input.length !== undefined && at > input.length) throw pastTheEnd(input.length);

  // The replay, one event at a time as they are read, up to the step asked for. The delivery
  // checks need those events again, so only they keep them.
  const replayer = new Replayer(model);
  const kept: ReplayEvent[] = [];
  const found: Found[] = [];
  let problemCount = 0;
  let read = 0;
  // Only the problems of each step are kept, so the replay is a bulk one; the delivery checks
  // replay the events again, so they are read whole.
  const quick = values['check-delivery'] ? undefined : quickReading(model);
  for await (const event of input.events(quick)) {
    read += 1;
    if (at !== undefined && replayer.position >= at) {
      // Once the length is known (a file's, or a store's count), stop; otherwise go on counting.
      if (input.length !== undefined) break;
      continue;
    }
    const step = quick ? replayer.applyQuick(event) : replayer.apply(event, { commands: false });
    if (values['check-delivery']) kept.push(event);
    problemCount += step.problems.length;
    for (const problem of step.problems) if (found.length < MAX_PROBLEMS) found.push({ position: replayer.position, problem });
  }
  const length = input.length ?? read;
  if (at !== undefined && at > length) throw pastTheEnd(length);
  const target = replayer.position;

  const aggregates = pickAggregates(replayer, values.stream, values.projection, target);
  const projections = values.stream !== undefined && values.projection === undefined ? [] : replayer.projections(values.projection !== undefined ? { projection: values.projection } : {});

  // The delivery checks replay the same events (up to the step) delivered twice and reordered.
  let delivery: DeliveryReport | undefined;
  if (values['check-delivery']) delivery = checkDelivery(model, kept);

  const modelShown = shown(modelFile);
  const place = placer(input, modelShown, shown);
  const sampleShown = input.file ? shown(input.file) : input.label;
  const fileDiagnostics = [
    ...modelErrors.map((d) => ({ file: modelShown, d })),
    ...sampleErrors.map((d) => ({ file: sampleShown, d })),
  ];
  const findings = delivery?.findings ?? [];
  const warnings = findings.filter((f) => f.severity === 'warning').length;

  if (format === 'json') {
    io.out(JSON.stringify({
      source: input.json,
      model: modelShown,
      length,
      position: replayer.position,
      state: {
        aggregates: aggregates.map(({ aggregate, id, stream, state }) => ({ aggregate, id, stream, state })),
        projections: projections.map(({ projection, keyed, rows }) => ({ projection, keyed, rows: rows.map(({ key, row }) => ({ key, row })) })),
      },
      problemCount,
      problems: found.map(({ position, problem }) => ({
        position, kind: problem.kind, message: problem.message,
        ...place.json(problem.eventRange, problem.ruleRange, problem.opRange),
      })),
      findings: delivery ? findings.map((f) => findingJson(f, place)) : null,
      diagnostics: fileDiagnostics.map(({ file, d }) => ({ file, ...diagnosticJson(d) })),
      ...(input.unlistedDiagnostics > 0 ? { unlistedDiagnostics: input.unlistedDiagnostics } : {}),
    }, null, 2));
  } else {
    const sections: string[] = [];
    const state = renderState(model, aggregates, projections);
    if (state !== '') sections.push(state);
    // What is wrong with the files themselves first (those entries are not replayed), as validate prints it.
    const fileLines = fileDiagnostics.map(({ file, d }) => formatDiagnosticLine(file, d));
    if (input.unlistedDiagnostics > 0) fileLines.push(`... and ${plural(input.unlistedDiagnostics, 'more finding')} in ${sampleShown} (event-model validate lists them)`);
    const problemLines = found.slice(0, MAX_PROBLEM_LINES).map(({ position, problem }) =>
      `${place.text(problem.eventRange)} error ${problem.kind} ${problem.message} (${place.context(position, problem.opRange ?? problem.ruleRange)})`,
    );
    if (problemCount > problemLines.length) problemLines.push(`... and ${plural(problemCount - problemLines.length, 'more problem')} (--format json lists the first ${MAX_PROBLEMS.toLocaleString('en-US')})`);
    if (fileLines.length + problemLines.length > 0) sections.push([...fileLines, ...problemLines].join('\n'));
    if (findings.length > 0) {
      // The message says which event showed it; the line adds the rule's place.
      sections.push(findings.map((f) => `${place.text(f.eventRange)} ${formatDeliveryFinding(f)} (rule ${place.rule(f.opRange ?? f.ruleRange)})`).join('\n'));
    }
    if (sections.length > 0) io.out(sections.join('\n\n'));
    io.err(summary(input.label, modelShown, replayer.position, length, problemCount, fileDiagnostics.length, delivery));
  }
  return problemCount > 0 || fileDiagnostics.length > 0 || warnings > 0 ? 1 : 0;
}

/** The instances `--stream` asks for (a stream name, or an id), all of them without it. */
function pickAggregates(replayer: Replayer, stream: string | undefined, projection: string | undefined, position: number): AggregateInstance[] {
  if (stream === undefined) return projection !== undefined ? [] : replayer.aggregates();
  const all = replayer.aggregates();
  const byName = all.filter((a) => a.stream === stream);
  if (byName.length > 0) return byName;
  const byId = all.filter((a) => a.id === stream);
  if (byId.length > 0) return byId;
  const after = position === 0 ? 'before the first event' : `after ${plural(position, 'event')}`;
  throw new UsageError(`--stream: no stream named '${stream}' ${after}, and no instance with that id.${didYouMean(stream, [...all.map((a) => a.stream), ...all.map((a) => a.id)])}`);
}

interface Placer {
  /** Where an event is: `file:line:col`, or for a store `stream@version (global position g)`. */
  text(eventRange: Range): string;
  /** `event N; rule model:line:col`. */
  context(position: number, ruleRange: Range | undefined): string;
  /** `model:line:col`. */
  rule(ruleRange: Range): string;
  /** `{ file, line, column, endLine, endColumn }` in the model. */
  ruleJson(ruleRange: Range): Record<string, unknown>;
  /** The same as JSON: `file, line, column, endLine, endColumn` (or `stored`), then `rule` and `op`. */
  json(eventRange: Range, ruleRange?: Range, opRange?: Range): Record<string, unknown>;
}

/** Says where events and rules are: in the sample file (or the store) and in the model, lines and columns from 1. */
function placer(input: Input, modelShown: string, shown: (abs: string) => string): Placer {
  const at = (r: Range) => `${r.start.line + 1}:${r.start.character + 1}`;
  const span = (r: Range) => ({ line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });
  const file = input.file ? shown(input.file) : input.label;
  // A store's event is on the line of its index in the store's order.
  const stored = (r: Range) => input.stored?.(r.start.line);
  return {
    text(eventRange) {
      if (!input.stored) return `${file}:${at(eventRange)}`;
      const s = stored(eventRange);
      return s ? `${s.stream}@${s.streamPosition} (global position ${s.globalPosition})` : `event ${eventRange.start.line + 1}`;
    },
    context(position, ruleRange) {
      return `event ${position}${ruleRange ? `; rule ${modelShown}:${at(ruleRange)}` : ''}`;
    },
    rule: (ruleRange) => `${modelShown}:${at(ruleRange)}`,
    ruleJson: (ruleRange) => ({ file: modelShown, ...span(ruleRange) }),
    json(eventRange, ruleRange, opRange) {
      const s = stored(eventRange);
      return {
        ...(input.stored ? (s ? { stored: s } : {}) : { file, ...span(eventRange) }),
        ...(ruleRange ? { rule: { file: modelShown, ...span(ruleRange) } } : {}),
        ...(opRange ? { op: { file: modelShown, ...span(opRange) } } : {}),
      };
    },
  };
}

/** A delivery finding as JSON: its fields, with the model's and the sample file's places as spans. */
function findingJson(f: DeliveryFinding, place: Placer): object {
  const { eventRange, ruleRange, opRange, operatorRange, otherRule, ...rest } = f;
  return {
    ...rest,
    code: formatDeliveryFinding(f).split(' ')[1],
    ...place.json(eventRange, ruleRange, opRange),
    ...(operatorRange ? { operatorAt: place.ruleJson(operatorRange) } : {}),
    ...(otherRule ? { otherRule: { owner: otherRule.owner, event: otherRule.event, rule: place.ruleJson(otherRule.ruleRange) } } : {}),
  };
}

function summary(label: string, model: string, position: number, length: number, problems: number, errors: number, delivery: DeliveryReport | undefined): string {
  const where = position === length ? plural(length, 'event') : `${position} of ${plural(length, 'event')}`;
  const parts = [`${where} replayed through ${model}`, plural(problems, 'problem')];
  if (errors > 0) parts.push(`${plural(errors, 'error')} in the files`);
  if (delivery) {
    const warnings = delivery.findings.filter((f) => f.severity === 'warning').length;
    const infos = delivery.findings.length - warnings;
    const detail = [...(warnings > 0 ? [plural(warnings, 'warning')] : []), ...(infos > 0 ? [`${infos} info`] : [])].join(', ');
    const how = `every event delivered twice${delivery.orders.length > 0 ? ` and ${plural(delivery.orders.length, 'other order')}` : ''}`;
    parts.push(`${plural(delivery.findings.length, 'delivery finding')}${detail ? ` (${detail})` : ''} with ${how}`);
  }
  return `${label}: ${parts.join(', ')}`;
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}
