/**
 * Building snippet text (the TextMate syntax VS Code and LSP clients share) for keys of the
 * schema table: `name: ${1:placeholder}`, enum choices, and nested mappings indented for the
 * place they are inserted.
 *
 * Indentation is absolute: every line after the first carries the full indentation it must have
 * in the document (the mapping's column, plus one indentation step of the document per level).
 * Editors must insert the text as is (VS Code: `keepWhitespace`); re-indenting it against the
 * cursor line would indent it twice, and an editor set to indent with tabs would put tabs into
 * YAML, which forbids them as indentation.
 */
import type { KeySchema } from '../schemaTypes';

/** Literal text inside a snippet: `$`, `}` and `\` must be escaped. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function choiceSnippet(tabStop: number, values: readonly string[]): string {
  return `\${${tabStop}|${values.map((v) => v.replace(/[\\,|]/g, (c) => `\\${c}`)).join(',')}|}`;
}

/**
 * Re-indents text written with a 2-space step: each line after the first gets `indent` plus
 * `unit` per 2 leading spaces it had. Lines keep any extra odd space.
 */
export function reindent(text: string, indent: string, unit: string): string {
  return text.replace(/\n( *)/g, (_match, spaces: string) => `\n${indent}${unit.repeat(Math.floor(spaces.length / 2))}${' '.repeat(spaces.length % 2)}`);
}

/**
 * The text inserted after `key:` for a key at column `indent`, as a snippet using tab stop
 * `tabStop`: a choice of the enum values, the schema's placeholder, or a new indented block for
 * mappings (one `unit` deeper).
 */
export function valueSnippet(key: KeySchema, indent: string, tabStop: number, unit: string): string {
  if (key.placeholder?.startsWith('\n')) return `:${reindent(escapeSnippet(key.placeholder), indent, unit)}`;
  if (key.enum && key.enum.length > 0 && key.kinds[0] === 'string') return `: ${choiceSnippet(tabStop, key.enum)}`;
  if (key.placeholder !== undefined) return `: \${${tabStop}:${escapeSnippet(key.placeholder)}}`;
  if (key.kinds[0] === 'mapping') return `:\n${indent}${unit}\${${tabStop}}`;
  if (key.kinds[0] === 'list') return `: [\${${tabStop}}]`;
  return `: \${${tabStop}}`;
}

/** `key: value` lines for each of `keys` at column `indent`, each line starting with a newline. */
export function requiredKeyLines(keys: readonly KeySchema[], indent: string, firstTabStop: number, unit: string): string {
  return keys.map((key, i) => `\n${indent}${key.name}${valueSnippet(key, indent, firstTabStop + i, unit)}`).join('');
}

/** The keys a variant inserts: its required ones and its suggested ones, minus those written. */
export function keysToInsert(keys: readonly KeySchema[], present: ReadonlySet<string>): KeySchema[] {
  return keys.filter((k) => !present.has(k.name)
    && (k.required === true || (k.suggested !== undefined && !k.suggested.unlessPresent.some((other) => present.has(other)))));
}
