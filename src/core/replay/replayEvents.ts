import type { Model } from '../model/model.js';
import type { SampleEvent } from '../samples/parseSamples.js';
import { Replayer, toReplayEvent, type ReplayOptions } from './replayer.js';
import type { Replay, ReplayEvent, ReplayStep } from './types.js';

/** Replays events through a model's rules; never throws, and goes on after a problem. */
export function replayEvents(model: Model, events: readonly (SampleEvent | ReplayEvent)[], options: ReplayOptions = {}): Replay {
  const replayer = new Replayer(model, options);
  const steps: ReplayStep[] = events.map((e) => replayer.apply(isSampleEvent(e) ? toReplayEvent(e) : e));
  return {
    steps,
    aggregates: replayer.aggregates(),
    projections: replayer.projections(),
    problemCount: steps.reduce((n, s) => n + s.problems.length, 0),
  };
}

function isSampleEvent(e: SampleEvent | ReplayEvent): e is SampleEvent {
  return 'typeRange' in e;
}
