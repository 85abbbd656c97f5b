/**
 * The two enum normalisers of the Azure ML SDK (azureml-sweep.md §1.9), reproduced exactly so
 * that HyperSweep accepts precisely the spellings Azure accepts: `MedianStopping` is fine,
 * `medianstopping` and `Median_Stopping` are not.
 */
import type { CaseRule } from './schemaTypes';

/**
 * Python SDK `camel_to_snake`: `(.)([A-Z][a-z]+)` -> `\1_\2`, then `([a-z0-9])([A-Z])` -> `\1_\2`,
 * then lower-case.
 */
export function camelToSnake(value: string): string {
  return value
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Applies a case rule to a value before it is compared with the (normalised) allowed values. */
export function normaliseCase(value: string, rule: CaseRule): string {
  switch (rule) {
    case 'lower': return value.toLowerCase();
    case 'camel_to_snake': return camelToSnake(value);
    case 'exact': return value;
  }
}
