/**
 * A small declarative option parser for the `hypersweep` commands: each command declares its flags
 * once, and the same table drives parsing, `--help` and the "unknown option" error. Kept in-house
 * because the CLI needs only long/short flags, values, and positionals, with exact error texts.
 */

export type FlagKind = 'boolean' | 'string' | 'integer';

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly kind: FlagKind;
  /** Shown in `--help` after the flag, e.g. `N` for `-n N`. */
  readonly valueName?: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** e.g. `FILE...` */
  readonly usage: string;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  /** Minimum and maximum number of positional arguments. */
  readonly positionals: { readonly min: number; readonly max: number };
}

export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | number | boolean>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/** A mistake on the command line: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', kind: 'boolean', description: 'show this help' };

function findFlag(spec: CommandSpec, token: string): FlagSpec | undefined {
  const all = [...spec.flags, HELP_FLAG];
  if (token.startsWith('--')) return all.find((f) => f.name === token.slice(2));
  return all.find((f) => f.short !== undefined && f.short === token.slice(1));
}

function convert(spec: CommandSpec, flag: FlagSpec, raw: string): string | number {
  if (flag.kind === 'string') return raw;
  if (!/^-?\d+$/.test(raw)) {
    throw new UsageError(`option --${flag.name} of \`hypersweep ${spec.name}\` needs an integer, got "${raw}"`);
  }
  return Number.parseInt(raw, 10);
}

/** Parses `argv` (after the command name) against the command's flag table. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | number | boolean>();
  const positionals: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (onlyPositionals || !token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = eq >= 0 ? token.slice(0, eq) : token;
    const flag = findFlag(spec, name);
    if (!flag) {
      throw new UsageError(`unknown option ${name} for \`hypersweep ${spec.name}\``);
    }
    if (flag.kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${flag.name} takes no value`);
      flags.set(flag.name, true);
      continue;
    }
    const raw = eq >= 0 ? token.slice(eq + 1) : argv[++i];
    if (raw === undefined) {
      throw new UsageError(`option ${name} of \`hypersweep ${spec.name}\` needs a value (${flag.valueName ?? 'VALUE'})`);
    }
    flags.set(flag.name, convert(spec, flag, raw));
  }
  const help = flags.get('help') === true;
  if (!help) {
    if (positionals.length < spec.positionals.min) {
      throw new UsageError(`\`hypersweep ${spec.name}\` needs ${spec.usage}`);
    }
    if (positionals.length > spec.positionals.max) {
      throw new UsageError(`\`hypersweep ${spec.name}\` takes ${spec.usage}, got ${positionals.length} arguments`);
    }
  }
  return { flags, positionals, help };
}

/** The text printed by `hypersweep COMMAND --help`. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`usage: hypersweep ${spec.name} ${spec.usage}`.trimEnd(), '', spec.summary, '', 'options:'];
  const rows = [...spec.flags, HELP_FLAG].map((f) => {
    const value = f.kind === 'boolean' ? '' : ` ${f.valueName ?? 'VALUE'}`;
    const names = f.short ? `-${f.short}, --${f.name}${value}` : `    --${f.name}${value}`;
    return [names, f.description] as const;
  });
  const width = Math.max(...rows.map(([n]) => n.length));
  for (const [names, description] of rows) lines.push(`  ${names.padEnd(width)}  ${description}`);
  return lines.join('\n') + '\n';
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function integerFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}
