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
 *   quotes are closed around it, inside '...' the single quotes are).
 */
import { quoteForPosixShell } from '../shell/quote';

/** A piece of the command: literal template text, or a value to pass literally. */
export type CommandSegment = { readonly text: string } | { readonly value: string };

/** How to run the command: a word list for `execFile`, or a script for `sh -c`. */
export type CommandPlan = { readonly shell: false; readonly words: string[] } | { readonly shell: true; readonly script: string };

/** A command the renderer cannot turn into something safe to run; the message says what to change. */
export class CommandTemplateError extends Error {
  override readonly name = 'CommandTemplateError';
}

type Context = 'plain' | 'single' | 'double' | 'substitution' | 'backtick';

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

/** Builds both possible plans in one pass over the segments and picks one at the end. */
class TemplateScanner {
  private readonly stack: { context: Context; parens: number }[] = [{ context: 'plain', parens: 0 }];
  private needsShell = false;
  private script = '';
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

  /** Adds a substituted value: verbatim to the word, quoted for its context to the script. */
  value(value: string): void {
    if (this.stack.some((frame) => frame.context === 'backtick')) {
      throw new CommandTemplateError('A placeholder inside backticks cannot be quoted safely; write $(...) instead of `...` in trial.command.');
    }
    if (this.heredoc) {
      throw new CommandTemplateError('A placeholder inside a here-document (<<) cannot be quoted safely; pass the value as an argument or read it from $AZUREML_SWEEP_<name> instead.');
    }
    if (this.escaped) {
      // The backslash would escape the opening quote of the value and unbalance the script.
      throw new CommandTemplateError('A placeholder right after a backslash cannot be passed safely; remove the backslash before it in trial.command.');
    }
    const quoted = quoteForPosixShell(value);
    const context = this.context;
    this.script += context === 'single' ? `'${quoted}'` : context === 'double' ? `"${quoted}"` : quoted;
    this.startWord();
    this.word += value;
    this.wordIsPlainLiteral = false;
  }

  /** Adds literal template text, character by character. */
  text(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const char = text.charAt(i);
      const next = text.charAt(i + 1);
      this.script += char;
      this.character(char, next);
    }
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
    switch (context) {
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

  /** Enters `$(` or a backtick from any context. */
  private open(char: string, next: string): void {
    if (char === '`') this.toggleBacktick();
    else if (next === '(') this.stack.push({ context: 'substitution', parens: 0 });
  }

  private toggleBacktick(): void {
    if (this.context === 'backtick') this.stack.pop();
    else this.stack.push({ context: 'backtick', parens: 0 });
  }

  private unquoted(char: string, next: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (char === '\\') {
      this.escaped = true;
      return;
    }
    if (char === "'" || char === '"') {
      this.stack.push({ context: char === "'" ? 'single' : 'double', parens: 0 });
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
    if (frame !== undefined && frame.context === 'substitution') {
      // The `(` right after `$` opened this frame; count nested parentheses to find its end.
      if (char === '(') frame.parens += 1;
      else if (char === ')' && --frame.parens === 0) this.stack.pop();
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
    if (this.escaped && this.context === 'plain') {
      throw new CommandTemplateError('trial.command ends with a lone backslash; remove it or escape it as \\\\.');
    }
    if (this.stack.length > 1) {
      const what = { single: "a single quote (')", double: 'a double quote (")', substitution: 'a $( without its )', backtick: 'a backtick (`)', plain: '' }[this.context];
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
