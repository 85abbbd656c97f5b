/**
 * Markdown for one key or variant of the schema table, shared by completion and hover so both
 * say exactly the same thing.
 */
import type { KeySchema, ObjectSchema, ValueKind, VariantSchema } from '../schemaTypes';

const KIND_WORDS: Record<ValueKind, string> = {
  string: 'string', integer: 'integer', number: 'number', boolean: 'boolean', null: 'empty', mapping: 'mapping', list: 'list',
};

function bounds(key: KeySchema): string | undefined {
  const parts: string[] = [];
  if (key.minimum !== undefined) parts.push(`>= ${key.minimum}`);
  if (key.exclusiveMinimum !== undefined) parts.push(`> ${key.exclusiveMinimum}`);
  if (key.maximum !== undefined) parts.push(`<= ${key.maximum}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** A one-line summary: kinds, required or optional, numeric bounds. */
export function keyDetail(key: KeySchema): string {
  const kinds = key.kinds.map((k) => KIND_WORDS[k]).join(' | ');
  const range = bounds(key);
  const state = key.readOnly ? 'read-only, dropped' : key.required ? 'required' : 'optional';
  return `${kinds}, ${state}${range ? `, ${range}` : ''}`;
}

/** Markdown describing a key: title line, the doc paragraph, the allowed values. */
export function keyMarkdown(key: KeySchema, owner: ObjectSchema): string {
  const lines = [`**${key.name}** (${keyDetail(key)}) in \`${owner.title}\``, '', key.doc];
  if (key.enum) lines.push('', `Values: ${key.enum.map((v) => `\`${v}\``).join(', ')}${key.caseRule && key.caseRule !== 'exact' ? ' (any letter case)' : ''}.`);
  return lines.join('\n');
}

/** Markdown describing one variant of a `type` (a distribution, a policy, a sampler). */
export function variantMarkdown(variant: VariantSchema, owner: ObjectSchema): string {
  const required = variant.keys.filter((k) => k.required).map((k) => `\`${k.name}\``);
  const optional = variant.keys.filter((k) => !k.required).map((k) => `\`${k.name}\``);
  const lines = [`**${variant.value}** (${owner.title})`, '', variant.doc];
  if (variant.azure === 'hypersweep-only') lines.push('', 'HyperSweep extension: Azure ML does not accept it, so this file then runs only in HyperSweep.');
  if (required.length > 0) lines.push('', `Requires ${required.join(', ')}.`);
  if (optional.length > 0) lines.push('', `Optional: ${optional.join(', ')}.`);
  return lines.join('\n');
}
