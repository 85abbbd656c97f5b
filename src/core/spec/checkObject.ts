/**
 * The table-driven part of validation: checks one YAML mapping against an ObjectSchema of
 * schema.ts (unknown keys, missing keys, value kinds, enum values with their case rules, and
 * simple numeric ranges), reporting each problem once. Builders then read the accepted fields.
 */
import type { DiagnosticFix } from './diagnostics';
import { describeValue, numberOf, type SpecContext } from './context';
import { normaliseCase } from './caseRules';
import { keysFor } from './schema';
import type { KeySchema, ObjectSchema, ValueKind } from './schemaTypes';
import { nearest } from './suggest';
import type { Span, YamlEntry, YamlMap, YamlNode } from './yamlTree';

export interface CheckedObject {
  readonly node: YamlMap;
  /** Normalised discriminator value, when the schema has one and it is valid. */
  readonly variant?: string;
  /** Accepted entries by key (unknown and read-only keys excluded). */
  readonly fields: ReadonlyMap<string, YamlEntry>;
  /** Normalised enum values by key, for keys whose value passed. */
  readonly enums: ReadonlyMap<string, string>;
  /** Keys whose value failed a check; builders skip them. */
  readonly invalid: ReadonlySet<string>;
}

/** Where an object sits, for messages and for the range of missing-key diagnostics. */
export interface ObjectPlace {
  /** E.g. "`limits`", "`search_space.lr`", "the sweep job". */
  readonly label: string;
  /** The key that owns the object, if any. */
  readonly keySpan?: Span;
}

const KIND_NAMES: Record<ValueKind, string> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean',
  null: 'empty', mapping: 'a mapping', list: 'a list',
};

/** Whether a node has one of the kinds. Integer keys also take decimal strings, as marshmallow does. */
export function matchesKind(node: YamlNode, kind: ValueKind): boolean {
  if (kind === 'mapping') return node.kind === 'map';
  if (kind === 'list') return node.kind === 'seq';
  if (node.kind !== 'scalar') return false;
  const value = node.value;
  switch (kind) {
    case 'null': return value === null;
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': {
      const number = numberOf(node, true);
      return number !== undefined && Number.isInteger(number);
    }
  }
}

/** "`x` must be an integer, got string \"ten\"" for a value of the wrong kind. */
export function kindMessage(name: string, kinds: readonly ValueKind[], node: YamlNode): string {
  const wanted = kinds.filter((k) => k !== 'null').map((k) => KIND_NAMES[k]);
  const list = wanted.length <= 1 ? (wanted[0] ?? 'empty') : `${wanted.slice(0, -1).join(', ')} or ${wanted[wanted.length - 1] ?? ''}`;
  return `\`${name}\` must be ${list}, got ${describeValue(node)}`;
}

export function insertKeyFix(ctx: SpecContext, map: YamlMap, key: KeySchema): DiagnosticFix | undefined {
  const first = map.entries[0];
  if (map.flow || !first) return undefined;
  const lineStart = ctx.positions.lineStart(first.keySpan.start);
  const indent = ctx.text.slice(lineStart, first.keySpan.start);
  if (!/^[ ]*$/.test(indent)) return undefined;
  const placeholder = (key.placeholder ?? '""').replace(/\n/g, `\n${indent}`);
  const separator = placeholder.startsWith('\n') ? ':' : ': ';
  const newText = `${indent}${key.name}${separator}${placeholder}\n`;
  return { title: `Add \`${key.name}\``, edits: [{ range: ctx.positions.range(lineStart, lineStart), newText }] };
}

/** Checks one value against its key schema; true when it passed. */
export function checkValue(ctx: SpecContext, entry: YamlEntry, key: KeySchema, place: ObjectPlace, enums?: Map<string, string>): boolean {
  const node = entry.value;
  if (!key.kinds.some((kind) => matchesKind(node, kind))) {
    ctx.report('error', 'wrong-type', kindMessage(key.name, key.kinds, node), node.span.end > node.span.start ? node.span : entry.keySpan);
    return false;
  }
  if (key.enum && node.kind === 'scalar' && typeof node.value === 'string') {
    const normalised = normaliseCase(node.value, key.caseRule ?? 'exact');
    if (!key.enum.includes(normalised)) {
      const suggestion = nearest(normalised, key.enum);
      const expected = key.enum.map((v) => `\`${v}\``).join(', ');
      const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
      const fix = suggestion ? ctx.replaceFix(`Replace with \`${suggestion}\``, node.span, suggestion) : undefined;
      ctx.report('error', 'invalid-value', `Invalid value \`${node.value}\` for \`${key.name}\` in ${place.label}; expected one of ${expected}.${hint}`, node.span, fix);
      return false;
    }
    enums?.set(key.name, normalised);
  }
  const number = numberOf(node, key.kinds.includes('integer'));
  if (number !== undefined && (key.kinds.includes('number') || key.kinds.includes('integer'))) {
    let problem: string | undefined;
    if (key.minimum !== undefined && number < key.minimum) problem = `at least ${key.minimum}`;
    else if (key.maximum !== undefined && number > key.maximum) problem = `at most ${key.maximum}`;
    else if (key.exclusiveMinimum !== undefined && number <= key.exclusiveMinimum) problem = `greater than ${key.exclusiveMinimum}`;
    if (problem) {
      ctx.report('error', 'out-of-range', `\`${key.name}\` must be ${problem}, got ${String(number)}.`, node.span);
      return false;
    }
  }
  return true;
}

