/**
 * Records keyed by names that come from outside: metric names a trial prints, parameter names of a
 * search space, tag and param keys logged over MLflow, output names. `constructor`, `toString` or
 * `__proto__` are ordinary names there, but on a plain object `record.constructor` answers Object's
 * own member and `record['__proto__'] = v` changes the prototype instead (the name silently
 * disappears). Records stay plain objects (they go to JSON, the webview and structuredClone, which
 * keep only own properties), so every read by an outside name goes through `ownValue` and every
 * write through `setOwn`.
 */

/** `record[name]` if `name` is the record's own key; never an inherited member such as `constructor`. */
export function ownValue<T>(record: { readonly [name: string]: T }, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** Sets `record[name]` as an own property, `__proto__` included. */
export function setOwn<T>(record: { [name: string]: T }, name: string, value: T): void {
  // Only `__proto__` needs defineProperty (its assignment hits Object.prototype's setter); the plain
  // assignment stays the fast path for the many metric reports of a replay.
  if (name === '__proto__') Object.defineProperty(record, name, { value, writable: true, enumerable: true, configurable: true });
  else record[name] = value;
}

/** A plain record holding `entries` (later entries win), every name as an own property. */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record: Record<string, T> = {};
  for (const [name, value] of entries) setOwn(record, name, value);
  return record;
}
