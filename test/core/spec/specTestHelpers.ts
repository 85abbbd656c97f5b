/** Shared helpers for the spec tests: a minimal valid spec and independent position arithmetic. */
import type { Diagnostic, SourcePosition, SourceRange } from '../../../src/core/spec';

/** A minimal spec that loads with no diagnostics at all. */
export const MINIMAL = `type: sweep
sampling_algorithm: random
search_space:
  lr:
    type: uniform
    min_value: 0.001
    max_value: 0.1
objective:
  goal: maximize
  primary_metric: accuracy
limits:
  max_total_trials: 10
trial:
  command: python train.py --lr \${{search_space.lr}}
`;

/** The 1-based position of a 0-based offset, computed without the yaml package. */
export function positionAt(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, offset };
}

/** The range of the `nth` occurrence (0-based) of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): SourceRange {
  let offset = -1;
  for (let i = 0; i <= nth; i += 1) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  return { start: positionAt(text, offset), end: positionAt(text, offset + needle.length) };
}

/** An empty range at `offset`. */
export function pointAt(text: string, offset: number): SourceRange {
  const position = positionAt(text, offset);
  return { start: position, end: position };
}

/** Diagnostics with the given code. */
export function withCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** Replaces one exact piece of the minimal spec (fails loudly if it is not there). */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`"${from}" not in text`);
  return text.replace(from, to);
}
