/**
 * Reads `search_space` into the model: each parameter's distribution is checked against the
 * table (schema.ts) and then for the cross-key rules of decisions.md "Spec file": uniform bounds
 * strictly increasing, log bounds non-decreasing, a choice with at least one value. Nested
 * (mapping) choice options are read recursively; the YAML tree is already depth-limited.
 */
import type { DiagnosticFix } from './diagnostics';
import { checkObject, kindMessage, validField, type CheckedObject } from './checkObject';
import { describeValue, numberOf, type SpecContext } from './context';
import { normaliseCase } from './caseRules';
import type { ChoiceOption, Constant, Distribution, NestedEntry, Parameter, SearchSpace } from './model';
import { objectSchema } from './schema';
import type { Span, YamlNode } from './yamlTree';

/** Names of search-space keys, inputs and outputs (Azure SDK rule). */
export const IDENTIFIER = /^[a-zA-Z_]+[a-zA-Z0-9_]*$/;

/** Largest sensible upper exponent of a log distribution: e^20 is about 4.9e8. */
const RAW_LOG_MAX = 20;

function shortNumber(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/**
 * Bounds of a log distribution "look raw" when min_value > 0 and either min_value < 1 (a typical
 * learning rate such as 0.001 written as is) or max_value > 20 (e^20 is larger than any usual
 * hyperparameter, e.g. a batch size 16..256 written as is). Such bounds are almost always values
 * meant as the range itself, not natural-log exponents.
 */
export function boundsLookRaw(min: number, max: number): boolean {
  return min > 0 && (min < 1 || max > RAW_LOG_MAX);
}

function checkLogBounds(ctx: SpecContext, label: string, type: string, min: number, max: number, minNode: YamlNode, maxNode: YamlNode): void {
  if (!boundsLookRaw(min, max)) return;
  const lnMin = Number(Math.log(min).toFixed(4));
  const lnMax = Number(Math.log(max).toFixed(4));
  const message =
    `\`${type}\` bounds of ${label} are natural-log exponents: values fall in e^${String(min)}..e^${String(max)} = ` +
    `${shortNumber(Math.exp(min))}..${shortNumber(Math.exp(max))}. If you meant ${String(min)}..${String(max)}, ` +
    `write min_value: ${String(lnMin)} and max_value: ${String(lnMax)}.`;
  const fix: DiagnosticFix = {
    title: 'Rewrite bounds as ln(value)',
    edits: [
      { range: ctx.range(minNode.span), newText: String(lnMin) },
      { range: ctx.range(maxNode.span), newText: String(lnMax) },
    ],
  };
  ctx.report('warning', 'loguniform-raw-bounds', message, { start: minNode.span.start, end: maxNode.span.end > minNode.span.start ? maxNode.span.end : minNode.span.end }, fix);
}

function readConstant(ctx: SpecContext, node: YamlNode, label: string): Constant | undefined {
  if (node.kind === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'boolean')) return node.value;
  if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
  ctx.report('error', 'wrong-type', `A value of ${label} must be a number, a string or a mapping, got ${describeValue(node)}.`, node.span);
  return undefined;
}

function readNestedOption(ctx: SpecContext, node: YamlNode, label: string): ChoiceOption | undefined {
  const checked = checkObject(ctx, node, objectSchema('nested_option'), { label });
  if (!checked) return undefined;
  const entries: NestedEntry[] = [];
  let ok = true;
  for (const entry of checked.node.entries) {
    const entryLabel = `\`${label.replace(/`/g, '')}.${entry.key}\``;
    if (entry.value.kind === 'map') {
      const distribution = readDistribution(ctx, entry.value, entryLabel, entry.keySpan);
      if (distribution) entries.push({ name: entry.key, value: distribution });
      else ok = false;
    } else {
      const constant = readConstant(ctx, entry.value, entryLabel);
      if (constant === undefined) ok = false;
      else entries.push({ name: entry.key, value: constant });
    }
  }
  return ok ? { kind: 'nested', entries } : undefined;
}

/**
 * What makes two choice options the same configuration: constants by type and value (-0 is 0, as
 * for duplicate trials), mappings by their entries. Repeated options would make the space look
 * bigger than it is (a sampler drawing without replacement then runs out of unseen points).
 */
function optionIdentity(option: ChoiceOption): string {
  if (typeof option === 'number') return `number:${String(option + 0)}`;
  if (typeof option !== 'object') return `${typeof option}:${String(option)}`;
  return `mapping:${JSON.stringify(option.entries, (key, value: unknown) => (key === 'range' ? undefined : value))}`;
}

function optionText(node: YamlNode, option: ChoiceOption): string {
  return typeof option === 'object' ? 'this mapping' : `\`${node.kind === 'scalar' ? node.source : String(option)}\``;
}

