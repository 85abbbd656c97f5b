/**
 * Follows the words of one simple command of a shell script (as the template scanner reads it)
 * to tell whether a value landing in the current word would be read as code a second time: as the
 * script of `sh -c` / `bash -c` (also behind `sudo`, `timeout`, `env`, `find -exec`, ...), `su -c`
 * or `ssh` (the remote shell), as an argument of `eval`, `trap` or `watch`, or as an arithmetic expression (bash
 * evaluates `let`, `declare`/`typeset`/`local` values, `[[ ... -eq ... ]]` operands and array
 * subscripts as arithmetic, which runs `$(...)` inside `a[...]`, quoted or not). Quoting a value
 * for the outer shell only makes it one literal word; the inner interpreter then parses that word
 * again, so no outer quoting can keep it inert. Such places are refused with how to pass the value
 * instead.
 */

// Shells whose `-c` option takes a script to run.
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'busybox']);
// Shell options that take the next word as their argument (`bash -o pipefail -c ...`).
const OPTIONS_WITH_ARGUMENT = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
// A short-option cluster that includes `c`: -c, -ec, -lc, -xc, ...
const SCRIPT_OPTION = /^-[A-Za-z]*c[A-Za-z]*$/;

// Commands that run the command given in their arguments (which may be `eval`, `watch`, ...).
const WRAPPERS = new Set(['env', 'sudo', 'doas', 'nohup', 'nice', 'ionice', 'timeout', 'time', 'stdbuf', 'setsid', 'exec', 'command', 'builtin', 'xargs', 'chrt', 'taskset', 'unbuffer']);
// Commands that run their arguments as shell code.
const EVALUATING_COMMANDS = new Set(['eval', 'trap', 'watch']);
// Bash builtins whose arguments may be evaluated as arithmetic (`-i` variables, array subscripts).
const ARITHMETIC_BUILTINS = new Set(['let', 'declare', 'typeset', 'local', '[[']);
// ssh options that take the next word as their argument.
const SSH_OPTIONS_WITH_ARGUMENT = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w']);
// An assignment to an array element: bash evaluates the subscript as arithmetic.
const SUBSCRIPT_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\[[^\]]*$/;

/** What reads the word as code, for the error message. */
export type Reevaluation =
  | { readonly kind: 'shell-script'; readonly shell: string }
  | { readonly kind: 'remote-shell' }
  | { readonly kind: 'eval'; readonly builtin: string }
  | { readonly kind: 'arithmetic'; readonly builtin: string };

// Programs that run what they read on stdin as code when given no script (`... | sh`, `| python -`),
// with the options that give them their code inline instead (then stdin is only data).
const INLINE_CODE_OPTION = /^-[A-Za-z]*c[A-Za-z]*$/;
const STDIN_INTERPRETERS = new Map<string, RegExp>([
  ...[...SHELLS].map((shell): [string, RegExp] => [shell, INLINE_CODE_OPTION]),
  ['python', /^-[A-Za-z]*[cm]/],
  ['python3', /^-[A-Za-z]*[cm]/],
  ['perl', /^-[A-Za-z]*[eE]/],
  ['ruby', /^-[A-Za-z]*e/],
  ['node', /^(-[A-Za-z]*[ep]|--eval|--print)/],
  ['php', /^-[A-Za-z]*r/],
]);

/** What a finished simple command does with a value piped into it. */
export type PipedInto = { readonly valueIndex: number; readonly interpreter: string } | undefined;

/** The words of the simple command being scanned, as literal text without quote characters. */
export class SimpleCommandWords {
  private readonly words: string[] = [];
  private word = '';
  private inWord = false;
  /** The first value in this command, by its position among all values. */
  private valueIndex: number | undefined;
  /** A value earlier in the pipeline: it reaches this command's stdin as text. */
  private pipedValue: number | undefined;

  /** A character of the current word (quote characters are dropped: only the text matters). */
  character(char: string): void {
    this.inWord = true;
    if (char !== '"' && char !== "'" && char !== '\\') this.word += char;
  }

  /** A value (the `index`-th of the command) joins the current word. */
  value(index: number): void {
    this.inWord = true;
    this.valueIndex ??= index;
  }

  /** Blank: the current word is complete. */
  endWord(): void {
    if (!this.inWord) return;
    this.words.push(this.word);
    this.word = '';
    this.inWord = false;
  }

