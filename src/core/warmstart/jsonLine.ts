/**
 * One line of a JSONL file read as a JSON object, with the column of each top-level key and value,
 * so an enqueue file's problems point at the exact spot (`configs.jsonl:3:12`). `JSON.parse` gives
 * no positions (and Node's messages no longer name one), hence this small reader.
 */

export interface JsonLineEntry {
  readonly key: string;
  readonly value: unknown;
  /** 1-based columns of the key's opening quote and of the value's first character. */
  readonly keyColumn: number;
  readonly valueColumn: number;
}

export type JsonLineResult =
  | { readonly ok: true; readonly entries: readonly JsonLineEntry[] }
  | { readonly ok: false; readonly column: number; readonly message: string };

class JsonSyntaxError extends Error {
  constructor(readonly at: number, message: string) {
    super(message);
  }
}

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at] ?? '')) this.at++;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(this.at, message);
  }

  expect(char: string, what: string): void {
    this.skipSpace();
    if (this.text[this.at] !== char) this.fail(`expected ${what}, found ${this.found()}`);
    this.at++;
  }

  found(): string {
    return this.at >= this.text.length ? 'the end of the line' : `\`${this.text[this.at] ?? ''}\``;
  }

  /** One JSON value: its text is handed to JSON.parse once its extent is known. */
  value(): unknown {
    this.skipSpace();
    const start = this.at;
    const c = this.text[this.at];
    if (c === '{' || c === '[') this.container(c === '{' ? '}' : ']');
    else if (c === '"') this.string();
    else {
      const match = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.at));
      if (!match) this.fail(`expected a value (a number, "string", true, false or {...}), found ${this.found()}`);
      this.at += match[0].length;
    }
    try {
      return JSON.parse(this.text.slice(start, this.at)) as unknown;
    } catch {
      throw new JsonSyntaxError(start, 'this value is not valid JSON');
    }
  }

  string(): string {
    const start = this.at;
    this.at++;
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    if (this.at >= this.text.length) throw new JsonSyntaxError(start, 'this string has no closing `"`');
    this.at++;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  /** Skips a nested object or array (its content is checked by JSON.parse afterwards). */
  private container(close: string): void {
    const open = this.at;
    let depth = 0;
    for (; this.at < this.text.length; this.at++) {
      const c = this.text[this.at];
      if (c === '"') {
        this.string();
        this.at--;
      } else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          this.at++;
          return;
        }
      }
    }
    throw new JsonSyntaxError(open, `this value has no closing \`${close}\``);
  }
}

/** Reads `text` (one line) as a JSON object with positions, or says where and why it is not one. */
export function readJsonLine(text: string): JsonLineResult {
  const r = new Reader(text);
  try {
    r.expect('{', 'a JSON object `{"parameter": value, ...}`');
    const entries: JsonLineEntry[] = [];
    r.skipSpace();
    if (text[r.at] === '}') r.at++;
    else {
      for (;;) {
        r.skipSpace();
        if (text[r.at] !== '"') r.fail(`expected a parameter name in double quotes, found ${r.found()}`);
        const keyColumn = r.at + 1;
        const key = r.string();
        r.expect(':', '`:` after the parameter name');
        r.skipSpace();
        const valueColumn = r.at + 1;
        entries.push({ key, value: r.value(), keyColumn, valueColumn });
        r.skipSpace();
        if (text[r.at] === ',') {
          r.at++;
          continue;
        }
        r.expect('}', '`,` or `}`');
        break;
      }
    }
    r.skipSpace();
    if (r.at < text.length) r.fail(`unexpected ${r.found()} after the object`);
    return { ok: true, entries };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, column: error.at + 1, message: error.message };
    throw error;
  }
}
