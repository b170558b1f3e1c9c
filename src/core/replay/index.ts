/** The replay engine: sample events through the model's rules, as plain data. */
export { replayEvents, type ReplayOptions } from './replayEvents.js';
export { provenanceOf } from './provenance.js';
export type * from './types.js';
