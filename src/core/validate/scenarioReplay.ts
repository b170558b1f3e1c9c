import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Aggregate, Message, Model, Projection, Scenario } from '../model/model.js';
import { replayEvents } from '../replay/replayEvents.js';
import type { ReplayEvent, ReplayStep } from '../replay/types.js';
import type { Range } from '../source.js';
import { compareRows, declaredRecord } from './scenarioRows.js';
import type { CheckContext } from './context.js';

/**
 * Scenarios run through the model's declarative rules, as the generated tests run them: a
 * projection scenario's given events through the projection's `on` rules (its rows must be the
 * `then.rows`), a command scenario's given events through the `evolve` of the command's aggregate
 * (they must apply without a problem). `$meta` is absent, and payloads are read as the generated
 * tests write them: fields written `null` and undeclared fields are left out.
 *
 * A scenario is replayed only when nothing it relies on has an error: not the scenario itself,
 * not the projection or aggregate it runs through, not the events of its `given`. Those errors
 * (an unknown event, a payload of the wrong type, a rule that does not type-check) are reported
 * already, and a replay of them would only repeat them in other words.
 */
export function checkScenarioReplay(c: CheckContext, found: readonly Diagnostic[]): void {
  const m = c.model;
  const candidates = m.scenarios.filter((s) => (s.projection ? m.projections.has(s.projection.name) : s.given.length > 0 && s.when));
  if (candidates.length === 0) return;
  const errors = new ErrorIndex(found);
  const views = new Map<Projection | Aggregate, Model>();
  const viewOf = (target: Projection | Aggregate): Model => {
    let view = views.get(target);
    if (!view) {
      // Only the rules the generated test runs: no other projection, aggregate or policy.
      view = target.kind === 'projection'
        ? { ...m, aggregates: new Map(), projections: new Map([[target.name, target]]), policies: new Map() }
        : { ...m, aggregates: new Map([[target.name, target]]), projections: new Map(), policies: new Map() };
      views.set(target, view);
    }
    return view;
  };
  for (const s of candidates) {
    const target = targetOf(s, m);
    if (!target || (!errors.none && !sound(s, target, m, errors))) continue;
    const given = s.given.map((g) => givenEvent(g, m));
    const replay = replayEvents(viewOf(target), given, { metadata: false });
    const problems = reportProblems(replay.steps, target, c);
    // After a problem the replay skipped an operator that generated code would not skip, so the
    // rows could differ for that reason alone: the problem is the finding.
    if (problems > 0 || target.kind !== 'projection' || s.then?.kind !== 'rows') continue;
    const rows = replay.projections[0]?.rows ?? [];
    compareRows(target, s.then, rows, s.given, m, c);
  }
}

/** The projection under test, or the aggregate that decides the scenario's command. */
function targetOf(s: Scenario, m: Model): Projection | Aggregate | undefined {
  if (s.projection) return m.projections.get(s.projection.name);
  const aggregate = s.when && m.commands.get(s.when.name)?.aggregate;
  return aggregate ? m.aggregates.get(aggregate.name) : undefined;
}

/** Whether no error lies in the scenario, its target, or the definitions of its given events. */
function sound(s: Scenario, target: Projection | Aggregate, m: Model, errors: ErrorIndex): boolean {
  if (errors.within(s.range) || errors.within(target.nameRange) || errors.within(target.range)) return false;
  const seen = new Set<string>();
  for (const g of s.given) {
    if (seen.has(g.name)) continue;
    seen.add(g.name);
    const ev = m.events.get(g.name);
    if (!ev || errors.within(ev.nameRange) || errors.within(ev.range)) return false;
  }
  return true;
}

/** Reports each problem at the given event that met it; returns how many there were. */
function reportProblems(steps: readonly ReplayStep[], target: Projection | Aggregate, c: CheckContext): number {
  let count = 0;
  const owner = `the ${target.kind} '${target.name}'`;
  for (const step of steps) {
    for (const p of step.problems) {
      count++;
      const at = p.opRange ?? p.ruleRange;
      c.report(
        diagnostic(
          'scenario-replay-problem',
          `Replaying given event ${step.position} through ${owner}: ${p.message}`,
          step.eventRange,
          at ? [{ message: `the rule of '${target.name}' for '${step.type}'`, range: at }] : undefined,
        ),
      );
    }
  }
  return count;
}

/** A given entry as the generated test writes it. */
function givenEvent(g: Message, m: Model): ReplayEvent {
  return { type: g.name, data: declaredRecord(g.payload, m.events.get(g.name)?.fields ?? new Map(), m), range: g.range };
}

/** The error diagnostics found so far, sorted by where they start, to ask which lie in a range. */
class ErrorIndex {
  private readonly starts: Range['start'][];

  constructor(found: readonly Diagnostic[]) {
    this.starts = found.filter((d) => d.severity === 'error').map((d) => d.range.start).sort(comparePositions);
  }

  /** Whether there is no error at all: then every scenario is sound, and none needs a look. */
  get none(): boolean {
    return this.starts.length === 0;
  }

  /** Whether an error starts inside the range (an empty range holds its start). */
  within(r: Range): boolean {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comparePositions(starts[mid]!, r.start) < 0) lo = mid + 1;
      else hi = mid;
    }
    const first = starts[lo];
    return first !== undefined && (comparePositions(first, r.end) < 0 || comparePositions(first, r.start) === 0);
  }
}

function comparePositions(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}
