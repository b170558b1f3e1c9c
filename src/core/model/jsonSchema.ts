import { modelJsonSchema } from './schema.js';

/** The committed JSON Schema's exact text: generated from zod, in a stable layout. */
export function renderJsonSchema(): string {
  return JSON.stringify(modelJsonSchema(), null, 2) + '\n';
}
