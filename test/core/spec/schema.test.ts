import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DISTRIBUTION_TYPES, SWEEP_SCHEMAS, camelToSnake, objectSchema, type ObjectId } from '../../../src/core/spec';

describe('the schema table', () => {
  const ids = new Set<ObjectId>(SWEEP_SCHEMAS.map((s) => s.id));
  const allKeys = SWEEP_SCHEMAS.flatMap((s) => [...s.keys, ...(s.discriminator?.variants.flatMap((v) => v.keys) ?? [])]);

  test('every referenced object schema exists and every key has a doc paragraph', () => {
    for (const key of allKeys) {
      if (key.object) assert.ok(ids.has(key.object), `${key.name} -> ${key.object}`);
      assert.ok(key.doc.length > 10, `doc of ${key.name}`);
      assert.ok(key.kinds.length > 0, `kinds of ${key.name}`);
    }
    for (const schema of SWEEP_SCHEMAS) {
      if (schema.entries?.object) assert.ok(ids.has(schema.entries.object));
    }
  });

  test('enum values are written in their normalised form', () => {
    for (const key of allKeys) {
      for (const value of key.enum ?? []) {
        if (key.caseRule === 'lower') assert.equal(value, value.toLowerCase());
        if (key.caseRule === 'camel_to_snake') assert.equal(value, camelToSnake(value));
      }
    }
  });

  test('every distribution of the model has a variant, and the top level covers azureml-sweep.md §1.1', () => {
    const variants = objectSchema('distribution').discriminator?.variants.map((v) => v.value);
    assert.deepEqual(variants, [...DISTRIBUTION_TYPES]);
    const top = objectSchema('sweep').keys.map((k) => k.name);
    for (const name of ['$schema', 'type', 'name', 'display_name', 'experiment_name', 'description', 'tags', 'properties', 'compute', 'identity',
      'inputs', 'outputs', 'sampling_algorithm', 'search_space', 'objective', 'limits', 'early_termination', 'trial', 'queue_settings',
      'resources', 'services', 'id', 'status', 'creation_context', 'log_files']) {
      assert.ok(top.includes(name), name);
    }
  });

  test('grid and bayesian sampling objects take only `type`', () => {
    const variants = objectSchema('sampling_algorithm').discriminator?.variants ?? [];
    assert.deepEqual(variants.map((v) => [v.value, v.keys.map((k) => k.name)]), [
      ['random', ['seed', 'rule', 'logbase']], ['grid', []], ['bayesian', []],
    ]);
  });
});
