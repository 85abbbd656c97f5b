/**
 * Quick fixes that remove a line or a list item of the targets file (a second `slots`, a host
 * listed twice). They are offered only where the edit is unambiguous: an entry alone on its
 * lines, or an item of a block or flow list.
 */
import type { SpecContext } from '../spec/context';
import type { DiagnosticFix } from '../spec/diagnostics';
import type { YamlEntry, YamlNode, YamlSeq } from '../spec/yamlTree';

/** The offset just after the line break ending the line that holds `offset`, if only a comment or spaces follow. */
function lineEndAfter(text: string, offset: number): number | undefined {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline + 1;
  const rest = text.slice(offset, newline < 0 ? text.length : newline);
  return /^\s*(#.*)?$/.test(rest) ? end : undefined;
}

function removal(ctx: SpecContext, title: string, start: number, end: number): DiagnosticFix {
  return { title, edits: [{ range: ctx.positions.range(start, end), newText: '' }] };
}

/** Removes `key: value` when it sits on lines of its own in a block mapping. */
export function deleteEntryFix(ctx: SpecContext, entry: YamlEntry, title: string): DiagnosticFix | undefined {
  const lineStart = ctx.positions.lineStart(entry.keySpan.start);
  if (!/^[ ]*$/.test(ctx.text.slice(lineStart, entry.keySpan.start))) return undefined;
  const end = lineEndAfter(ctx.text, Math.max(entry.value.span.end, entry.keySpan.end));
  return end === undefined ? undefined : removal(ctx, title, lineStart, end);
}

/** Removes one item of a list: its `- item` line in a block list, or `, item` in a flow list. */
export function deleteItemFix(ctx: SpecContext, list: YamlSeq, item: YamlNode, title: string): DiagnosticFix | undefined {
  if (list.flow) {
    const index = list.items.indexOf(item);
    const previous = list.items[index - 1];
    return previous ? removal(ctx, title, previous.span.end, item.span.end) : undefined;
  }
  const lineStart = ctx.positions.lineStart(item.span.start);
  if (!/^[ ]*-[ ]+$/.test(ctx.text.slice(lineStart, item.span.start))) return undefined;
  const end = lineEndAfter(ctx.text, item.span.end);
  return end === undefined ? undefined : removal(ctx, title, lineStart, end);
}
