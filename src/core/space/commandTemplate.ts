/**
 * Turns a trial command, already cut into literal text and substituted values, into something to
 * execute, without ever letting a value be read as syntax:
 *
 * - A plain command (no pipes, redirects, `&&`, `;`, `$VAR`, globs, `cd`, ...) is split into
 *   words by POSIX rules for the template's own quotes and backslashes, and each value is glued
 *   into its word verbatim: `--lr=${{search_space.lr}}` is one argument and a value such as
 *   `a b; rm -rf ~` is one literal argument. No shell runs.
 * - A command that needs a shell becomes `sh -c <script>`, where every value is written with
 *   `quoteForPosixShell`, adapted to the quoting context it lands in (inside "..." the double
 *   quotes are closed around it, inside '...' the single quotes are). In a comment the value is
 *   left out (a newline in it would end the comment and run the rest).
 * - Places where the shell (or a program it starts) reads text as code a second time cannot be
 *   made safe by quoting, and are refused with how to pass the value instead (see
 *   `evaluatedWords.ts` and `commandRefusals.ts`): the script of `sh -c` / `bash -c`, input piped
 *   into `sh`, `eval` arguments, bash arithmetic, `${...}` expansions, backticks, here-documents.
 */
import { quoteForPosixShell } from '../shell/quote';
import { pipedCodeMessage, reevaluationMessage, REFUSALS } from './commandRefusals';
import { SimpleCommandWords, type PipedInto } from './evaluatedWords';

/** A piece of the command: literal template text, or a value to pass literally. */
export type CommandSegment = { readonly text: string } | { readonly value: string };

/** How to run the command: a word list for `execFile`, or a script for `sh -c`. */
export type CommandPlan = { readonly shell: false; readonly words: string[] } | { readonly shell: true; readonly script: string };

/**
 * A command the renderer cannot turn into something safe to run; the message says what to change.
 * `valueIndex` is the position (0-based, among the values) of the value that cannot be placed, so
 * the validator can underline its placeholder.
 */
export class CommandTemplateError extends Error {
  override readonly name = 'CommandTemplateError';

  constructor(
    message: string,
    readonly valueIndex?: number,
  ) {
    super(message);
  }
}

type Context = 'plain' | 'single' | 'double' | 'substitution' | 'backtick' | 'parameter' | 'comment';

interface Frame {
  context: Context;
  /** Open parentheses of a `$(`, open braces of a `${`. */
  parens: number;
  /** Characters seen in this frame, to recognise `$((` from its second parenthesis. */
  seen: number;
  /** `$(( ))`, `(( ))`, `$[ ]`: the shell evaluates the text as an arithmetic expression. */
  arithmetic: boolean;
  /** The brackets a `parameter` frame counts: `{}` for `${...}`, `[]` for bash's old `$[...]`. */
  brackets: '{}' | '[]';
  /** The words of the current simple command, in frames where commands are parsed. */
  readonly words: SimpleCommandWords | undefined;
}

function frame(context: Context): Frame {
  const parsesCommands = context === 'plain' || context === 'substitution' || context === 'backtick';
  return { context, parens: 0, seen: 0, arithmetic: false, brackets: '{}', words: parsesCommands ? new SimpleCommandWords() : undefined };
}

