/**
 * `completionsAt`: what may be typed at a position of a sweep spec, as plain records an editor
 * turns into its own completion items. It offers the keys valid in the mapping at the cursor
 * (from the schema table), the values of enum keys, each `type` variant with its required keys
 * as a snippet, search-space/input/output names after `${{search_space.` etc., and for
 * `primary_metric` the metric names earlier sweeps of the spec reported (passed in by the caller,
 * which reads the journals), and the HyperSweep snippets where they fit (specSnippets.ts).
 *
 * Each key is offered once, and in a mapping with a `type` only the keys of that type (without a
 * `type` yet: the common keys and one `type: X` item per variant). Inserted text is exact,
 * indentation included (snippetText.ts), in the document's own indentation step.
 */
import type { KeySchema } from '../schemaTypes';
import { keyDetail, keyMarkdown, variantMarkdown } from './keyDocs';
import { buildOutline, childNamed, childrenOf, entryOnLine, indentUnitOf, lineColumnOf, parentForColumn, type Outline, type OutlineEntry } from './outline';
import { schemaOfMapping, type MappingSchema } from './schemaAt';
import { escapeSnippet, keysToInsert, requiredKeyLines, valueSnippet } from './snippetText';
import { SPEC_SNIPPETS, snippetText, type SnippetPlace } from './specSnippets';

export type AssistCompletionKind = 'key' | 'value' | 'variant' | 'name' | 'metric' | 'snippet';

/**
 * One completion: `insertText` replaces the text in `range` (0-based offsets, end exclusive).
 * It is the exact text to insert: lines after the first carry their full indentation, so the
 * editor must not re-indent it.
 */
export interface AssistCompletion {
  readonly label: string;
  readonly kind: AssistCompletionKind;
  /** Short text shown next to the label. */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** True when `insertText` uses snippet syntax (tab stops, choices). */
  readonly snippet: boolean;
  readonly range: { readonly start: number; readonly end: number };
  /** Orders items: required keys before optional ones. */
  readonly sortText?: string;
  /** What the editor filters on, when not the label (snippets: their prefix). */
  readonly filterText?: string;
}

/** What the caller knows beyond the text. */
export interface CompletionExtras {
  /** Metric names reported by earlier sweeps of this spec, offered for `primary_metric`. */
  readonly metricNames?: readonly string[];
}

const PLACEHOLDER_PREFIX = /\$\{\{\s*(search_space|inputs|outputs)\.([A-Za-z0-9_]*)$/;
const KEY_PREFIX = /^(\s*)(?:-\s+)*([A-Za-z0-9_$]*)$/;

function wordEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_$]/.test(text[end] ?? '')) end += 1;
  return end;
}

function placeholderNames(text: string, offset: number, outline: Outline, match: RegExpExecArray): AssistCompletion[] {
  const [, section = '', partial = ''] = match;
  const owner = childNamed(outline, -1, section);
  if (!owner) return [];
  const end = wordEnd(text, offset);
  const closing = text.startsWith('}}', end) ? '' : '}}';
  return childrenOf(outline, owner.index).map((entry) => {
    const type = childNamed(outline, entry.index, 'type')?.value;
    return {
      label: entry.key,
      kind: 'name',
      detail: type ? `${section}: ${type}` : section,
      insertText: `${entry.key}${closing}`,
      snippet: false,
      range: { start: offset - partial.length, end },
    };
  });
}

function valueCompletions(text: string, offset: number, outline: Outline, entry: OutlineEntry, extras: CompletionExtras): AssistCompletion[] {
  const mapping = schemaOfMapping(outline, entry.parent);
  const key = mapping?.keys.find((k) => k.name === entry.key);
  if (!mapping || !key) return [];
  const range = { start: entry.valueStart, end: Math.max(entry.valueEnd, offset) };
  const lead = text[range.start - 1] === ':' ? ' ' : '';
  const discriminator = mapping.schema.discriminator;
  if (discriminator && discriminator.key === key.name) {
    const present = new Set(childrenOf(outline, entry.parent).map((e) => e.key));
    const indent = ' '.repeat(entry.indent);
    const unit = ' '.repeat(indentUnitOf(outline));
    return discriminator.variants.map((variant) => ({
      label: variant.value,
      kind: 'variant',
      detail: `${mapping.schema.title} type`,
      documentation: variantMarkdown(variant, mapping.schema),
      insertText: lead + escapeSnippet(variant.value) + requiredKeyLines(keysToInsert(variant.keys, present), indent, 1, unit),
      snippet: true,
      range,
    }));
  }
  if (key.enum) {
    return key.enum.map((value) => ({
      label: value, kind: 'value', detail: key.name, documentation: keyMarkdown(key, mapping.schema),
      insertText: lead + value, snippet: false, range,
    }));
  }
  if (key.name === 'primary_metric' && mapping.schema.id === 'objective') {
    return (extras.metricNames ?? []).map((name) => ({
      label: name, kind: 'metric', detail: 'reported by an earlier sweep of this spec',
      insertText: lead + name, snippet: false, range,
    }));
  }
  return [];
}

