/**
 * Number rules of decisions.md "Values and commands": numpy-style rounding for q-distributions,
 * cleaning float noise off q-multiples, and the text form a number takes in a command.
 */

/**
 * Round to the nearest integer, ties to the even one (numpy's `np.round`, Python's `round`),
 * unlike `Math.round`, which sends ties up. Never returns `-0`.
 */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  // x - floor(x) is exact for every finite double, so the tie test is exact too.
  const fraction = x - floor;
  let rounded: number;
  if (fraction < 0.5) rounded = floor;
  else if (fraction > 0.5) rounded = floor + 1;
  else rounded = floor % 2 === 0 ? floor : floor + 1;
  return rounded + 0; // turns -0 into 0
}

/**
 * Number of digits after the decimal point in the shortest text of `q`: 0.1 -> 1, 0.25 -> 2,
 * 1e-7 -> 7, 1.5e-7 -> 8, 5 -> 0.
 */
export function decimalsOf(q: number): number {
  const text = String(Math.abs(q));
  const [mantissa = '', exponentText] = text.split('e');
  const dot = mantissa.indexOf('.');
  const mantissaDecimals = dot < 0 ? 0 : mantissa.length - dot - 1;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  return Math.max(0, mantissaDecimals - exponent);
}

/**
 * `value` rounded to `decimals` digits after the point, which removes the noise of a float
 * product (`3 * 0.1` = 0.30000000000000004 -> 0.3). Goes through decimal text so the result is
 * the double nearest the decimal number a person expects.
 */
export function cleanFloat(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  // toFixed accepts at most 100 digits; no double needs more to be exact.
  const digits = Math.min(100, Math.max(0, Math.floor(decimals)));
  return Number(value.toFixed(digits)) + 0;
}

/**
 * `round(x / q) * q` with ties to even, cleaned of float noise by the decimals of `q`. With an
 * integer `q` the result is an integer (as long as it is a safe integer).
 */
export function quantize(x: number, q: number): number {
  return cleanFloat(roundHalfEven(x / q) * q, decimalsOf(q));
}

/**
 * The text of a number in a command: the shortest form that reads back to the same double
 * (JavaScript's `String`, close to Python's `repr`), `-0` as `0`, and the non-finite values in
 * Python's spelling (`inf`, `-inf`, `nan`) because trial scripts are usually Python.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x + 0);
}
