// Writes schemas/targets.schema.json from the targets key table (src/core/targets/schema.ts).
// Run: node --import tsx scripts/gen-targets-schema.ts        (writes the file)
//      node --import tsx scripts/gen-targets-schema.ts --check (exit 1 when the file is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetsJsonSchemaText } from '../src/core/targets/jsonSchema';

const target = join(__dirname, '..', 'schemas', 'targets.schema.json');
const fresh = targetsJsonSchemaText();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== fresh) {
    console.error('schemas/targets.schema.json is out of date: run `node --import tsx scripts/gen-targets-schema.ts`.');
    process.exit(1);
  }
} else {
  writeFileSync(target, fresh);
  console.log(`wrote ${target}`);
}
