// Writes schema/events.schema.json from the zod schema, the one source of the model's structure.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderJsonSchema } from '../src/core/model/jsonSchema.js';

const out = path.resolve(__dirname, '../schema/events.schema.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, renderJsonSchema());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
