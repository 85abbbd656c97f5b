/**
 * Builders for what a trial runs and sees: `trial`, `inputs`, `outputs`, string maps (`tags`,
 * `properties`, `environment_variables`) and the Azure-only objects HyperSweep records without
 * acting on them (identity, resources, queue settings, services, distributed training).
 */
import { checkObject, validField } from './checkObject';
import { stringOf, type SpecContext } from './context';
import type { Constant, Input, Output, Trial } from './model';
import { objectSchema } from './schema';
import type { ObjectId } from './schemaTypes';
import { IDENTIFIER } from './searchSpace';
import type { YamlEntry, YamlNode } from './yamlTree';
import { setOwn } from '../../shared/nameRecords';

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** A YAML subtree as plain data, for objects that are recorded as written. */
export function toPlain(node: YamlNode): Plain {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const result: { [key: string]: Plain } = {};
  for (const entry of node.entries) setOwn(result, entry.key, toPlain(entry.value));
  return result;
}

/** Checks a recorded-only object against its schema and returns it as plain data. */
export function readRecorded(ctx: SpecContext, entry: YamlEntry, id: ObjectId, label: string): Readonly<Record<string, unknown>> | undefined {
  const checked = checkObject(ctx, entry.value, objectSchema(id), { label, keySpan: entry.keySpan });
  if (!checked) return undefined;
  const plain = toPlain(checked.node);
  return typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? plain : undefined;
}

/** A map of names to strings (or null where the schema allows it), e.g. `tags`. */
export function readStringMap(ctx: SpecContext, entry: YamlEntry, id: 'string_map' | 'tags', label: string): Record<string, string | null> | undefined {
  const schema = objectSchema(id);
  const checked = checkObject(ctx, entry.value, schema, { label, keySpan: entry.keySpan });
  if (!checked) return undefined;
  const result: Record<string, string | null> = {};
  const kinds = schema.entries?.kinds ?? ['string'];
  let ok = true;
  for (const item of checked.node.entries) {
    const value = item.value;
    if (value.kind === 'scalar' && typeof value.value === 'string') setOwn(result, item.key, value.value);
    else if (value.kind === 'scalar' && value.value === null && kinds.includes('null')) setOwn(result, item.key, null);
    else {
      ctx.report('error', 'wrong-type', `\`${item.key}\` in ${label} must be a string, got ${value.kind === 'scalar' ? `${typeof value.value} ${String(value.value)}` : value.kind === 'map' ? 'a mapping' : 'a list'}; quote it.`, value.span);
      ok = false;
    }
  }
  return ok ? result : undefined;
}

function checkName(ctx: SpecContext, entry: YamlEntry, what: string): boolean {
  if (IDENTIFIER.test(entry.key)) return true;
  ctx.report('error', 'invalid-name', `Invalid ${what} key \`${entry.key}\`: a name must start with a letter or underscore and contain only letters, digits and underscores.`, entry.keySpan);
  return false;
}

const LITERAL_TYPES = new Set(['string', 'integer', 'number', 'boolean']);
type DataType = Extract<Input, { kind: 'data' }>['type'];

function readInput(ctx: SpecContext, entry: YamlEntry): Input | undefined {
  const node = entry.value;
  if (node.kind === 'scalar' && node.value !== null) return { kind: 'literal', value: node.value };
  const checked = checkObject(ctx, node, objectSchema('input'), { label: `\`inputs.${entry.key}\``, keySpan: entry.keySpan });
  if (!checked || checked.invalid.size > 0) return undefined;
  const type = checked.enums.get('type');
  const literal = validField(checked, 'value') ?? validField(checked, 'default');
  if ((type === undefined || LITERAL_TYPES.has(type)) && literal?.kind === 'scalar' && literal.value !== null) {
    return { kind: 'literal', value: literal.value satisfies Constant };
  }
  if (type !== undefined && LITERAL_TYPES.has(type)) {
    ctx.report('error', 'missing-key', `Missing required key \`value\` in \`inputs.${entry.key}\` (a \`${type}\` input is a literal).`, entry.keySpan);
    return undefined;
  }
  const path = stringOf(validField(checked, 'path'));
  const mode = checked.enums.get('mode');
  return {
    kind: 'data',
    type: (type ?? 'uri_folder') as DataType,
    ...(path !== undefined ? { path } : {}),
    ...(mode !== undefined ? { mode } : {}),
  };
}

