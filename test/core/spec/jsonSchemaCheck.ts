/**
 * A small JSON Schema (draft-07 subset) checker for the schema HyperSweep generates: type, enum,
 * const, pattern, minimum/maximum/exclusiveMinimum, properties, required, additionalProperties,
 * propertyNames, anyOf, allOf, if/then, $ref to #/definitions. It returns the paths that fail.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { readonly [key: string]: unknown };

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: throw new Error(`checker does not know type ${type}`);
  }
}

const KNOWN = new Set(['$schema', 'title', 'description', 'markdownDescription', 'definitions', 'type', 'enum', 'const', 'pattern',
  'minimum', 'maximum', 'exclusiveMinimum', 'properties', 'required', 'additionalProperties', 'propertyNames', 'anyOf', 'allOf', 'if', 'then', '$ref']);

/** Problems of `value` against `schema` (empty when it is valid). */
export function checkJsonSchema(root: Schema, value: unknown, schema: Schema = root, path = '$'): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`checker does not support ${key}`);
  const problems: string[] = [];
  const sub = (s: unknown, v: unknown, p: string): string[] => checkJsonSchema(root, v, s as Schema, p);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    problems.push(...sub((root.definitions as Record<string, Schema>)[name], value, path));
  }
  if (typeof schema.type === 'string' && !typeMatches(schema.type, value)) return [...problems, `${path}: not ${schema.type}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as Json)) problems.push(`${path}: not in enum`);
  if ('const' in schema && schema.const !== value) problems.push(`${path}: not ${String(schema.const)}`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) problems.push(`${path}: does not match ${schema.pattern}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${path}: above maximum`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) problems.push(`${path}: not above exclusiveMinimum`);
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => sub(s, value, path).length === 0)) problems.push(`${path}: matches no alternative`);
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) problems.push(...sub(s, value, path));
  if (schema.if && sub(schema.if, value, path).length === 0 && schema.then) problems.push(...sub(schema.then, value, path));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) problems.push(`${path}: missing ${name}`);
    for (const [name, item] of Object.entries(object)) {
      if (schema.propertyNames) problems.push(...sub(schema.propertyNames, name, `${path}.${name}(name)`));
      const declared = properties[name];
      if (declared) problems.push(...sub(declared, item, `${path}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${path}: unknown key ${name}`);
      else if (typeof schema.additionalProperties === 'object') problems.push(...sub(schema.additionalProperties, item, `${path}.${name}`));
    }
  }
  return problems;
}
