/**
 * Structural checks for values parsed from JSON. A journal line comes from disk, so it may be
 * damaged, hand-edited or written by another version: every field is checked before the line
 * becomes a typed event, and the first wrong field is named in the error.
 */

/** A field of a parsed line is missing or has the wrong shape. */
export class FieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldError';
  }
}

/** A parsed JSON object whose fields have not been checked yet. */
export type JsonObject = { readonly [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON has no NaN/Infinity, so the journal writes them as these strings. */
const NON_FINITE_BY_TEXT: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

/** Read a number written by the journal: a JSON number or one of the non-finite strings. */
export function asJournalNumber(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = NON_FINITE_BY_TEXT.get(value);
    if (n !== undefined) return n;
  }
  throw new FieldError(`${what} must be a number, got ${describe(value)}`);
}

/** Short description of a wrong value for error messages (never the whole value). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Typed access to the fields of one JSON object; each getter throws a FieldError naming the field. */
export class FieldReader {
  constructor(
    private readonly obj: JsonObject,
    private readonly where: string,
  ) {}

  private name(key: string): string {
    return this.where ? `${this.where}.${key}` : key;
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  string(key: string): string {
    const v = this.obj[key];
    if (typeof v !== 'string') throw new FieldError(`${this.name(key)} must be a string, got ${describe(v)}`);
    return v;
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  boolean(key: string): boolean {
    const v = this.obj[key];
    if (typeof v !== 'boolean') throw new FieldError(`${this.name(key)} must be true or false, got ${describe(v)}`);
    return v;
  }

  /** Any number, including the non-finite strings. */
  number(key: string): number {
    return asJournalNumber(this.obj[key], this.name(key));
  }

  /** A finite number. */
  finite(key: string): number {
    const v = this.obj[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new FieldError(`${this.name(key)} must be a finite number, got ${describe(v)}`);
    }
    return v;
  }

  optionalFinite(key: string): number | undefined {
    return this.has(key) ? this.finite(key) : undefined;
  }

  /** A safe integer >= min. */
  integer(key: string, min = 0): number {
    const v = this.obj[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      throw new FieldError(`${this.name(key)} must be an integer >= ${min}, got ${describe(v)}`);
    }
    return v;
  }

  nullableInteger(key: string): number | null {
    const v = this.obj[key];
    if (v === null) return null;
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new FieldError(`${this.name(key)} must be an integer or null, got ${describe(v)}`);
    }
    return v;
  }

  nullableString(key: string): string | null {
    const v = this.obj[key];
    return v === null ? null : this.string(key);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.obj[key];
    const found = allowed.find((a) => a === v);
    if (found === undefined) {
      throw new FieldError(`${this.name(key)} must be one of ${allowed.join(', ')}, got ${describe(v)}`);
    }
    return found;
  }

  optionalOneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    return this.has(key) ? this.oneOf(key, allowed) : undefined;
  }

  stringArray(key: string): string[] {
    const v = this.obj[key];
    if (!Array.isArray(v) || !v.every((s): s is string => typeof s === 'string')) {
      throw new FieldError(`${this.name(key)} must be a list of strings, got ${describe(v)}`);
    }
    return v;
  }

  object(key: string): FieldReader {
    const v = this.obj[key];
    if (!isJsonObject(v)) throw new FieldError(`${this.name(key)} must be an object, got ${describe(v)}`);
    return new FieldReader(v, this.name(key));
  }

  /** The keys present, for open-ended maps such as params. */
  keys(): string[] {
    return Object.keys(this.obj);
  }
}
