/**
 * Which schema of the table (schema.ts) governs a mapping of the outline: walks from the sweep
 * job down the keys, following each key's `object`, a map's `entries`, and a nested choice's
 * options (`values:` list items of a choice), and picks the variant from the mapping's own `type`.
 */
import { normaliseCase } from '../caseRules';
import { keysFor, objectSchema } from '../schema';
import type { KeySchema, ObjectSchema } from '../schemaTypes';
import { childNamed, type Outline, type OutlineEntry } from './outline';

/** The schema of one mapping, the variant its `type` selects, and the keys it may hold. */
export interface MappingSchema {
  readonly schema: ObjectSchema;
  readonly variant?: string;
  readonly keys: readonly KeySchema[];
}

/** The discriminator value written in mapping `parent`, normalised by the schema's case rule. */
function variantOf(outline: Outline, parent: number, schema: ObjectSchema): string | undefined {
  const discriminator = schema.discriminator;
  if (!discriminator) return undefined;
  const entry = childNamed(outline, parent, discriminator.key);
  const raw = entry?.value.replace(/^["']|["']$/g, '');
  if (!raw) return discriminator.defaultVariant;
  const normalised = normaliseCase(raw, discriminator.caseRule);
  return discriminator.variants.some((v) => v.value === normalised) ? normalised : undefined;
}

function describe(outline: Outline, parent: number, schema: ObjectSchema): MappingSchema {
  const variant = variantOf(outline, parent, schema);
  return variant !== undefined ? { schema, variant, keys: keysFor(schema, variant) } : { schema, keys: keysFor(schema, undefined) };
}

/** The schema of the mapping whose value is that of `owner` (the key `owner` opens), if known. */
export function schemaInside(outline: Outline, owner: OutlineEntry, ownerMapping: MappingSchema): MappingSchema | undefined {
  const key = ownerMapping.keys.find((k) => k.name === owner.key);
  if (key?.object) return describe(outline, owner.index, objectSchema(key.object));
  if (!key && ownerMapping.schema.entries?.object) return describe(outline, owner.index, objectSchema(ownerMapping.schema.entries.object));
  return undefined;
}

/**
 * The schema of mapping `parent` (-1: the sweep job). List items under a choice's `values` are
 * nested-choice options; their parent in the outline is the `values` key.
 */
export function schemaOfMapping(outline: Outline, parent: number): MappingSchema | undefined {
  if (parent < 0) return describe(outline, -1, objectSchema('sweep'));
  const owner = outline.entries[parent];
  if (!owner) return undefined;
  const ownerMapping = schemaOfMapping(outline, owner.parent);
  if (!ownerMapping) return undefined;
  if (owner.key === 'values' && ownerMapping.schema.id === 'distribution') {
    return describe(outline, owner.index, objectSchema('nested_option'));
  }
  return schemaInside(outline, owner, ownerMapping);
}

/** The schema of the key `entry` in its mapping, or undefined for free names and unknown keys. */
export function keySchemaOf(outline: Outline, entry: OutlineEntry): KeySchema | undefined {
  return schemaOfMapping(outline, entry.parent)?.keys.find((k) => k.name === entry.key);
}
