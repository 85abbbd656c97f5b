/**
 * Finds the command-line options of a training script, so "New Sweep Spec" can guess a search
 * space. Python `argparse` (`add_argument`) and `click` (`@click.option`) calls are read with
 * their type, default and choices; for other scripts (or Python without those calls) every
 * `--flag` written in the source is taken as an option of unknown type. It is a guess the user
 * edits, never executed code.
 */

export type OptionType = 'float' | 'int' | 'string' | 'bool' | 'unknown';

export interface ScriptOption {
  /** As written, e.g. `--learning-rate`. */
  readonly flag: string;
  /** A search-space name: an identifier (`learning_rate`). */
  readonly name: string;
  readonly type: OptionType;
  /** The default as written in the source (e.g. `0.01`, `"adam"`), without quotes. */
  readonly default?: string;
  readonly choices?: readonly string[];
  /** False for on/off flags (`action="store_true"`, `is_flag=True`) that take no value. */
  readonly takesValue: boolean;
}

export type ScriptLanguage = 'python' | 'javascript' | 'shell';

/** The language of a script by file name, or undefined when it is not one HyperSweep can scan. */
export function scriptLanguage(fileName: string): ScriptLanguage | undefined {
  if (/\.py$/i.test(fileName)) return 'python';
  if (/\.(m|c)?js$/i.test(fileName)) return 'javascript';
  if (/\.(sh|bash)$/i.test(fileName)) return 'shell';
  return undefined;
}

const CALL_START = /\b(?:add_argument|click\.option|option)\s*\(/g;
const FLAG = /^--[A-Za-z][A-Za-z0-9_-]*$/;

/** The text between the `(` at `open` and its matching `)`, skipping strings. */
function callArguments(source: string, open: number): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < source.length; i += 1) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return undefined;
}

/** Splits call arguments at top-level commas. */
function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < args.length; i += 1) {
    const c = args[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(args.slice(start).trim());
  return parts.filter((p) => p !== '');
}

function unquote(text: string): string {
  const t = text.trim();
  const match = /^[rbuf]*(["'])(.*)\1$/is.exec(t);
  return match ? (match[2] ?? '') : t;
}

/** `learning-rate` -> `learning_rate`; names that cannot be identifiers get a leading `_`. */
export function identifierFor(flagName: string): string {
  const name = flagName.replace(/^-+/, '').replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

function typeOf(value: string | undefined): OptionType | undefined {
  switch (value?.trim()) {
    case 'float': return 'float';
    case 'int': return 'int';
    case 'str': return 'string';
    case 'bool': return 'bool';
    default: return undefined;
  }
}

function typeOfDefault(value: string | undefined): OptionType {
  if (value === undefined) return 'unknown';
  if (/^[+-]?\d+$/.test(value)) return 'int';
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?e[+-]?\d+)$/i.test(value)) return 'float';
  if (value === 'True' || value === 'False') return 'bool';
  return 'string';
}

function parseCall(args: string): ScriptOption | undefined {
  const parts = splitArguments(args);
  const flags = parts.filter((p) => !/^\w+\s*=/.test(p)).map(unquote).filter((f) => FLAG.test(f));
  const flag = flags.find((f) => f.startsWith('--'));
  if (!flag) return undefined;
  const kwargs = new Map<string, string>();
  for (const part of parts) {
    const match = /^(\w+)\s*=\s*([\s\S]*)$/.exec(part);
    if (match?.[1] && match[2] !== undefined) kwargs.set(match[1], match[2].trim());
  }
  const action = unquote(kwargs.get('action') ?? '');
  const takesValue = !/^store_(true|false|const)$|^count$/.test(action) && kwargs.get('is_flag') !== 'True';
  const rawDefault = kwargs.get('default');
  const defaultValue = rawDefault === undefined || rawDefault === 'None' ? undefined : unquote(rawDefault);
  const choicesText = kwargs.get('choices');
  const choices = choicesText && /^[[(]/.test(choicesText) ? splitArguments(choicesText.slice(1, -1)).map(unquote) : undefined;
  const dest = kwargs.get('dest');
  const type = typeOf(kwargs.get('type')) ?? (takesValue ? typeOfDefault(defaultValue) : 'bool');
  return {
    flag,
    name: identifierFor(dest ? unquote(dest) : flag),
    type,
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...(choices && choices.length > 0 ? { choices } : {}),
    takesValue,
  };
}

function declaredOptions(source: string): ScriptOption[] {
  const found: ScriptOption[] = [];
  for (const match of source.matchAll(CALL_START)) {
    const open = (match.index ?? 0) + match[0].length - 1;
    const args = callArguments(source, open);
    const option = args === undefined ? undefined : parseCall(args);
    if (option) found.push(option);
  }
  return found;
}

function mentionedFlags(source: string): ScriptOption[] {
  const found: ScriptOption[] = [];
  for (const match of source.matchAll(/(?<![\w-])--([A-Za-z][A-Za-z0-9_-]*)/g)) {
    const flag = `--${match[1] ?? ''}`;
    found.push({ flag, name: identifierFor(flag), type: 'unknown', takesValue: true });
  }
  return found;
}

/** The options of a script, in source order, one per search-space name. `--help` is left out. */
export function scanScriptOptions(source: string, language: ScriptLanguage): ScriptOption[] {
  const declared = language === 'python' ? declaredOptions(source) : [];
  const options = declared.length > 0 ? declared : mentionedFlags(source);
  const seen = new Set<string>();
  return options.filter((o) => {
    if (o.flag === '--help' || seen.has(o.name)) return false;
    seen.add(o.name);
    return true;
  });
}
