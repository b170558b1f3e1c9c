/** The replay engine: sample events through the model's rules, as plain data. */
export { replayEvents } from './replayEvents.js';
export { Replayer, toReplayEvent, type QuickStep, type ReplayChangeSet, type ReplayOptions, type ReplaySnapshot, type TargetBefore } from './replayer.js';
export { quickReading } from './dataRead.js';
export { provenanceOf } from './provenance.js';
export { checkDelivery, formatDeliveryFinding, type DeliveryCheck, type DeliveryFinding, type DeliveryOptions, type DeliveryReport } from './delivery.js';
export { deliveryOrder, describeOrder, type DeliveryOrder } from './deliveryOrder.js';
export type * from './types.js';
export {
  ReplayTimeline, arraySource, buildTimelineInSlices, touchedBy,
  type EventSource, type PositionedProblem, type SliceOptions, type StateAt, type StateFilter, type TimelineEntry, type TimelineFilter, type TimelineOptions,
} from './timeline.js';