  /**
   * `|` (a pipe) or `;`, `&`, `&&`, `||`, newline, a parenthesis: the command is complete and a new
   * one starts. Returns the value piped into the finished command if that command runs its stdin
   * as code (`echo VALUE | sh`); a pipe carries this command's values on to the next one.
   */
  endCommand(pipe: boolean): PipedInto {
    this.endWord();
    const interpreter = this.pipedValue === undefined ? undefined : stdinInterpreter(this.words);
    const piped = interpreter === undefined || this.pipedValue === undefined ? undefined : { valueIndex: this.pipedValue, interpreter };
    this.pipedValue = pipe ? (this.pipedValue ?? this.valueIndex) : undefined;
    this.valueIndex = undefined;
    this.words.length = 0;
    this.word = '';
    this.inWord = false;
    return piped;
  }

  /** Whether nothing of the current simple command has been seen yet. */
  get empty(): boolean {
    return this.words.length === 0 && !this.inWord;
  }

  /** Who would evaluate the current word as code, if anyone. */
  reevaluation(): Reevaluation | undefined {
    const words = this.words;
    let program = 0;
    while (program < words.length && ASSIGNMENT.test(words[program] ?? '')) program++;
    if (program >= words.length) {
      // The value is (part of) the program name or an assignment; `a[value]=` is arithmetic.
      return SUBSCRIPT_ASSIGNMENT.test(this.word) ? { kind: 'arithmetic', builtin: 'an array subscript' } : undefined;
    }
    const name = programName(words[program] ?? '') ?? '';
    // Behind a wrapper (`env`, `sudo -u x`, `command`, ...) any later word may be what really runs.
    const programs = WRAPPERS.has(name) ? words.slice(program).map((w) => programName(w) ?? '') : [name];
    // eval runs its arguments; trap runs its first one later; watch hands its command to sh -c.
    const evaluating = programs.find((p) => EVALUATING_COMMANDS.has(p));
    if (evaluating !== undefined) return { kind: 'eval', builtin: evaluating };
    if (ARITHMETIC_BUILTINS.has(name)) return { kind: 'arithmetic', builtin: name };
    for (let i = program; i < words.length; i++) {
      const written = words[i] ?? '';
      const word = programName(written);
      // A program named only by an expansion (`$SHELL -c ...`) may well be a shell.
      if ((word === undefined || SHELLS.has(word)) && scriptIndex(words, i) === words.length) return { kind: 'shell-script', shell: word ?? written };
      if ((word === 'su' || word === 'runuser') && suRunsCurrentWord(words, i)) return { kind: 'shell-script', shell: word };
      if (word === 'ssh' && sshRunsCurrentWord(words, i)) return { kind: 'remote-shell' };
    }
    return undefined;
  }
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

// Parameter expansions and command substitutions inside a word: their value is only known when it runs.
const EXPANSION = /\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])|\$|`/g;

/**
 * The program a word names, by its last path component without expansions (`$HOME/bin/python`:
 * python; `"$1"bash`: bash), or undefined when only expansions name it (`$SHELL`).
 */
function programName(word: string): string | undefined {
  const name = basename(word.replace(EXPANSION, '\u0001')).replaceAll('\u0001', '');
  return name === '' ? undefined : name;
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

/** `su user -c COMMAND`: the word after `-c` / `--command` is run by the user's shell. */
function suRunsCurrentWord(words: readonly string[], suIndex: number): boolean {
  const previous = words[words.length - 1];
  return words.length > suIndex + 1 && (previous === '-c' || previous === '--command');
}

/** `ssh [options] destination command...`: every word after the destination goes to the remote shell. */
function sshRunsCurrentWord(words: readonly string[], sshIndex: number): boolean {
  for (let i = sshIndex + 1; i < words.length; i++) {
    const word = words[i] ?? '';
    if (SSH_OPTIONS_WITH_ARGUMENT.has(word)) {
      i++;
      continue;
    }
    if (!word.startsWith('-')) return true; // the destination; the current word comes after it
  }
  return false;
}

/** The interpreter a command is when it runs its stdin as code (no script, no inline code), or undefined. */
function stdinInterpreter(words: readonly string[]): string | undefined {
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i] ?? '')) i++;
  while (i < words.length && WRAPPERS.has(programName(words[i] ?? '') ?? '')) {
    i++;
    while (i < words.length && /^[-+0-9]/.test(words[i] ?? '')) i++;
  }
  const name = programName(words[i] ?? '');
  const inlineCode = name === undefined ? undefined : STDIN_INTERPRETERS.get(name);
  if (name === undefined || inlineCode === undefined) return undefined;
  for (const word of words.slice(i + 1)) {
    if (word === '-') continue;
    if (!word.startsWith('-') || inlineCode.test(word)) return undefined; // a script file, or code inline
  }
  return name;
}
