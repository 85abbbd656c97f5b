/**
 * The wording of policy explanations: one readable sentence per decision, with its numbers.
 * Numbers get up to 4 significant digits, but numbers that differ never print alike (a reader
 * must not see "best 0.6667 < cut 0.6667"), so the digits grow until distinct values look
 * distinct. Rounding is monotonic, so distinct renderings also keep their order. Numbers apart by
 * no more than computation rounding (0.6 and 0.8 - 0.2) count as equal, as they do for the
 * policies' decisions.
 */
import type { PolicyExplanation } from './explanation';
import { nearlyEqual } from './schedule';

const DEFAULT_DIGITS = 4;
const MAX_DIGITS = 17;

function render(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  // Number(...) drops the trailing zeros and exponent form toPrecision may add ("0.8000", "1.235e+4").
  return String(Number(value.toPrecision(digits)));
}

/**
 * Render named numbers together with one shared number of significant digits: 4, or more when
 * two different values would otherwise print the same.
 */
export function formatNumbers<K extends string>(values: Readonly<Record<K, number>>): Record<K, string> {
  const keys = Object.keys(values) as K[];
  const numbers = keys.map((key) => values[key]);
  let digits = DEFAULT_DIGITS;
  while (digits < MAX_DIGITS && !rendersDistinct(numbers, digits)) digits += 1;
  const out = {} as Record<K, string>;
  for (const key of keys) out[key] = render(values[key], digits);
  return out;
}

function rendersDistinct(numbers: readonly number[], digits: number): boolean {
  for (let i = 0; i < numbers.length; i += 1) {
    for (let j = i + 1; j < numbers.length; j += 1) {
      const a = numbers[i] ?? 0;
      const b = numbers[j] ?? 0;
      if (!nearlyEqual(a, b) && render(a, digits) === render(b, digits)) return false;
    }
  }
  return true;
}

/** `best 0.61`, or for a trial without a finite value the reason it counts as the worst. */
export function bestPhrase(value: number, rendered: string): string {
  return Number.isNaN(value) ? 'best NaN (no finite value yet, counted as worst)' : `best ${rendered}`;
}

/** `1 trial`, `6 trials`. */
export function trialCount(count: number): string {
  return `${count} ${count === 1 ? 'trial' : 'trials'}`;
}

/**
 * The whole sentence: `<trial> stopped at interval 5: <body> (<policy>, compared with 6 trials)`.
 * `body` carries the policy's own reasoning with its numbers.
 */
export function sentence(
  explanation: Pick<PolicyExplanation, 'trialId' | 'outcome' | 'interval' | 'populationSize'>,
  policyLabel: string,
  body: string,
): string {
  const verb = { stop: 'stopped at', continue: 'continues at', skip: 'not checked at' }[explanation.outcome];
  return (
    `${explanation.trialId} ${verb} interval ${explanation.interval}: ${body} ` +
    `(${policyLabel}, compared with ${trialCount(explanation.populationSize)})`
  );
}