function unknownKeyMessage(key: string, place: ObjectPlace, suggestion: string | undefined): string {
  if (key === 'exclude_finished_jobs') {
    return `Unknown key \`${key}\` in ${place.label}; the Azure ML CLI rejects it too (it appears only in the docs). Finished trials always stay in the comparison.`;
  }
  return suggestion ? `Unknown key \`${key}\` in ${place.label}; did you mean \`${suggestion}\`?` : `Unknown key \`${key}\` in ${place.label}.`;
}

/**
 * Checks a mapping against a schema. Returns undefined (after reporting) when the node is not a
 * mapping at all.
 */
export function checkObject(ctx: SpecContext, node: YamlNode, schema: ObjectSchema, place: ObjectPlace): CheckedObject | undefined {
  if (node.kind !== 'map') {
    const span = node.span.end > node.span.start ? node.span : (place.keySpan ?? node.span);
    ctx.report('error', 'wrong-type', `${place.label.startsWith('`') ? place.label : 'The sweep spec'} must be a mapping, got ${describeValue(node)}.`, span);
    return undefined;
  }
  const enums = new Map<string, string>();
  const invalid = new Set<string>();
  const fields = new Map<string, YamlEntry>();

  let variant: string | undefined;
  let variantKnown = true;
  const discriminator = schema.discriminator;
  if (discriminator) {
    const entry = lastEntry(node, discriminator.key);
    const typeKey = schema.keys.find((k) => k.name === discriminator.key);
    if (entry && typeKey) {
      if (checkValue(ctx, entry, typeKey, place, enums)) variant = enums.get(discriminator.key);
      else invalid.add(discriminator.key);
      variantKnown = variant !== undefined;
    } else {
      variant = discriminator.defaultVariant;
      variantKnown = variant !== undefined;
    }
  }

  const allowed = keysFor(schema, variant);
  const allowedNames = allowed.filter((k) => !k.readOnly).map((k) => k.name);
  for (const entry of node.entries) {
    const key = allowed.find((k) => k.name === entry.key);
    if (!key) {
      if (schema.open || schema.entries) continue;
      // With an unknown `type` every variant's keys are allowed, so nothing is reported twice.
      const suggestion = nearest(entry.key, allowedNames);
      const fix = suggestion && entry.key !== 'exclude_finished_jobs'
        ? ctx.replaceFix(`Replace with \`${suggestion}\``, entry.keySpan, suggestion)
        : undefined;
      if (variantKnown || !discriminator) ctx.report('error', 'unknown-key', unknownKeyMessage(entry.key, place, suggestion), entry.keySpan, fix);
      continue;
    }
    if (key.readOnly) continue;
    fields.set(entry.key, entry);
    if (discriminator && key.name === discriminator.key) continue;
    if (!checkValue(ctx, entry, key, place, enums)) invalid.add(entry.key);
  }

  // With an unknown variant only the common keys can be known to be required.
  for (const key of variantKnown ? allowed : schema.keys) {
    if (!key.required || fields.has(key.name)) continue;
    if (discriminator && key.name === discriminator.key && discriminator.defaultVariant) continue;
    const span = place.keySpan ?? { start: node.span.start, end: node.span.start };
    ctx.report('error', 'missing-key', `Missing required key \`${key.name}\` in ${place.label}.`, span, insertKeyFix(ctx, node, key));
    invalid.add(key.name);
  }
  return variant !== undefined ? { node, variant, fields, enums, invalid } : { node, fields, enums, invalid };
}

/** The last entry with this key (PyYAML keeps the last of duplicated keys). */
export function lastEntry(map: YamlMap, key: string): YamlEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i -= 1) {
    const entry = map.entries[i];
    if (entry?.key === key) return entry;
  }
  return undefined;
}

/** The accepted, valid value of a key, or undefined. */
export function validField(checked: CheckedObject, key: string): YamlNode | undefined {
  if (checked.invalid.has(key)) return undefined;
  return checked.fields.get(key)?.value;
}
