/**
 * A JSON Schema (draft-07) of the sweep spec generated from the schema table (schema.ts), for
 * editors such as the Red Hat YAML extension (`yamlValidation`). It is generated, never written
 * by hand, so it cannot drift from the validator. It is deliberately looser than the validator
 * where JSON Schema cannot say what the engine does: enum values with a case rule accept any
 * letter case (and CamelCase) through a pattern, integer keys also take decimal strings, and
 * cross-key rules (min < max, sampler/distribution combinations) are left to HyperSweep.
 */
import { SWEEP_SCHEMAS } from './schema';
import type { CaseRule, KeySchema, ObjectSchema, ValueKind } from './schemaTypes';

/** A JSON Schema node: plain JSON. */
export type JsonSchema = { readonly [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonSchema | readonly JsonValue[];

const IDENTIFIER_PATTERN = '^[a-zA-Z_]+[a-zA-Z0-9_]*$';

/** A regex accepting `value` in any letter case (and, for camel_to_snake, without underscores). */
function casePattern(value: string, rule: CaseRule): string {
  const body = [...value].map((c) => {
    if (/[a-z]/.test(c)) return `[${c}${c.toUpperCase()}]`;
    if (c === '_' && rule === 'camel_to_snake') return '_?';
    return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return `^${body}$`;
}

function stringSchema(key: KeySchema): JsonSchema {
  if (!key.enum) return { type: 'string' };
  const rule = key.caseRule ?? 'exact';
  if (rule === 'exact') return { type: 'string', enum: [...key.enum] };
  // Keep `enum` first so editors offer the canonical values; the patterns accept the other cases.
  return { anyOf: [{ enum: [...key.enum] }, ...key.enum.map((v) => ({ type: 'string', pattern: casePattern(v, rule) }))] };
}

function numberSchema(key: KeySchema, type: 'number' | 'integer'): JsonSchema {
  return {
    type,
    ...(key.minimum !== undefined ? { minimum: key.minimum } : {}),
    ...(key.maximum !== undefined ? { maximum: key.maximum } : {}),
    ...(key.exclusiveMinimum !== undefined ? { exclusiveMinimum: key.exclusiveMinimum } : {}),
  };
}

function kindSchema(kind: ValueKind, key: KeySchema): JsonSchema[] {
  switch (kind) {
    case 'string': return [stringSchema(key)];
    case 'number': return [numberSchema(key, 'number')];
    // The validator also takes an integer written as a string (`"10"`), as Azure's loader does.
    case 'integer': return [numberSchema(key, 'integer'), { type: 'string', pattern: '^[+-]?\\d+$' }];
    case 'boolean': return [{ type: 'boolean' }];
    case 'null': return [{ type: 'null' }];
    case 'list': return [{ type: 'array' }];
    case 'mapping': return [key.object ? { $ref: `#/definitions/${key.object}` } : { type: 'object' }];
  }
}

function keySchema(key: KeySchema): JsonSchema {
  const alternatives = key.kinds.flatMap((kind) => kindSchema(kind, key));
  const described = { description: key.doc, markdownDescription: key.doc };
  return alternatives.length === 1 ? { ...alternatives[0], ...described } : { anyOf: alternatives, ...described };
}

function entriesSchema(entries: NonNullable<ObjectSchema['entries']>): JsonSchema {
  return keySchema({ name: 'entry', kinds: entries.kinds, ...(entries.object ? { object: entries.object } : {}), doc: entries.doc });
}

function variantCondition(schema: ObjectSchema, value: string): JsonSchema {
  const discriminator = schema.discriminator;
  if (!discriminator) return {};
  const pattern: JsonSchema = discriminator.caseRule === 'exact' ? { const: value } : { type: 'string', pattern: casePattern(value, discriminator.caseRule) };
  return { properties: { [discriminator.key]: pattern }, required: [discriminator.key] };
}

function objectDefinition(schema: ObjectSchema): JsonSchema {
  const allKeys = [...schema.keys, ...(schema.discriminator?.variants.flatMap((v) => v.keys) ?? [])];
  const properties: Record<string, JsonSchema> = {};
  for (const key of allKeys) properties[key.name] ??= keySchema(key);
  const required = schema.keys.filter((k) => k.required && !(schema.discriminator?.key === k.name && schema.discriminator.defaultVariant)).map((k) => k.name);
  const conditions = (schema.discriminator?.variants ?? [])
    .map((variant) => ({ variant, required: variant.keys.filter((k) => k.required).map((k) => k.name) }))
    .filter((v) => v.required.length > 0)
    .map((v) => ({ if: variantCondition(schema, v.variant.value), then: { required: v.required } }));
  let additional: JsonValue = false;
  if (schema.open) additional = true;
  else if (schema.entries) additional = entriesSchema(schema.entries);
  return {
    type: 'object',
    description: schema.doc,
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: additional,
    ...(schema.entries?.identifierNames ? { propertyNames: { pattern: IDENTIFIER_PATTERN } } : {}),
    ...(conditions.length > 0 ? { allOf: conditions } : {}),
  };
}

/** The whole JSON Schema of a sweep spec, with one definition per object schema of the table. */
export function sweepJsonSchema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const schema of SWEEP_SCHEMAS) definitions[schema.id] = objectDefinition(schema);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'HyperSweep / Azure ML CLI v2 sweep job',
    description: 'Generated from the HyperSweep schema table (src/core/spec/schema.ts); do not edit by hand.',
    $ref: '#/definitions/sweep',
    definitions,
  };
}

/** The committed file's text: two-space JSON with a final newline. */
export function sweepJsonSchemaText(): string {
  return `${JSON.stringify(sweepJsonSchema(), null, 2)}\n`;
}
