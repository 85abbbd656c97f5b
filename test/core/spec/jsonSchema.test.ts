import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sweepJsonSchema, sweepJsonSchemaText } from '../../../src/core/spec/jsonSchema';
import { SWEEP_SCHEMAS } from '../../../src/core/spec';
import { checkJsonSchema } from './jsonSchemaCheck';
import { MINIMAL } from './specTestHelpers';

const ROOT = join(__dirname, '..', '..', '..');
const AZURE = join(ROOT, 'test', 'fixtures', 'spec', 'azure');
const schema = sweepJsonSchema();

function problems(yamlText: string): string[] {
  return checkJsonSchema(schema, parse(yamlText) as unknown);
}

describe('sweep JSON Schema', () => {
  test('the committed schemas/sweep.schema.json equals a fresh generation', () => {
    assert.equal(readFileSync(join(ROOT, 'schemas', 'sweep.schema.json'), 'utf8'), sweepJsonSchemaText(),
      'schemas/sweep.schema.json is stale: run `node --import tsx scripts/gen-json-schema.ts`');
  });

  test('every object schema of the table has a definition, with every key and its doc', () => {
    const definitions = schema.definitions as Record<string, { properties: Record<string, { description: string }> }>;
    for (const object of SWEEP_SCHEMAS) {
      const definition = definitions[object.id];
      assert.ok(definition, object.id);
      for (const key of object.keys) assert.equal(definition.properties[key.name]?.description, key.doc, `${object.id}.${key.name}`);
    }
  });

  for (const file of readdirSync(AZURE).filter((f) => /\.ya?ml$/.test(f))) {
    test(`accepts the Azure fixture ${file}`, () => {
      assert.deepEqual(problems(readFileSync(join(AZURE, file), 'utf8')), []);
    });
  }

  test('accepts the letter cases the engine accepts', () => {
    const text = MINIMAL.replace('sampling_algorithm: random', 'sampling_algorithm: Random').replace('goal: maximize', 'goal: Maximize')
      .replace('type: uniform', 'type: LogUniform') + 'early_termination:\n  type: MedianStopping\n';
    assert.deepEqual(problems(text), []);
  });

  test('rejects what the engine rejects in the table: unknown keys, missing keys, bad values, ranges', () => {
    assert.deepEqual(problems(MINIMAL), []);
    assert.deepEqual(problems(MINIMAL.replace('max_total_trials: 10', 'max_total_trial: 10')), ['$.limits: unknown key max_total_trial']);
    assert.ok(problems(MINIMAL.replace('  primary_metric: accuracy\n', '')).includes('$.objective: missing primary_metric'));
    assert.ok(problems(MINIMAL.replace('goal: maximize', 'goal: sideways')).length > 0);
    assert.ok(problems(MINIMAL.replace('max_total_trials: 10', 'max_total_trials: 0')).length > 0);
    assert.ok(problems(MINIMAL.replace('    max_value: 0.1\n', '')).includes('$.search_space.lr: missing max_value'));
    assert.ok(problems(MINIMAL.replace('  lr:', '  2lr:')).length > 0);
    assert.ok(problems(MINIMAL.replace('type: uniform', 'type: log_uniform')).length > 0);
  });
});