function keyItem(key: KeySchema, mapping: MappingSchema, indent: string, unit: string, range: AssistCompletion['range'], withValue: boolean): AssistCompletion {
  return {
    label: key.name,
    kind: 'key',
    detail: keyDetail(key),
    documentation: keyMarkdown(key, mapping.schema),
    insertText: withValue ? `${escapeSnippet(key.name)}${valueSnippet(key, indent, 1, unit)}` : escapeSnippet(key.name),
    snippet: true,
    range,
    sortText: `${key.required ? '0' : '1'}_${key.name}`,
  };
}

function keyCompletions(text: string, offset: number, outline: Outline, line: number, match: RegExpExecArray): AssistCompletion[] {
  const partial = match[2] ?? '';
  const column = (match[0] ?? '').length - partial.length;
  const existing = entryOnLine(outline, line);
  const parent = existing ? existing.parent : parentForColumn(outline, line, column);
  const mapping = schemaOfMapping(outline, parent);
  if (!mapping) return [];
  const present = new Set(childrenOf(outline, parent).filter((e) => e !== existing).map((e) => e.key));
  const range = { start: offset - partial.length, end: wordEnd(text, offset) };
  const indent = ' '.repeat(column);
  const unit = ' '.repeat(indentUnitOf(outline));
  const withValue = existing === undefined;
  const discriminator = mapping.schema.discriminator;
  // Without a (valid) `type` only the common keys are known to belong; the variants' own keys
  // come with the `type: X` items below. Variants share keys, so keep each name once.
  const candidates = discriminator && mapping.variant === undefined ? mapping.schema.keys : mapping.keys;
  // The bare `type` key is left out where the `type: X` items (which bring their keys) are offered.
  const variantItems = discriminator !== undefined && withValue && !present.has(discriminator.key);
  const seen = new Set<string>(variantItems ? [discriminator.key] : []);
  const items = candidates
    .filter((key) => !key.readOnly && !present.has(key.name) && !seen.has(key.name) && seen.add(key.name))
    .map((key) => keyItem(key, mapping, indent, unit, range, withValue));
  if (variantItems) {
    for (const variant of discriminator.variants) {
      const required = keysToInsert(variant.keys, present);
      items.push({
        label: `${discriminator.key}: ${variant.value}`,
        kind: 'variant',
        detail: `${mapping.schema.title} with its required keys`,
        documentation: variantMarkdown(variant, mapping.schema),
        insertText: `${discriminator.key}: ${escapeSnippet(variant.value)}${requiredKeyLines(required, indent, 1, unit)}`,
        snippet: true,
        range,
        sortText: `0_${discriminator.key}_${variant.value}`,
      });
    }
  }
  if (withValue) items.push(...snippetItems(snippetPlaces(outline, parent, mapping, existing), indent, unit, range));
  return items;
}

/** Where the HyperSweep snippets fit in mapping `parent`. */
function snippetPlaces(outline: Outline, parent: number, mapping: MappingSchema, existing: OutlineEntry | undefined): Set<SnippetPlace> {
  const places = new Set<SnippetPlace>();
  if (mapping.schema.entries?.object === 'distribution') places.add('parameter');
  if (parent < 0) {
    const topLevel = childrenOf(outline, -1).filter((e) => e !== existing);
    if (topLevel.length === 0) places.add('empty-spec');
    if (!topLevel.some((e) => e.key === 'early_termination')) places.add('policy');
  }
  return places;
}

function snippetItems(places: ReadonlySet<SnippetPlace>, indent: string, unit: string, range: AssistCompletion['range']): AssistCompletion[] {
  return SPEC_SNIPPETS.filter((s) => places.has(s.place)).map((s) => ({
    label: s.label,
    kind: 'snippet',
    detail: s.description,
    insertText: snippetText(s, indent, unit),
    snippet: true,
    range,
    sortText: `2_${s.label}`,
    filterText: s.prefix,
  }));
}

/**
 * The completions at `offset` (0-based) of `text`. Never throws; returns [] where nothing fits
 * (inside a free-form value, a comment, or a mapping of user-chosen names).
 */
export function completionsAt(text: string, offset: number, extras: CompletionExtras = {}): AssistCompletion[] {
  const outline = buildOutline(text);
  const { line, column } = lineColumnOf(outline, offset);
  const lineStart = outline.lineStarts[line] ?? 0;
  const before = text.slice(lineStart, lineStart + column);
  if (before.includes('#') && /(^|\s)#/.test(before)) return [];

  const placeholder = PLACEHOLDER_PREFIX.exec(before);
  if (placeholder) return placeholderNames(text, offset, outline, placeholder);

  const entry = entryOnLine(outline, line);
  if (entry) {
    const colon = text.indexOf(':', entry.keyEnd);
    if (offset > colon) return valueCompletions(text, offset, outline, entry, extras);
  }
  const keyPrefix = KEY_PREFIX.exec(before);
  if (keyPrefix) return keyCompletions(text, offset, outline, line, keyPrefix);
  return [];
}
