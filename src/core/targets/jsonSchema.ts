/**
 * A JSON Schema (draft-07) of `hypersweep.targets.yaml`, generated from the targets key table
 * (schema.ts) for editors such as the Red Hat YAML extension. Key docs and ranges come from the
 * table; the value shapes the table cannot say (gpus as `auto` or ids, host strings, env names)
 * are added here. Cross-key rules (slots with gpus, duplicate hosts) are left to the validator.
 */
import type { JsonSchema } from '../spec/jsonSchema';
import type { KeySchema } from '../spec/schemaTypes';
import { ENV_NAME, TARGET_NAME } from './names';
import { TARGET_SCHEMAS, TARGET_TYPES, targetSchema, type TargetObjectSchema } from './schema';

/** Host strings: `alias`, `user@host`, `user@host:port` (never starting with `-`). */
const HOST_PATTERN = '^(?:[A-Za-z0-9_][A-Za-z0-9._-]*@)?(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9_][A-Za-z0-9._-]*)(?::\\d{1,5})?$';
const GPU_PATTERN = '^(\\d+|GPU-[0-9A-Fa-f-]+|MIG-[A-Za-z0-9/-]+)$';

function valueSchema(key: KeySchema): JsonSchema {
  switch (key.name) {
    case 'gpus':
      return { anyOf: [{ enum: ['auto'] }, { type: 'array', minItems: 1, items: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: GPU_PATTERN }] } }] };
    case 'hosts':
      return { type: 'array', minItems: 1, items: { anyOf: [{ type: 'string', pattern: HOST_PATTERN }, { $ref: '#/definitions/host' }] } };
    case 'host':
    case 'login':
      return { type: 'string', pattern: HOST_PATTERN };
    case 'env':
      return { type: 'object', propertyNames: { pattern: ENV_NAME.source }, additionalProperties: { type: ['string', 'number', 'boolean'] } };
    case 'sbatch_args':
      return { type: 'array', items: { type: 'string' } };
    case 'type':
      return { enum: [...TARGET_TYPES] };
    default:
      break;
  }
  const kind = key.kinds[0];
  if (kind === 'integer') return { type: 'integer', ...(key.minimum !== undefined ? { minimum: key.minimum } : {}) };
  if (kind === 'mapping') return { type: 'object' };
  if (kind === 'list') return { type: 'array' };
  return { type: 'string' };
}

function objectDefinition(schema: TargetObjectSchema, typeOptional = false): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const key of schema.keys) properties[key.name] = { ...valueSchema(key), description: key.doc, markdownDescription: key.doc };
  const required = schema.keys.filter((k) => k.required && !(typeOptional && k.name === 'type')).map((k) => k.name);
  return {
    type: 'object', description: schema.doc, markdownDescription: schema.doc,
    properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false,
  };
}

/** The whole JSON Schema of a targets file. */
export function targetsJsonSchema(): JsonSchema {
  const file = targetSchema('file');
  const targetsKey = file.keys[0];
  const variant = (type: string): JsonSchema => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: { $ref: `#/definitions/${type}` },
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'HyperSweep execution targets (hypersweep.targets.yaml)',
    description: 'Generated from the HyperSweep targets table (src/core/targets/schema.ts); do not edit by hand.',
    type: 'object',
    properties: {
      targets: {
        type: 'object',
        description: targetsKey?.doc ?? '', markdownDescription: targetsKey?.doc ?? '',
        propertyNames: { pattern: TARGET_NAME.source },
        properties: { local: { $ref: '#/definitions/localTarget' } },
        additionalProperties: { $ref: '#/definitions/target' },
      },
    },
    required: ['targets'],
    additionalProperties: false,
    definitions: {
      target: {
        type: 'object',
        description: 'A target: `type` selects local, ssh or slurm.',
        properties: { type: { enum: [...TARGET_TYPES], description: 'local, ssh or slurm.' } },
        required: ['type'],
        allOf: TARGET_TYPES.map(variant),
      },
      localTarget: objectDefinition(targetSchema('local'), true),
      ...Object.fromEntries(TARGET_SCHEMAS.filter((s) => s.id !== 'file' && s.id !== 'target').map((s) => [s.id, objectDefinition(s)])),
    },
  };
}

/** The committed file's text: two-space JSON with a final newline. */
export function targetsJsonSchemaText(): string {
  return `${JSON.stringify(targetsJsonSchema(), null, 2)}\n`;
}
