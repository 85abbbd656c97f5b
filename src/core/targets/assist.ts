/**
 * Completion and hover for `hypersweep.targets.yaml`, the way the spec assist does it
 * (src/core/spec/assist): a forgiving line outline finds the mapping at the cursor, the targets key
 * table (schema.ts) says which keys and values fit there and what they mean. Host aliases (from
 * the user's ssh config, read by the caller) are offered where a host is written.
 */
import type { AssistCompletion, AssistHover } from '../spec/assist';
import { keyDetail } from '../spec/assist/keyDocs';
import { buildOutline, childNamed, childrenOf, entryOnLine, indentUnitOf, lineColumnOf, parentForColumn, type Outline, type OutlineEntry } from '../spec/assist/outline';
import { escapeSnippet, requiredKeyLines, valueSnippet } from '../spec/assist/snippetText';
import type { KeySchema } from '../spec/schemaTypes';
import { LOCAL_TARGET_NAME } from './model';
import { TARGET_TYPES, anyTargetKeys, targetSchema, type TargetObjectSchema } from './schema';

export interface TargetsAssistExtras {
  /** `Host` aliases of the user's ssh config, offered for `host:` and `hosts:`. */
  readonly hostAliases?: readonly string[];
}

interface Mapping {
  readonly title: string;
  readonly keys: readonly KeySchema[];
  readonly schema?: TargetObjectSchema;
}

const KEY_PREFIX = /^(\s*)(?:-\s+)*([A-Za-z0-9_$]*)$/;

function wordEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_$]/.test(text[end] ?? '')) end += 1;
  return end;
}

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, '');
}

/** The mapping `parent` (-1: the file) as the key table sees it, if it has fixed keys. */
function mappingOf(outline: Outline, parent: number): Mapping | undefined {
  if (parent < 0) return { title: 'the targets file', keys: targetSchema('file').keys, schema: targetSchema('file') };
  const owner = outline.entries[parent];
  if (!owner) return undefined;
  const grand = owner.parent >= 0 ? outline.entries[owner.parent] : undefined;
  if (grand?.key === 'targets' && grand.parent < 0) {
    const type = unquote(childNamed(outline, owner.index, 'type')?.value ?? '');
    const known = (TARGET_TYPES as readonly string[]).includes(type) ? (type as 'local' | 'ssh' | 'slurm') : undefined;
    const id = known ?? (owner.key === LOCAL_TARGET_NAME ? 'local' : undefined);
    if (id) return { title: `target \`${owner.key}\``, keys: targetSchema(id).keys, schema: targetSchema(id) };
    return { title: `target \`${owner.key}\``, keys: anyTargetKeys() };
  }
  if (owner.key === 'hosts' && grand?.key === 'targets') return undefined;
  if (owner.key === 'hosts') return { title: 'a host', keys: targetSchema('host').keys, schema: targetSchema('host') };
  return undefined;
}

function keyMarkdown(key: KeySchema, title: string): string {
  const lines = [`**${key.name}** (${keyDetail(key)}) in ${title}`, '', key.doc];
  if (key.enum) lines.push('', `Values: ${key.enum.map((v) => `\`${v}\``).join(', ')}.`);
  return lines.join('\n');
}

function typeMarkdown(type: string): string {
  const schema = targetSchema(type as 'local' | 'ssh' | 'slurm');
  const required = schema.keys.filter((k) => k.required && k.name !== 'type').map((k) => `\`${k.name}\``);
  return [`**${type}** target`, '', schema.doc, ...(required.length > 0 ? ['', `Requires ${required.join(', ')}.`] : [])].join('\n');
}

function valueCompletions(text: string, offset: number, outline: Outline, entry: OutlineEntry, extras: TargetsAssistExtras): AssistCompletion[] {
  const mapping = mappingOf(outline, entry.parent);
  const range = { start: entry.valueStart, end: Math.max(entry.valueEnd, offset) };
  const lead = text[range.start - 1] === ':' ? ' ' : '';
  if (mapping && entry.key === 'type' && mapping.keys.some((k) => k.name === 'type')) {
    const present = new Set(childrenOf(outline, entry.parent).map((e) => e.key));
    const indent = ' '.repeat(entry.indent);
    return TARGET_TYPES.map((type) => ({
      label: type, kind: 'variant' as const, detail: 'target type', documentation: typeMarkdown(type),
      insertText: lead + type + requiredKeyLines(targetSchema(type).keys.filter((k) => k.required && k.name !== 'type' && !present.has(k.name)), indent, 1, ' '.repeat(indentUnitOf(outline))),
      snippet: true, range,
    }));
  }
  const aliases = extras.hostAliases ?? [];
  if (entry.key === 'host' || entry.key === 'login') {
    return aliases.map((alias) => ({ label: alias, kind: 'value' as const, detail: 'ssh config Host', insertText: lead + alias, snippet: false, range }));
  }
  if (entry.key === 'hosts' && mapping) {
    return aliases.map((alias) => ({ label: alias, kind: 'value' as const, detail: 'ssh config Host', insertText: `${lead}[${alias}]`, snippet: false, range }));
  }
  const key = mapping?.keys.find((k) => k.name === entry.key);
  if (key?.enum && mapping) {
    return key.enum.map((value) => ({ label: value, kind: 'value' as const, detail: key.name, documentation: keyMarkdown(key, mapping.title), insertText: lead + value, snippet: false, range }));
  }
  return [];
}

