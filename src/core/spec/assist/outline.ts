/**
 * A forgiving, line-based outline of a block-style YAML document: every `key:` line with its
 * indentation and parent. Completion runs while the user is typing, when the text is often not
 * valid YAML yet (a key without a value, a half-written line), so the cursor's place in the spec
 * is worked out from indentation alone rather than from a full parse.
 */

/** One `key: value` line (or `- key: value` list item) of the document. */
export interface OutlineEntry {
  /** Index of this entry in `Outline.entries`. */
  readonly index: number;
  /** 0-based line number. */
  readonly line: number;
  /** Column of the key (after any `- ` list marker). */
  readonly indent: number;
  readonly key: string;
  /** Offsets of the key text [keyStart, keyEnd). */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** The value written on the same line (comment removed, trimmed); '' when none. */
  readonly value: string;
  /** Offsets of `value` in the text; valueStart === valueEnd when there is no value. */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** True when the key starts a list item (`- key: value`). */
  readonly listItem: boolean;
  /** Index of the entry whose mapping holds this one; -1 at the top level. */
  readonly parent: number;
}

export interface Outline {
  readonly entries: readonly OutlineEntry[];
  /** Offset at which each line starts. */
  readonly lineStarts: readonly number[];
}

const KEY_LINE = /^( *)((?:- +)*)((?:"[^"]*"|'[^']*'|[^\s#:'"][^:#]*?))[ \t]*:(?=[ \t]|$)(.*)$/;
const BLOCK_SCALAR = /^[|>][0-9+-]*$/;

function unquote(key: string): string {
  if ((key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'"))) return key.slice(1, -1);
  return key;
}

/** The value part of a line without a trailing comment (a `#` after whitespace, outside quotes). */
function stripComment(rest: string): string {
  let quote: string | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const c = rest[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(rest[i - 1] ?? ''))) {
      return rest.slice(0, i);
    }
  }
  return rest;
}

/** Builds the outline of `text`. Lines inside block scalars (`command: |`) are skipped. */
export function buildOutline(text: string): Outline {
  const lines = text.split('\n');
  const lineStarts: number[] = [];
  const entries: OutlineEntry[] = [];
  let offset = 0;
  let blockIndent: number | undefined;
  // Open ancestors, innermost last.
  const stack: OutlineEntry[] = [];
  lines.forEach((raw, line) => {
    lineStarts.push(offset);
    const lineOffset = offset;
    offset += raw.length + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const leading = content.length - content.trimStart().length;
    if (content.trim() === '' || content.trimStart().startsWith('#')) return;
    if (blockIndent !== undefined) {
      if (leading > blockIndent) return;
      blockIndent = undefined;
    }
    const match = KEY_LINE.exec(content);
    if (!match) return;
    const [, spaces = '', dashes = '', keyText = '', after = ''] = match;
    const indent = spaces.length + dashes.length;
    const keyStart = lineOffset + indent;
    const afterStart = keyStart + keyText.length + (content.slice(indent + keyText.length).indexOf(':') + 1);
    const valueRaw = stripComment(after);
    const valueLead = valueRaw.length - valueRaw.trimStart().length;
    const value = valueRaw.trim();
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    const entry: OutlineEntry = {
      index: entries.length, line, indent, key: unquote(keyText),
      keyStart, keyEnd: keyStart + keyText.length,
      value, valueStart: afterStart + valueLead, valueEnd: afterStart + valueLead + value.length,
      listItem: dashes.length > 0,
      parent: stack[stack.length - 1]?.index ?? -1,
    };
    entries.push(entry);
    stack.push(entry);
    if (BLOCK_SCALAR.test(value)) blockIndent = indent;
  });
  return { entries, lineStarts };
}

/** The entries directly inside the mapping of `parent` (-1: the top level). */
export function childrenOf(outline: Outline, parent: number): OutlineEntry[] {
  return outline.entries.filter((e) => e.parent === parent);
}

/** The entry of `key` directly inside `parent`, the last one when repeated (as YAML loaders keep). */
export function childNamed(outline: Outline, parent: number, key: string): OutlineEntry | undefined {
  const matches = childrenOf(outline, parent).filter((e) => e.key === key);
  return matches[matches.length - 1];
}

/** The keys from the top level down to `entry` itself. */
export function pathOf(outline: Outline, entry: OutlineEntry): OutlineEntry[] {
  const path: OutlineEntry[] = [];
  let current: OutlineEntry | undefined = entry;
  while (current) {
    path.unshift(current);
    current = current.parent >= 0 ? outline.entries[current.parent] : undefined;
  }
  return path;
}

/** The entry starting on 0-based `line`, if any. */
export function entryOnLine(outline: Outline, line: number): OutlineEntry | undefined {
  return outline.entries.find((e) => e.line === line);
}

/**
 * The mapping a new key typed at column `column` of `line` would belong to: the nearest entry
 * above with a smaller indent (-1 for the top level).
 */
export function parentForColumn(outline: Outline, line: number, column: number): number {
  let candidate: OutlineEntry | undefined;
  for (const entry of outline.entries) {
    if (entry.line >= line) break;
    candidate = entry;
  }
  while (candidate && candidate.indent >= column) {
    candidate = candidate.parent >= 0 ? outline.entries[candidate.parent] : undefined;
  }
  return candidate?.index ?? -1;
}

/** 0-based line and column of an offset. */
export function lineColumnOf(outline: Outline, offset: number): { line: number; column: number } {
  let low = 0;
  let high = outline.lineStarts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((outline.lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, column: offset - (outline.lineStarts[low] ?? 0) };
}

/**
 * The document's indentation step in spaces: the most common indent difference between a key
 * and the mapping that holds it (list items excluded: their key column includes the `- `).
 * 2 when the document does not show one yet. Inserted text nests by this step, so completions
 * match a 2-space or 4-space document.
 */
export function indentUnitOf(outline: Outline): number {
  const counts = new Map<number, number>();
  for (const entry of outline.entries) {
    const parent = entry.parent >= 0 ? outline.entries[entry.parent] : undefined;
    if (!parent || entry.listItem || parent.listItem) continue;
    const step = entry.indent - parent.indent;
    if (step > 0 && step <= 8) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}
