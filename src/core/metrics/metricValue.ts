/**
 * The one definition of "a number a trial reported", shared by the stdout parser and the MLflow
 * endpoint so both channels accept the same values: integers, decimals, exponents, and the
 * non-finite values written the ways Python, NumPy and protobuf's JSON print them
 * (`nan`, `NaN`, `inf`, `-inf`, `Infinity`, `-Infinity`), in any letter case.
 */

const FINITE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NOT_A_NUMBER = /^[+-]?nan$/i;
const INFINITE = /^([+-]?)inf(?:inity)?$/i;

/** Parses metric text (surrounding whitespace ignored); `undefined` when it is not a number. */
export function parseMetricNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (FINITE.test(trimmed)) return Number(trimmed);
  if (NOT_A_NUMBER.test(trimmed)) return Number.NaN;
  const infinite = INFINITE.exec(trimmed);
  if (infinite) return infinite[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return undefined;
}
