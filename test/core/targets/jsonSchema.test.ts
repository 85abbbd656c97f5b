import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetsJsonSchema, targetsJsonSchemaText } from '../../../src/core/targets/jsonSchema';
import { TARGET_SCHEMAS } from '../../../src/core/targets';

const ROOT = join(__dirname, '..', '..', '..');

describe('targets JSON Schema', () => {
  test('the committed schemas/targets.schema.json equals a fresh generation', () => {
    assert.equal(readFileSync(join(ROOT, 'schemas', 'targets.schema.json'), 'utf8'), targetsJsonSchemaText(),
      'schemas/targets.schema.json is stale: run `npm run gen:schema`');
  });

  test('every key of the table is in its definition with its doc; local may omit type, other targets may not', () => {
    const schema = targetsJsonSchema();
    const definitions = schema.definitions as Record<string, { properties: Record<string, { description: string }>; required?: string[] }>;
    for (const object of TARGET_SCHEMAS.filter((s) => s.id !== 'file')) {
      const definition = definitions[object.id];
      assert.ok(definition, object.id);
      for (const key of object.keys) assert.equal(definition.properties[key.name]?.description, key.doc, `${object.id}.${key.name}`);
    }
    assert.equal(definitions.localTarget?.required, undefined);
    assert.deepEqual(definitions.target?.required, ['type']);
    assert.deepEqual(definitions.ssh?.required, ['type', 'hosts']);
  });

  test('package.json contributes it for hypersweep.targets.yaml', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
    assert.ok(pkg.contributes.yamlValidation.some((v) => v.url === './schemas/targets.schema.json' && v.fileMatch.includes('hypersweep.targets.yaml')));
  });
});
