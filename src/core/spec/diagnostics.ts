/**
 * Diagnostics are plain records so every face of HyperSweep (CLI text, `--json`, VS Code
 * problems, quick fixes) shows the same thing. Lines and columns are 1-based, as a person reads
 * them and as `file:line:col` prints them; `offset` is the 0-based UTF-16 index into the text,
 * which is what editors need to apply a fix. The VS Code adapter subtracts 1 from line/column.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface SourcePosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units like VS Code. */
  readonly column: number;
  /** 0-based offset into the document text. */
  readonly offset: number;
}

export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/** One replacement of a range of the document (an empty range inserts). */
export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

/** A fix that an editor can apply as a quick fix, or a person can apply by hand. */
export interface DiagnosticFix {
  /** Short imperative title, e.g. "Replace with `max_total_trials`". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable kebab-case identifier, e.g. `unknown-key`; tests and quick fixes key on it. */
  readonly code: string;
  readonly message: string;
  readonly range: SourceRange;
  readonly fix?: DiagnosticFix;
}

/** The range that stands for "the start of the file" when nothing better exists. */
export const FILE_START: SourceRange = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