function readChoice(ctx: SpecContext, checked: CheckedObject, label: string, range: Distribution['range']): Distribution | undefined {
  const list = validField(checked, 'values');
  if (!list || list.kind !== 'seq') return undefined;
  if (list.items.length === 0) {
    ctx.report('error', 'out-of-range', `\`values\` of ${label} must list at least one value.`, list.span);
    return undefined;
  }
  const values: ChoiceOption[] = [];
  const firstIndex = new Map<string, number>();
  let ok = true;
  list.items.forEach((item, index) => {
    const option = item.kind === 'map'
      ? readNestedOption(ctx, item, `\`${label.replace(/`/g, '')}[${index}]\``)
      : readConstant(ctx, item, label);
    if (option === undefined) {
      ok = false;
      return;
    }
    const identity = optionIdentity(option);
    const first = firstIndex.get(identity);
    if (first !== undefined) {
      ctx.report(
        'warning', 'duplicate-choice',
        `${optionText(item, option)} repeats value ${first + 1} of ${label}: the duplicate is ignored, so every value is equally likely. Remove it or list a different value.`,
        item.span,
      );
      return;
    }
    firstIndex.set(identity, index);
    values.push(option);
    if (typeof option === 'boolean') {
      ctx.report('info', 'azure-incompatible', `Azure ML does not accept this: a boolean choice value in ${label} (Azure takes numbers and strings). HyperSweep passes it as \`${String(option)}\`.`, item.span);
    }
  });
  return ok ? { type: 'choice', values, ...(range ? { range } : {}) } : undefined;
}

/** Reads one distribution mapping; undefined (after reporting) when it is invalid. */
export function readDistribution(ctx: SpecContext, node: YamlNode, label: string, keySpan?: Span): Distribution | undefined {
  const checked = checkObject(ctx, node, objectSchema('distribution'), keySpan ? { label, keySpan } : { label });
  if (!checked || checked.variant === undefined) return undefined;
  const range = ctx.range(node.span);
  const type = checked.variant;
  if (type === 'choice') return readChoice(ctx, checked, label, range);

  const num = (key: string): number | undefined => numberOf(validField(checked, key), key === 'upper');
  if (type === 'randint') {
    const upper = num('upper');
    return upper === undefined ? undefined : { type, upper, range };
  }
  if (type === 'uniform' || type === 'loguniform' || type === 'quniform' || type === 'qloguniform') {
    const min = num('min_value');
    const max = num('max_value');
    const q = type === 'quniform' || type === 'qloguniform' ? num('q') : 1;
    if (min === undefined || max === undefined || q === undefined) return undefined;
    const strict = type === 'uniform' || type === 'quniform';
    if (strict ? min >= max : min > max) {
      const relation = strict ? 'less than' : 'at most';
      const maxNode = checked.fields.get('max_value')?.value ?? node;
      ctx.report('error', 'out-of-range', `\`min_value\` must be ${relation} \`max_value\` in ${label}, got ${String(min)} and ${String(max)}.`, maxNode.span);
      return undefined;
    }
    if (type === 'loguniform' || type === 'qloguniform') {
      const minNode = checked.fields.get('min_value')?.value;
      const maxNode = checked.fields.get('max_value')?.value;
      if (minNode && maxNode) checkLogBounds(ctx, label, type, min, max, minNode, maxNode);
    }
    if (type === 'quniform' || type === 'qloguniform') return { type, min_value: min, max_value: max, q, range };
    return { type, min_value: min, max_value: max, range };
  }
  const mu = num('mu');
  const sigma = num('sigma');
  if (mu === undefined || sigma === undefined) return undefined;
  if (type === 'qnormal' || type === 'qlognormal') {
    const q = num('q');
    return q === undefined ? undefined : { type, mu, sigma, q, range };
  }
  if (type === 'normal' || type === 'lognormal') return { type, mu, sigma, range };
  return undefined;
}

/**
 * A parameter left out of the search space because its distribution is invalid, with the type
 * it declares, so that checks independent of the failure (grid compatibility) still run.
 */
export interface RejectedParameter {
  readonly name: string;
  readonly type: string;
  readonly span: Span;
}

/** The valid, normalised `type` a distribution mapping declares, if any. */
function declaredType(node: YamlNode): string | undefined {
  if (node.kind !== 'map') return undefined;
  const typeNode = node.entries.find((e) => e.key === 'type')?.value;
  if (typeNode?.kind !== 'scalar' || typeof typeNode.value !== 'string') return undefined;
  const discriminator = objectSchema('distribution').discriminator;
  const type = normaliseCase(typeNode.value, discriminator?.caseRule ?? 'lower');
  return discriminator?.variants.some((v) => v.value === type) ? type : undefined;
}

/**
 * Reads `search_space`; parameters that fail are left out (their errors are reported) and, when
 * their type is known, listed in `rejected`.
 */
export function readSearchSpace(ctx: SpecContext, node: YamlNode, keySpan: Span, rejected: RejectedParameter[] = []): SearchSpace | undefined {
  if (node.kind !== 'map') {
    ctx.report('error', 'wrong-type', kindMessage('search_space', ['mapping'], node), node.span.end > node.span.start ? node.span : keySpan);
    return undefined;
  }
  if (node.entries.length === 0) {
    ctx.report('error', 'out-of-range', '`search_space` must define at least one parameter.', keySpan);
    return undefined;
  }
  const parameters: Parameter[] = [];
  const seen = new Set<string>();
  for (const entry of node.entries) {
    if (!IDENTIFIER.test(entry.key)) {
      ctx.report('error', 'invalid-name', `Invalid search-space key \`${entry.key}\`: a name must start with a letter or underscore and contain only letters, digits and underscores.`, entry.keySpan);
      continue;
    }
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    const distribution = readDistribution(ctx, entry.value, `\`search_space.${entry.key}\``, entry.keySpan);
    if (distribution) {
      parameters.push({ name: entry.key, distribution, range: ctx.range(entry.keySpan) });
    } else {
      const type = declaredType(entry.value);
      if (type !== undefined) rejected.push({ name: entry.key, type, span: entry.value.span });
    }
  }
  return { parameters };
}
