/**
 * Building snippet text (the TextMate syntax VS Code and LSP clients share) for keys of the
 * schema table: `name: ${1:placeholder}`, enum choices, and nested mappings re-indented to the
 * place they are inserted.
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
 * The text inserted after `key:` for a key at column `indent`, as a snippet using tab stop
 * `tabStop`: a choice of the enum values, the schema's placeholder, or a new indented block for
 * mappings.
 */
export function valueSnippet(key: KeySchema, indent: string, tabStop: number): string {
  if (key.placeholder?.startsWith('\n')) {
    return `:${escapeSnippet(key.placeholder).replace(/\n/g, `\n${indent}`)}`;
  }
  if (key.enum && key.enum.length > 0 && key.kinds[0] === 'string') return `: ${choiceSnippet(tabStop, key.enum)}`;
  if (key.placeholder !== undefined) return `: \${${tabStop}:${escapeSnippet(key.placeholder)}}`;
  if (key.kinds[0] === 'mapping') return `:\n${indent}  \${${tabStop}}`;
  if (key.kinds[0] === 'list') return `: [\${${tabStop}}]`;
  return `: \${${tabStop}}`;
}

/** `key: value` lines for each of `keys` at column `indent`, each line starting with a newline. */
export function requiredKeyLines(keys: readonly KeySchema[], indent: string, firstTabStop: number): string {
  return keys.map((key, i) => `\n${indent}${key.name}${valueSnippet(key, indent, firstTabStop + i)}`).join('');
}
