/** Command-line arguments of `npm run bench`. */

/** What the user asked for. */
export interface BenchArgs {
  /** Print one JSON document instead of the table. */
  readonly json: boolean;
  /** Run only the groups whose name contains one of these (all groups when empty). */
  readonly filters: readonly string[];
  /** Print usage and the group list, run nothing. */
  readonly help: boolean;
}

/** The arguments could not be understood; the message says what to write instead. */
export class BenchArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchArgsError';
  }
}

/** Usage text for `--help` and for argument errors. */
export function usage(groupNames: readonly string[]): string {
  return [
    'usage: npm run bench -- [--json] [filter ...]',
    '  --json     print machine-readable results (one JSON document) instead of the table',
    '  filter     run only groups whose name contains it (several allowed)',
    `  groups:    ${groupNames.join(', ')}`,
  ].join('\n');
}

/** Parses `argv` (without node and the script path). Throws `BenchArgsError` on an unknown option. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let json = false;
  let help = false;
  const filters: string[] = [];
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg.startsWith('-')) throw new BenchArgsError(`unknown option ${arg}; the options are --json and --help`);
    else if (arg.trim() !== '') filters.push(arg.toLowerCase());
  }
  return { json, filters, help };
}

/**
 * The groups `filters` select, in their original order. Throws `BenchArgsError` when a filter
 * matches no group, so a typo does not silently run nothing.
 */
export function selectGroups<G extends { readonly name: string }>(groups: readonly G[], filters: readonly string[]): G[] {
  if (filters.length === 0) return [...groups];
  const unmatched = filters.filter((f) => !groups.some((g) => g.name.toLowerCase().includes(f)));
  if (unmatched.length > 0) {
    throw new BenchArgsError(`no benchmark group matches ${unmatched.map((f) => `"${f}"`).join(', ')}; the groups are ${groups.map((g) => g.name).join(', ')}`);
  }
  return groups.filter((g) => filters.some((f) => g.name.toLowerCase().includes(f)));
}