/** `inputs`: names to literals or data inputs. */
export function readInputs(ctx: SpecContext, entry: YamlEntry): Record<string, Input> | undefined {
  const checked = checkObject(ctx, entry.value, objectSchema('inputs'), { label: '`inputs`', keySpan: entry.keySpan });
  if (!checked) return undefined;
  const inputs: Record<string, Input> = {};
  let ok = true;
  for (const item of checked.node.entries) {
    const input = checkName(ctx, item, 'input') ? readInput(ctx, item) : undefined;
    if (input) setOwn(inputs, item.key, input);
    else ok = false;
  }
  return ok ? inputs : undefined;
}

/** `outputs`: names to output objects, or null for a default folder output. */
export function readOutputs(ctx: SpecContext, entry: YamlEntry): Record<string, Output | null> | undefined {
  const checked = checkObject(ctx, entry.value, objectSchema('outputs'), { label: '`outputs`', keySpan: entry.keySpan });
  if (!checked) return undefined;
  const outputs: Record<string, Output | null> = {};
  let ok = true;
  for (const item of checked.node.entries) {
    if (!checkName(ctx, item, 'output')) { ok = false; continue; }
    if (item.value.kind === 'scalar' && item.value.value === null) { setOwn(outputs, item.key, null); continue; }
    const output = checkObject(ctx, item.value, objectSchema('output'), { label: `\`outputs.${item.key}\``, keySpan: item.keySpan });
    if (!output || output.invalid.size > 0) { ok = false; continue; }
    const path = stringOf(validField(output, 'path'));
    const mode = output.enums.get('mode');
    setOwn(outputs, item.key, {
      type: output.enums.get('type') ?? 'uri_folder',
      ...(path !== undefined ? { path } : {}),
      ...(mode !== undefined ? { mode } : {}),
    });
  }
  return ok ? outputs : undefined;
}

/** `trial`, with the command's range kept for placeholder diagnostics. */
export function readTrial(ctx: SpecContext, entry: YamlEntry): Trial | undefined {
  const checked = checkObject(ctx, entry.value, objectSchema('trial'), { label: '`trial`', keySpan: entry.keySpan });
  if (!checked) return undefined;
  const commandNode = validField(checked, 'command');
  const command = stringOf(commandNode);
  if (command === undefined || !commandNode) return undefined;
  if (command.trim() === '') {
    ctx.report('error', 'out-of-range', '`command` must not be empty.', commandNode.span);
    return undefined;
  }
  let ok = checked.invalid.size === 0;
  const field = (key: string): YamlEntry | undefined => (checked.invalid.has(key) ? undefined : checked.fields.get(key));
  const environmentEntry = field('environment');
  const environment = environmentEntry
    ? (stringOf(environmentEntry.value) ?? readRecorded(ctx, environmentEntry, 'environment', '`environment`'))
    : undefined;
  const variablesEntry = field('environment_variables');
  const variables = variablesEntry ? readStringMap(ctx, variablesEntry, 'string_map', '`environment_variables`') : {};
  if (!variables) ok = false;
  const recorded = (key: string, id: ObjectId): Readonly<Record<string, unknown>> | undefined => {
    const item = field(key);
    return item ? readRecorded(ctx, item, id, `\`trial.${key}\``) : undefined;
  };
  const distribution = recorded('distribution', 'trial_distribution');
  const resources = recorded('resources', 'resources');
  recorded('queue_settings', 'queue_settings');
  const code = stringOf(field('code')?.value);
  if (!ok) return undefined;
  return {
    command,
    commandRange: ctx.range(commandNode.span),
    environment_variables: (variables ?? {}) as Record<string, string>,
    ...(environment !== undefined ? { environment } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(distribution ? { distribution } : {}),
    ...(resources ? { resources } : {}),
  };
}
