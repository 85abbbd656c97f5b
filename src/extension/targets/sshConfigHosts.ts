/**
 * The Host aliases of the user's ssh config, for Add SSH Target's pick list and host completion:
 * `Host` lines of ~/.ssh/config and of the files it `Include`s (relative paths are under ~/.ssh,
 * `*` and `?` in the last path part are expanded). Patterns (`*`, `?`, `!`) are not hosts one can
 * connect to and are left out. No `vscode` import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

const MAX_INCLUDE_DEPTH = 16;

function wildcardRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function expandInclude(path: string, sshDir: string): string[] {
  const home = homedir();
  let full = path.startsWith('~/') ? join(home, path.slice(2)) : path;
  if (!isAbsolute(full)) full = join(sshDir, full);
  const name = basename(full);
  if (!/[*?]/.test(name)) return [full];
  try {
    const regex = wildcardRegex(name);
    return readdirSync(dirname(full)).filter((f) => regex.test(f)).sort().map((f) => join(dirname(full), f));
  } catch {
    return [];
  }
}

/** Splits a config line into keyword and arguments (`Host a b`, `Host=a`, quoted words). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|([^\s=]+)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(line)) !== null) out.push(match[1] ?? match[2] ?? '');
  return out;
}

function collect(file: string, sshDir: string, depth: number, seen: Set<string>, aliases: string[]): void {
  if (depth > MAX_INCLUDE_DEPTH || seen.has(file)) return;
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [keyword = '', ...args] = words(line);
    const key = keyword.toLowerCase();
    if (key === 'include') {
      for (const arg of args) for (const included of expandInclude(arg, sshDir)) collect(included, sshDir, depth + 1, seen, aliases);
    } else if (key === 'host') {
      for (const arg of args) if (!/[*?!]/.test(arg) && !aliases.includes(arg)) aliases.push(arg);
    }
  }
}

/** Host aliases in `configFile` (default ~/.ssh/config) and its includes, in file order, once each. */
export function sshConfigHostAliases(configFile: string = join(homedir(), '.ssh', 'config')): string[] {
  const aliases: string[] = [];
  collect(configFile, join(homedir(), '.ssh'), 0, new Set(), aliases);
  return aliases;
}
