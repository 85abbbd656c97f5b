// Writes the JSON schemas editors use from the engine's key tables:
//   schemas/sweep.schema.json   from src/core/spec/schema.ts (sweep specs)
//   schemas/targets.schema.json from src/core/targets/schema.ts (hypersweep.targets.yaml)
// Run: node --import tsx scripts/gen-json-schema.ts        (writes both files)
//      node --import tsx scripts/gen-json-schema.ts --check (exit 1 when either is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepJsonSchemaText } from '../src/core/spec/jsonSchema';
import { targetsJsonSchemaText } from '../src/core/targets/jsonSchema';

const schemas: readonly (readonly [string, string])[] = [
  ['sweep.schema.json', sweepJsonSchemaText()],
  ['targets.schema.json', targetsJsonSchemaText()],
];
const check = process.argv.includes('--check');
let stale = false;
for (const [name, fresh] of schemas) {
  const target = join(__dirname, '..', 'schemas', name);
  if (!check) {
    writeFileSync(target, fresh);
    console.log(`wrote ${target}`);
    continue;
  }
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== fresh) {
    console.error(`schemas/${name} is out of date: run \`npm run gen:schema\`.`);
    stale = true;
  }
}
if (stale) process.exit(1);
