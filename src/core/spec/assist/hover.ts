/**
 * `hoverAt`: what the key or value under the cursor means, in markdown. Key docs come from the
 * schema table; a search-space parameter also shows the values it produces (a loguniform's real
 * range e^min..e^max with numbers, quantiles), and `sampling_algorithm: grid` shows the grid
 * size. The numbers come from the engine's own reading of the search space, so the hover says
 * exactly what a run would do.
 */
import { SpecContext } from '../context';
import { parseSpecYaml } from '../parse';
import { readDistribution, readSearchSpace } from '../searchSpace';
import type { YamlEntry, YamlNode } from '../yamlTree';
import { gridSize } from '../../space/cardinality';
import { describeDistribution, shortNumber } from './distributionSummary';
import { keyMarkdown, variantMarkdown } from './keyDocs';
import { buildOutline, entryOnLine, lineColumnOf, pathOf, type Outline, type OutlineEntry } from './outline';
import { schemaOfMapping } from './schemaAt';

/** Markdown for the token at an offset, and the offsets of that token. */
export interface AssistHover {
  readonly markdown: string;
  readonly range: { readonly start: number; readonly end: number };
}

function entryIn(node: YamlNode | undefined, key: string): YamlEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  return [...node.entries].reverse().find((e) => e.key === key);
}

function parameterSummary(text: string, name: string): string | undefined {
  const parsed = parseSpecYaml(text);
  const entry = entryIn(entryIn(parsed.root, 'search_space')?.value, name);
  if (!entry) return undefined;
  const ctx = new SpecContext(text, parsed.positions);
  const distribution = readDistribution(ctx, entry.value, `\`search_space.${name}\``, entry.keySpan);
  return distribution ? `\`${name}\`: ${describeDistribution(distribution)}` : undefined;
}

function gridSummary(text: string): string | undefined {
  const parsed = parseSpecYaml(text);
  const space = entryIn(parsed.root, 'search_space');
  if (!space) return undefined;
  const ctx = new SpecContext(text, parsed.positions);
  const read = readSearchSpace(ctx, space.value, space.keySpan);
  if (!read || read.parameters.length === 0) return undefined;
  const size = gridSize(read);
  if (size === Infinity) return 'The grid is infinite: grid sampling needs every parameter to be a `choice` (or `randint`).';
  const factors = read.parameters.map((p) => (p.distribution.type === 'choice' ? p.distribution.values.length : p.distribution.type === 'randint' ? p.distribution.upper : 0));
  const limit = entryIn(entryIn(parsed.root, 'limits')?.value, 'max_total_trials')?.value;
  const max = limit?.kind === 'scalar' && typeof limit.value === 'number' ? limit.value : undefined;
  const runs = max !== undefined && max < size ? ` Only the first ${shortNumber(max)} run (\`max_total_trials\`).` : '';
  return `**Grid size: ${size}** (${factors.join(' × ')}).${runs}`;
}

function samplingType(outline: Outline, path: readonly OutlineEntry[]): string | undefined {
  const top = path[0];
  if (top?.key !== 'sampling_algorithm') return undefined;
  if (top.value) return top.value.toLowerCase();
  const type = outline.entries.find((e) => e.parent === top.index && e.key === 'type');
  return type?.value.toLowerCase();
}

function describeEntry(outline: Outline, entry: OutlineEntry, onValue: boolean): string | undefined {
  const mapping = schemaOfMapping(outline, entry.parent);
  if (!mapping) return undefined;
  const discriminator = mapping.schema.discriminator;
  if (onValue && discriminator?.key === entry.key && mapping.variant !== undefined) {
    const variant = discriminator.variants.find((v) => v.value === mapping.variant);
    if (variant) return variantMarkdown(variant, mapping.schema);
  }
  const key = mapping.keys.find((k) => k.name === entry.key);
  if (key) return keyMarkdown(key, mapping.schema);
  if (mapping.schema.entries) return `**${entry.key}** in \`${mapping.schema.title}\`\n\n${mapping.schema.entries.doc}`;
  return undefined;
}

/** The hover at `offset` (0-based) of `text`, or undefined when there is nothing to say. */
export function hoverAt(text: string, offset: number): AssistHover | undefined {
  const outline = buildOutline(text);
  const entry = entryOnLine(outline, lineColumnOf(outline, offset).line);
  if (!entry) return undefined;
  const onKey = offset >= entry.keyStart && offset <= entry.keyEnd;
  const onValue = entry.value !== '' && offset >= entry.valueStart && offset <= entry.valueEnd;
  if (!onKey && !onValue) return undefined;
  const range = onKey ? { start: entry.keyStart, end: entry.keyEnd } : { start: entry.valueStart, end: entry.valueEnd };

  const parts: string[] = [];
  const doc = describeEntry(outline, entry, onValue);
  if (doc) parts.push(doc);
  const path = pathOf(outline, entry);
  const parameter = path[0]?.key === 'search_space' ? path[1] : undefined;
  if (parameter) {
    const summary = parameterSummary(text, parameter.key);
    if (summary) parts.push(summary);
  }
  if (samplingType(outline, path) === 'grid') {
    const summary = gridSummary(text);
    if (summary) parts.push(summary);
  }
  return parts.length > 0 ? { markdown: parts.join('\n\n---\n\n'), range } : undefined;
}