// Characters after which an unquoted `#` starts a comment.
const BEFORE_COMMENT = new Set(['', ' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
// Characters that end a simple command (a new one starts after them).
const COMMAND_BREAKS = new Set([';', '&', '|', '(', ')', '\n']);

// Outside quotes these make a command need a shell: control operators, redirects, subshells,
// parameter and command substitution, and glob patterns.
const SHELL_CHARACTERS = new Set(['|', '&', ';', '<', '>', '(', ')', '$', '`', '*', '?', '[', '\n']);
// Characters that are special only at the start of a word (tilde expansion, comments, negation).
const WORD_START_CHARACTERS = new Set(['~', '#', '!']);
// A first word that is a shell builtin or keyword cannot be executed as a program.
const SHELL_WORDS = new Set([
  'cd', 'export', 'source', '.', 'exec', 'set', 'unset', 'eval', 'if', 'for', 'while', 'until', 'case',
  'function', 'alias', 'ulimit', 'umask', 'trap', 'time', '{', '!',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const BLANK = /[ \t]/;

/** Refuses a value that a pipeline feeds to a program running its stdin as code. */
function refusePipedCode(piped: PipedInto): void {
  if (piped !== undefined) throw new CommandTemplateError(pipedCodeMessage(piped.interpreter), piped.valueIndex);
}

/** Builds both possible plans in one pass over the segments and picks one at the end. */
class TemplateScanner {
  private readonly stack: Frame[] = [frame('plain')];
  private values = 0;
  private needsShell = false;
  private script = '';
  /**
   * The script's last two characters. Reading `script` itself after each `+=` would flatten the
   * growing string every time: quadratic in the command's length (a 1 MB command took minutes).
   */
  private scriptTail = '';
  private readonly words: string[] = [];
  private word = '';
  private inWord = false;
  /** Literal, unquoted text at the start of the current word (for `NAME=` and keyword checks). */
  private wordPrefix = '';
  private wordIsPlainLiteral = true;
  private heredoc = false;
  private escaped = false;

  private get context(): Context {
    return this.stack[this.stack.length - 1]?.context ?? 'plain';
  }

  private get atTopLevel(): boolean {
    return this.stack.length === 1 || (this.stack.length === 2 && (this.context === 'single' || this.context === 'double'));
  }

  private startWord(): void {
    if (!this.inWord) {
      this.inWord = true;
      this.word = '';
      this.wordPrefix = '';
      this.wordIsPlainLiteral = true;
    }
  }

  private endWord(): void {
    if (!this.inWord) return;
    if (this.words.length === 0) {
      if (ASSIGNMENT.test(this.wordPrefix)) this.needsShell = true;
      if (this.wordIsPlainLiteral && SHELL_WORDS.has(this.word)) this.needsShell = true;
    }
    this.words.push(this.word);
    this.inWord = false;
  }

  /** The words of the simple command the current text belongs to (quotes belong to their word). */
  private get commandWords(): SimpleCommandWords | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const words = this.stack[i]?.words;
      if (words !== undefined) return words;
    }
    return undefined;
  }

  /** Why a value cannot be placed here, or undefined when quoting keeps it literal. */
  private refusal(): string | undefined {
    if (this.stack.some((f) => f.context === 'backtick')) return REFUSALS.backtick;
    if (this.heredoc) return REFUSALS.heredoc;
    // The backslash would escape the opening quote of the value and unbalance the script.
    if (this.escaped) return REFUSALS.backslash;
    if (this.stack.some((f) => f.arithmetic)) return REFUSALS.arithmetic;
    if (this.stack.some((f) => f.context === 'parameter' && !f.arithmetic)) return REFUSALS.parameter;
    // Every enclosing command counts: in `sh -c "$(printf %s VALUE)"` the output becomes the script.
    for (const f of this.stack) {
      const reevaluation = f.words?.reevaluation();
      if (reevaluation !== undefined) return reevaluationMessage(reevaluation);
    }
    return undefined;
  }

  /** Adds a substituted value: verbatim to the word, quoted for its context to the script. */
  value(value: string): void {
    const index = this.values++;
    if (this.context === 'comment') return; // the shell ignores it; a newline in it must not end the comment
    const refusal = this.refusal();
    if (refusal !== undefined) throw new CommandTemplateError(refusal, index);
    this.commandWords?.value(index);
    const quoted = quoteForPosixShell(value);
    const context = this.context;
    this.appendScript(context === 'single' ? `'${quoted}'` : context === 'double' ? `"${quoted}"` : quoted);
    this.startWord();
    this.word += value;
    this.wordIsPlainLiteral = false;
  }

  /** Adds literal template text, character by character. */
  text(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const char = text.charAt(i);
      const next = text.charAt(i + 1);
      this.appendScript(char);
      this.character(char, next);
    }
  }

  private appendScript(text: string): void {
    this.script += text;
    this.scriptTail = (this.scriptTail + text).slice(-2);
  }

  private character(char: string, next: string): void {
    const context = this.context;
    if (this.escaped) {
      this.escaped = false;
      if (context === 'plain' && this.atTopLevel) {
        // Backslash-newline is a line continuation; any other escaped character is literal.
        if (char !== '\n') {
          this.startWord();
          this.word += char;
          this.wordIsPlainLiteral = false;
        }
      } else if (context === 'double' && this.atTopLevel) {
        if (char !== '\n') this.word += '$`"\\'.includes(char) ? char : `\\${char}`;
      }
      return;
    }
    if (context === 'single' || context === 'double') this.commandWords?.character(char);
    switch (context) {
      case 'comment':
        if (char === '\n') {
          this.stack.pop();
          this.character(char, next); // the newline also ends the command the comment followed
        }
        return;
      case 'parameter': {
        const top = this.stack[this.stack.length - 1];
        if (top !== undefined && char === top.brackets[0]) top.parens += 1;
        else if (top !== undefined && char === top.brackets[1] && --top.parens === 0) this.stack.pop();
        return;
      }
      case 'single':
        if (char === "'") this.stack.pop();
        else if (this.atTopLevel) this.word += char;
        return;
      case 'double':
        if (char === '"') this.stack.pop();
        else if (char === '\\') this.escaped = true;
        else if (char === '$' || char === '`') {
          this.needsShell = true;
          this.open(char, next);
        } else if (this.atTopLevel) this.word += char;
        return;
      default:
        this.unquoted(char, next);
    }
  }

  /** Enters `$(`, `${`, `$[` or a backtick from any context. */
  private open(char: string, next: string): void {
    if (char === '`') this.toggleBacktick();
    else if (next === '(') this.stack.push(frame('substitution'));
    else if (next === '{') this.stack.push(frame('parameter'));
    else if (next === '[') {
      // bash's old arithmetic expansion `$[ ... ]` (dash reads it as text; refusing is safe for both).
      const legacy = frame('parameter');
      legacy.brackets = '[]';
      legacy.arithmetic = true;
      this.stack.push(legacy);
    }
  }

  private toggleBacktick(): void {
    if (this.context === 'backtick') this.stack.pop();
    else this.stack.push(frame('backtick'));
  }

  /** Keeps the current simple command's words up to date with an unquoted character. */
  private followWords(char: string, next: string): void {
    const words = this.commandWords;
    if (words === undefined) return;
    const previous = this.scriptTail.charAt(this.scriptTail.length - 2);
    // `>&` and `<&` are redirects, and `|&` is a pipe that has already ended the command.
    if (char === '&' && (previous === '>' || previous === '<' || previous === '|')) return;
    if (BLANK.test(char) || char === '<' || char === '>') words.endWord();
    else if (COMMAND_BREAKS.has(char)) {
      // A single `|` (or `|&`) is a pipe; the first `|` of `||` ends the command like `;`.
      const pipe = char === '|' && next !== '|' && previous !== '|';
      refusePipedCode(words.endCommand(pipe));
    } else words.character(char);
  }

  private unquoted(char: string, next: string): void {
    const top = this.stack[this.stack.length - 1];
    const first = top !== undefined && top.seen++ === 0;
    if (char === '#' && BEFORE_COMMENT.has(this.scriptTail.charAt(this.scriptTail.length - 2))) {
      this.needsShell = true;
      this.stack.push(frame('comment'));
      return;
    }
    // `((` where a command starts is bash's arithmetic command: like `$((`, its text is evaluated.
    if (char === '(' && next === '(' && top !== undefined && !(top.context === 'substitution' && first) && this.commandWords?.empty === true) {
      this.needsShell = true;
      const arithmetic = frame('substitution');
      arithmetic.arithmetic = true;
      arithmetic.parens = 1;
      arithmetic.seen = 1;
      this.stack.push(arithmetic);
      return;
    }
    this.followWords(char, next);
    if (char === '\\') {
      this.escaped = true;
      return;
    }
    if (char === "'" || char === '"') {
      this.stack.push(frame(char === "'" ? 'single' : 'double'));
      this.startWord();
      this.wordIsPlainLiteral = false;
      return;
    }
    if (SHELL_CHARACTERS.has(char)) this.needsShell = true;
    if (char === '<' && next === '<') this.heredoc = true;
    if (char === '`') {
      this.toggleBacktick();
      return;
    }
    if (char === '$') {
      this.open(char, next);
      return;
    }
    if (top !== undefined && top.context === 'substitution') {
      // The `(` right after `$` opened this frame; count nested parentheses to find its end. A
      // second `(` at once makes it `$((`: arithmetic.
      if (char === '(' && first && next === '(') top.arithmetic = true;
      if (char === '(') top.parens += 1;
      else if (char === ')' && --top.parens === 0) this.stack.pop();
      return;
    }
    if (!this.atTopLevel) return;
    if (BLANK.test(char) || char === '\n') {
      this.endWord();
      return;
    }
    if (!this.inWord && WORD_START_CHARACTERS.has(char)) this.needsShell = true;
    this.startWord();
    this.word += char;
    if (this.wordIsPlainLiteral) this.wordPrefix += char;
  }

  finish(): CommandPlan {
    if (this.context === 'comment') this.stack.pop();
    refusePipedCode(this.stack[0]?.words?.endCommand(false));
    if (this.escaped && this.context === 'plain') {
      throw new CommandTemplateError('trial.command ends with a lone backslash; remove it or escape it as \\\\.');
    }
    if (this.stack.length > 1) {
      const what = { single: "a single quote (')", double: 'a double quote (")', substitution: 'a $( without its )', backtick: 'a backtick (`)', parameter: this.stack[this.stack.length - 1]?.brackets === '[]' ? 'a $[ without its ]' : 'a ${ without its }', plain: '', comment: '' }[this.context];
      throw new CommandTemplateError(`trial.command has ${what} that is never closed; close it or escape it.`);
    }
    this.endWord();
    if (this.needsShell) return { shell: true, script: this.script };
    if (this.words.length === 0) throw new CommandTemplateError('trial.command is empty after substitution; give the program to run.');
    return { shell: false, words: this.words };
  }
}

/** The execution plan for a command made of literal text and values (see the file comment). */
export function planCommand(segments: readonly CommandSegment[]): CommandPlan {
  const scanner = new TemplateScanner();
  for (const segment of segments) {
    if ('value' in segment) scanner.value(segment.value);
    else scanner.text(segment.text);
  }
  return scanner.finish();
}
