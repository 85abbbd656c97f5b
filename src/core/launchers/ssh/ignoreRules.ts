/**
 * The subset of `.gitignore` syntax a code snapshot honours (the rules Azure ML applies to
 * `.amlignore`): comments, blank lines, `*`, `?`, `**`, `[...]`, a trailing `/` for folders only,
 * a leading or middle `/` anchoring the pattern to the folder of the ignore file, and `!` to
 * re-include. The last matching rule wins; a folder that is excluded is not entered, so nothing
 * beneath it can be re-included (as in git).
 */

interface Rule {
  readonly regex: RegExp;
  readonly negate: boolean;
  readonly dirOnly: boolean;
}

export interface IgnoreRules {
  /** True when `relPath` (posix separators, relative to the code folder) is excluded. */
  ignores(relPath: string, isDir: boolean): boolean;
}

/** Parses the text of an ignore file at the root of the code folder. */
export function parseIgnoreFile(text: string): IgnoreRules {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line === '') continue;
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    const body = globToRegex(line);
    rules.push({ regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`), negate, dirOnly });
  }
  return {
    ignores(relPath: string, isDir: boolean): boolean {
      let ignored = false;
      for (const rule of rules) {
        if (rule.dirOnly && !isDir) continue;
        if (rule.regex.test(relPath)) ignored = !rule.negate;
      }
      return ignored;
    },
  };
}

/** A glob as a regular expression body (no anchors); `/` is never matched by `*` or `?`. */
function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i] ?? '';
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const slashAfter = glob[i + 2] === '/';
        if (atStart && slashAfter) {
          out += '(?:.*/)?';
          i += 3;
          continue;
        }
        if (atStart && i + 2 === glob.length) {
          out += '.*';
          i += 2;
          continue;
        }
      }
      out += '[^/]*';
      i += 1;
    } else if (c === '?') {
      out += '[^/]';
      i += 1;
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        i += 1;
        continue;
      }
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      out += `[${cls.replaceAll('\\', '\\\\')}]`;
      i = end + 1;
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1] ?? '');
      i += 2;
    } else {
      out += escapeRegex(c);
      i += 1;
    }
  }
  return out;
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
