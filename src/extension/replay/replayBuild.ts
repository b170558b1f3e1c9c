// Building a panel's replay: its subject's model and events read, the timeline built in slices,
// and the delivery checks run; what the webview is told about the result.
import * as vscode from 'vscode';
import type { Model } from '../../core/index.js';
import { checkDelivery } from '../../core/replay/delivery.js';
import { buildTimelineInSlices, type EventSource } from '../../core/replay/timeline.js';
import type { ReplayFinding, ReplayTimelineInfo } from '../../protocol/replay.js';
import type { Log } from '../log.js';
import { TimelineAnswers, toReplayFinding } from './answers.js';
import type { ReplayInputError } from './inputs.js';
import { replaySettings } from './settings.js';
import type { LoadReason, ReplaySubject } from './subjects.js';

/** The most problems an `init` message lists; the rest are counted, and reached by `jumpToProblem`. */
const PROBLEMS_SENT = 2000;
/** The least time between two progress messages, in milliseconds. */
const PROGRESS_EVERY_MS = 100;
/** Events per slice of a build: the host answers other work between slices. */
const SLICE_EVENTS = 20_000;
/**
 * The most events the delivery checks run on: they replay the events several times over, in
 * memory, on the extension host.
 */
export const DELIVERY_CHECK_MAX_EVENTS = 2_000;
/** Up to this many events the findings come with the timeline; beyond, in a second message after it. */
const DELIVERY_CHECK_INLINE_EVENTS = 200;

/** A built replay: the answers over its timeline, and what the webview is told about it. */
export interface BuiltReplay {
  answers: TimelineAnswers;
  source: EventSource;
  model: Model;
  modelUri: vscode.Uri;
  info: ReplayTimelineInfo;
  /** The delivery checks are still to run (the source is long enough to show the replay first). */
  checkLater: boolean;
}

/** Reads the subject and builds its timeline; undefined when the signal aborted it first. */
export async function buildReplay(
  subject: ReplaySubject,
  reason: LoadReason,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
  log: Log,
): Promise<BuiltReplay | ReplayInputError | undefined> {
  const started = Date.now();
  const input = await subject.load(reason, signal);
  if (signal.aborted) return undefined;
  if ('error' in input) return input;
  const settings = replaySettings(subject.file ?? input.modelUri);
  const timeline = await buildTimelineInSlices(input.model, input.source, { checkpointEvery: settings.checkpointInterval }, { events: SLICE_EVENTS, signal, onProgress });
  if (!timeline || signal.aborted) return undefined;
  const checkLater = settings.checkDelivery && input.source.length > DELIVERY_CHECK_INLINE_EVENTS;
  const findings = settings.checkDelivery && !checkLater ? deliveryFindings(input.model, input.source, subject.label, log) : [];
  return {
    answers: new TimelineAnswers(timeline),
    source: input.source,
    model: input.model,
    modelUri: input.modelUri,
    checkLater,
    info: {
      title: subject.label,
      sampleFile: subject.label,
      sampleUri: subject.uri.toString(),
      modelFile: vscode.workspace.asRelativePath(input.modelUri),
      length: timeline.length,
      types: timeline.types,
      streams: timeline.streams,
      problemCount: timeline.problemCount,
      problems: timeline.problems.slice(0, PROBLEMS_SENT),
      findings,
      checkpointEvery: settings.checkpointInterval,
      buildMs: Date.now() - started,
    },
  };
}

/** The delivery checks' findings, for a source short enough to check; logged when skipped. */
export function deliveryFindings(model: Model, source: EventSource, label: string, log: Log): ReplayFinding[] {
  if (source.length > DELIVERY_CHECK_MAX_EVENTS) {
    log.info(`replay of ${label}: no delivery checks on ${source.length} events (they run on up to ${DELIVERY_CHECK_MAX_EVENTS})`);
    return [];
  }
  const started = Date.now();
  const report = checkDelivery(model, source.read(0, source.length));
  log.debug(`replay of ${label}: delivery checks in ${Date.now() - started} ms, ${report.findings.length} findings`);
  return report.findings.map(toReplayFinding);
}

/** Calls through at most once per interval, and always for the last call (done === total). */
export function throttle(fn: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && done !== total) return;
    last = now;
    fn(done, total);
  };
}