function keyCompletions(text: string, offset: number, outline: Outline, line: number, match: RegExpExecArray): AssistCompletion[] {
  const partial = match[2] ?? '';
  const column = (match[0] ?? '').length - partial.length;
  const existing = entryOnLine(outline, line);
  const parent = existing ? existing.parent : parentForColumn(outline, line, column);
  const mapping = mappingOf(outline, parent);
  if (!mapping) return [];
  const present = new Set(childrenOf(outline, parent).filter((e) => e !== existing).map((e) => e.key));
  const range = { start: offset - partial.length, end: wordEnd(text, offset) };
  const indent = ' '.repeat(column);
  const unit = ' '.repeat(indentUnitOf(outline));
  const withValue = existing === undefined;
  return mapping.keys.filter((key) => !present.has(key.name)).map((key) => ({
    label: key.name,
    kind: 'key' as const,
    detail: keyDetail(key),
    documentation: keyMarkdown(key, mapping.title),
    insertText: withValue ? `${escapeSnippet(key.name)}${valueSnippet(key, indent, 1, unit)}` : escapeSnippet(key.name),
    snippet: true,
    range,
    sortText: `${key.required ? '0' : '1'}_${key.name}`,
  }));
}

/** Completions at `offset` (0-based) of a targets file's text. Never throws. */
export function targetsCompletionsAt(text: string, offset: number, extras: TargetsAssistExtras = {}): AssistCompletion[] {
  const outline = buildOutline(text);
  const { line, column } = lineColumnOf(outline, offset);
  const lineStart = outline.lineStarts[line] ?? 0;
  const before = text.slice(lineStart, lineStart + column);
  if (/(^|\s)#/.test(before)) return [];
  const entry = entryOnLine(outline, line);
  if (entry && offset > text.indexOf(':', entry.keyEnd)) return valueCompletions(text, offset, outline, entry, extras);
  const keyPrefix = KEY_PREFIX.exec(before);
  return keyPrefix ? keyCompletions(text, offset, outline, line, keyPrefix) : [];
}

/** The hover at `offset` (0-based) of a targets file's text, or undefined. */
export function targetsHoverAt(text: string, offset: number): AssistHover | undefined {
  const outline = buildOutline(text);
  const entry = entryOnLine(outline, lineColumnOf(outline, offset).line);
  if (!entry) return undefined;
  const onKey = offset >= entry.keyStart && offset <= entry.keyEnd;
  const onValue = entry.value !== '' && offset >= entry.valueStart && offset <= entry.valueEnd;
  if (!onKey && !onValue) return undefined;
  const range = onKey ? { start: entry.keyStart, end: entry.keyEnd } : { start: entry.valueStart, end: entry.valueEnd };
  const parent = entry.parent >= 0 ? outline.entries[entry.parent] : undefined;
  if (parent?.key === 'targets' && parent.parent < 0 && onKey) {
    const type = unquote(childNamed(outline, entry.index, 'type')?.value ?? (entry.key === LOCAL_TARGET_NAME ? 'local' : ''));
    const about = (TARGET_TYPES as readonly string[]).includes(type) ? `\n\n${typeMarkdown(type)}` : '';
    return { markdown: `**${entry.key}**: an execution target. A spec runs on it with \`compute: ${entry.key}\` (or \`azureml:${entry.key}\`), or \`hypersweep run --target ${entry.key}\`.${about}`, range };
  }
  const mapping = mappingOf(outline, entry.parent);
  if (!mapping) return undefined;
  if (onValue && entry.key === 'type' && (TARGET_TYPES as readonly string[]).includes(unquote(entry.value))) return { markdown: typeMarkdown(unquote(entry.value)), range };
  const key = mapping.keys.find((k) => k.name === entry.key);
  return key ? { markdown: keyMarkdown(key, mapping.title), range } : undefined;
}
