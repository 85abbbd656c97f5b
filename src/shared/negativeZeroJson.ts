/**
 * JSON text that keeps -0. `JSON.stringify(-0)` is "0", so a metric or parameter value -0 written
 * to the journal came back as 0; JSON itself has `-0` (and `JSON.parse('-0')` is -0), only the
 * serializer drops the sign. Here -0 is first replaced by a marker string that no real string can
 * equal (it holds a random token made once per process), and the quoted marker is then replaced by
 * a bare `-0` in the text.
 */

function randomToken(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const MARK = `\u0000negative-zero:${randomToken()}`;
const QUOTED_MARK = JSON.stringify(MARK);

type Replacer = (this: unknown, key: string, value: unknown) => unknown;

/** `JSON.stringify(value, replacer, space)`, with every -0 number written as `-0`. */
export function stringifyKeepingNegativeZero(value: unknown, replacer?: Replacer, space?: number): string {
  let found = false;
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, raw: unknown): unknown {
      const out = replacer ? replacer.call(this, key, raw) : raw;
      if (out === 0 && Object.is(out, -0)) {
        found = true;
        return MARK;
      }
      return out;
    },
    space,
  );
  return found ? text.split(QUOTED_MARK).join('-0') : text;
}

/** A number as text, `-0` for -0 (`String(-0)` is "0"). */
export function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
