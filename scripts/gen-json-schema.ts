// Writes schemas/sweep.schema.json from the engine's schema table (src/core/spec/schema.ts).
// Run: node --import tsx scripts/gen-json-schema.ts        (writes the file)
//      node --import tsx scripts/gen-json-schema.ts --check (exit 1 when the file is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepJsonSchemaText } from '../src/core/spec/jsonSchema';

const target = join(__dirname, '..', 'schemas', 'sweep.schema.json');
const fresh = sweepJsonSchemaText();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== fresh) {
    console.error('schemas/sweep.schema.json is out of date: run `node --import tsx scripts/gen-json-schema.ts`.');
    process.exit(1);
  }
} else {
  writeFileSync(target, fresh);
  console.log(`wrote ${target}`);
}
