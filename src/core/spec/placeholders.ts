/**
 * Finds the placeholders of a `trial.command` (azureml-sweep.md §5.1): `${{search_space.x}}`,
 * `${{inputs.x}}`, `${{outputs.x}}`, with optional inner whitespace, the deprecated single-brace
 * form `{search_space.x}`, and Azure's optional-argument brackets `[ --flag ${{inputs.x}} ]`
 * that disappear when the input is absent.
 *
 * Offsets are 0-based UTF-16 indices into the command string (end exclusive), so the validator can
 * turn them into source ranges and the renderer can splice values in.
 */

export type PlaceholderKind = 'search_space' | 'inputs' | 'outputs';

export interface Placeholder {
  readonly kind: PlaceholderKind;
  /** The key after the dot, e.g. `lr` for `${{search_space.lr}}`. */
  readonly name: string;
  /** Offset of the first character (`$` or `{`). */
  readonly start: number;
  /** Offset just past the closing brace(s). */
  readonly end: number;
  /** True for the deprecated single-brace form `{search_space.x}`; the validator warns. */
  readonly legacy: boolean;
  /**
   * True when the placeholder sits inside an optional-argument bracket that holds an
   * `inputs` placeholder (see {@link findOptionalGroups}): a missing input there is no error.
   */
  readonly optional: boolean;
}

/** An optional-argument bracket `[ ... ${{inputs.x}} ... ]` (no nested brackets). */
export interface OptionalGroup {
  /** Offset of `[`. */
  readonly start: number;
  /** Offset just past `]`. */
  readonly end: number;
  /** Placeholders inside the brackets, in order. */
  readonly placeholders: readonly Placeholder[];
}

// The kinds and the key pattern follow the SDK's binding regexes (`[\w.-]+`), which is wider than
// the input-key rule so a key with a typo is still found and reported by name.
const MODERN = /\$\{\{\s*(search_space|inputs|outputs)\.([\w.-]+)\s*\}\}/g;
// Single braces not preceded or followed by another brace, as the SDK's rewrite requires, so the
// inner `{...}` of a `${{...}}` placeholder is never taken for a legacy one.
const LEGACY = /(?<!\{)\{\s*(search_space|inputs|outputs)\.([\w.-]+)\s*\}(?!\})/g;
// A bracket pair with no bracket inside; it is an optional group only if it holds an input.
const BRACKETS = /\[[^[\]]*\]/g;

/** Placeholders without the `optional` flag, in order of position. */
function scanPlaceholders(command: string): Omit<Placeholder, 'optional'>[] {
  const found: Omit<Placeholder, 'optional'>[] = [];
  for (const [pattern, legacy] of [[MODERN, false], [LEGACY, true]] as const) {
    for (const match of command.matchAll(pattern)) {
      const kind = match[1] as PlaceholderKind;
      const name = match[2] ?? '';
      const start = match.index;
      found.push({ kind, name, start, end: start + match[0].length, legacy });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function groupsOf(command: string, placeholders: readonly Omit<Placeholder, 'optional'>[]): { start: number; end: number }[] {
  const groups: { start: number; end: number }[] = [];
  for (const match of command.matchAll(BRACKETS)) {
    const start = match.index;
    const end = start + match[0].length;
    const holdsInput = placeholders.some((p) => p.kind === 'inputs' && p.start > start && p.end < end);
    if (holdsInput) groups.push({ start, end });
  }
  return groups;
}

/** Every placeholder of `command`, in order of position. */
export function findPlaceholders(command: string): Placeholder[] {
  const raw = scanPlaceholders(command);
  const groups = groupsOf(command, raw);
  return raw.map((p) => ({ ...p, optional: groups.some((g) => p.start > g.start && p.end < g.end) }));
}

/**
 * The optional-argument brackets of `command`: a `[...]` without nested brackets that contains at
 * least one `inputs` placeholder. When such an input is absent the whole bracket is dropped;
 * when all are present only the two bracket characters are.
 */
export function findOptionalGroups(command: string): OptionalGroup[] {
  const placeholders = findPlaceholders(command);
  return groupsOf(command, placeholders).map((g) => ({
    ...g,
    placeholders: placeholders.filter((p) => p.start > g.start && p.end < g.end),
  }));
}
