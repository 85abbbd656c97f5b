/**
 * Follows the words of one simple command of a shell script (as the template scanner reads it)
 * to tell whether a value landing in the current word would be read as code a second time: as the
 * script of `sh -c` / `bash -c` (also behind `sudo`, `timeout`, `env`, `find -exec`, ...), as an
 * argument of `eval`, or as an arithmetic expression of `let`. Quoting a value for the outer shell
 * only makes it one literal word; the inner interpreter then parses that word again, so no outer
 * quoting can keep it inert. Such places are refused with how to pass the value instead.
 */

// Shells whose `-c` option takes a script to run.
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'busybox']);
// Shell options that take the next word as their argument (`bash -o pipefail -c ...`).
const OPTIONS_WITH_ARGUMENT = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
// A short-option cluster that includes `c`: -c, -ec, -lc, -xc, ...
const SCRIPT_OPTION = /^-[A-Za-z]*c[A-Za-z]*$/;

/** What reads the word as code, for the error message. */
export type Reevaluation = { readonly kind: 'shell-script'; readonly shell: string } | { readonly kind: 'eval' } | { readonly kind: 'let' };

/** The words of the simple command being scanned, as literal text without quote characters. */
export class SimpleCommandWords {
  private readonly words: string[] = [];
  private word = '';
  private inWord = false;

  /** A character of the current word (quote characters are dropped: only the text matters). */
  character(char: string): void {
    this.inWord = true;
    if (char !== '"' && char !== "'" && char !== '\\') this.word += char;
  }

  /** A value joins the current word. */
  value(): void {
    this.inWord = true;
  }

  /** Blank: the current word is complete. */
  endWord(): void {
    if (!this.inWord) return;
    this.words.push(this.word);
    this.word = '';
    this.inWord = false;
  }

  /** `;`, `&`, `|`, newline or a parenthesis: a new simple command starts. */
  reset(): void {
    this.words.length = 0;
    this.word = '';
    this.inWord = false;
  }

  /** Who would evaluate the current word as code, if anyone. */
  reevaluation(): Reevaluation | undefined {
    const words = this.words;
    let program = 0;
    while (program < words.length && ASSIGNMENT.test(words[program] ?? '')) program++;
    if (program >= words.length) return undefined; // the value is (part of) the program name itself
    const name = basename(words[program] ?? '');
    if (name === 'eval') return { kind: 'eval' };
    if (name === 'let') return { kind: 'let' };
    for (let i = program; i < words.length; i++) {
      const shell = basename(words[i] ?? '');
      if (SHELLS.has(shell) && scriptIndex(words, i) === words.length) return { kind: 'shell-script', shell };
    }
    return undefined;
  }
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/**
 * The index of the word a shell at `shellIndex` runs as its script: the first operand after an
 * option cluster containing `c` (only options may come between), or -1 without `-c`.
 */
function scriptIndex(words: readonly string[], shellIndex: number): number {
  let sawScriptOption = false;
  let i = shellIndex + 1;
  // busybox runs its first operand as the applet: `busybox sh -c ...`.
  if (basename(words[shellIndex] ?? '') === 'busybox') {
    if (!SHELLS.has(words[i] ?? '')) return -1;
    i++;
  }
  for (; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') return sawScriptOption ? i + 1 : -1;
    if (OPTIONS_WITH_ARGUMENT.has(word)) {
      i++;
      continue;
    }
    if (!word.startsWith('-') && !word.startsWith('+')) return sawScriptOption ? i : -1;
    if (SCRIPT_OPTION.test(word)) sawScriptOption = true;
  }
  return sawScriptOption ? words.length : -1;
}
