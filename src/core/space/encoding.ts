/**
 * CONTRACT (implemented by the space module): one encoding of a search space in the unit cube,
 * shared by the random, Sobol and Bayesian samplers.
 *
 * A *dimension* is one leaf distribution in YAML order, depth first: each top-level parameter
 * is a dimension; a choice whose options contain mappings is a dimension (which option), followed
 * by the dimensions of the distributions inside each option, option by option. Dimensions of an
 * option that was not chosen are inactive for that point.
 */
import type { ChoiceDistribution, Distribution, NestedOption, ParamValue, Params, SearchSpace } from '../spec/model';
import { choiceIndex, fromUnit, SpaceValueError, toUnit } from './distributions';
import type { SampleOptions } from './distributions';
import { ownValue, setOwn } from '../../shared/nameRecords';

export interface Dimension {
  /** Path of the value, e.g. `["lr"]` or `["model", 1, "depth"]` (option index inside a choice). */
  readonly path: readonly (string | number)[];
  /** Dotted label for people: `lr`, `model[1].depth`. */
  readonly label: string;
  readonly distribution: Distribution;
  /** Number of distinct values for choice/randint; `Infinity` for continuous or q-continuous. */
  readonly cardinality: number;
}

/** A point in the cube: coordinates for every dimension, and which of them the point uses. */
export interface EncodedPoint {
  readonly u: number[];
  /** False for the dimensions of nested-choice options that the point did not choose. */
  readonly active: boolean[];
}

function cardinalityOf(distribution: Distribution): number {
  if (distribution.type === 'choice') return distribution.values.length;
  if (distribution.type === 'randint') return distribution.upper;
  return Infinity;
}

function labelOf(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** The mapping options of a choice with their index in the option list. */
function nestedOptions(distribution: ChoiceDistribution): { option: NestedOption; index: number }[] {
  const found: { option: NestedOption; index: number }[] = [];
  distribution.values.forEach((option, index) => {
    if (typeof option === 'object') found.push({ option, index });
  });
  return found;
}

function collect(distribution: Distribution, path: readonly (string | number)[], into: Dimension[]): void {
  into.push({ path, label: labelOf(path), distribution, cardinality: cardinalityOf(distribution) });
  if (distribution.type !== 'choice') return;
  for (const { option, index } of nestedOptions(distribution)) {
    for (const entry of option.entries) {
      if (typeof entry.value === 'object') collect(entry.value, [...path, index, entry.name], into);
    }
  }
}

/** The dimensions of a space, in the order described at the top of this file. */
export function dimensions(space: SearchSpace): Dimension[] {
  const found: Dimension[] = [];
  for (const parameter of space.parameters) collect(parameter.distribution, [parameter.name], found);
  return found;
}

/** Number of dimensions a distribution occupies (itself plus everything inside its options). */
function dimensionCount(distribution: Distribution): number {
  let count = 1;
  if (distribution.type === 'choice') {
    for (const { option } of nestedOptions(distribution)) {
      for (const entry of option.entries) {
        if (typeof entry.value === 'object') count += dimensionCount(entry.value);
      }
    }
  }
  return count;
}

/** Reads coordinates in dimension order; `next` hands out the position of the next dimension. */
class Cursor {
  private position = 0;
  next(): number {
    return this.position++;
  }
  skip(count: number): void {
    this.position += count;
  }
  get consumed(): number {
    return this.position;
  }
}

function decodeDistribution(distribution: Distribution, u: readonly number[], cursor: Cursor, options?: SampleOptions): ParamValue {
  const coordinate = u[cursor.next()] ?? 0;
  if (distribution.type !== 'choice') return fromUnit(distribution, coordinate, options);
  if (distribution.values.length === 0) return fromUnit(distribution, coordinate, options); // throws the clear error
  const chosen = choiceIndex(distribution.values.length, coordinate);
  let value: ParamValue | undefined;
  distribution.values.forEach((option, index) => {
    if (typeof option !== 'object') {
      if (index === chosen) value = option;
      return;
    }
    const mapping: Record<string, ParamValue> = {};
    for (const entry of option.entries) {
      if (typeof entry.value !== 'object') setOwn(mapping, entry.name, entry.value);
      else if (index === chosen) setOwn(mapping, entry.name, decodeDistribution(entry.value, u, cursor, options));
      else cursor.skip(dimensionCount(entry.value));
    }
    if (index === chosen) value = mapping;
  });
  if (value === undefined) throw new SpaceValueError('Internal error: a choice option was selected but not decoded.');
  return value;
}

/**
 * The configuration at point `u` (one coordinate per dimension, in [0, 1)). Coordinates of
 * inactive dimensions are read past and ignored; a nested choice yields the chosen mapping with
 * its constants kept and its distributions sampled.
 */
export function decode(space: SearchSpace, u: readonly number[], options?: SampleOptions): Params {
  const cursor = new Cursor();
  const params: Record<string, ParamValue> = {};
  for (const parameter of space.parameters) {
    setOwn(params, parameter.name, decodeDistribution(parameter.distribution, u, cursor, options));
  }
  if (u.length < cursor.consumed) {
    throw new SpaceValueError(`decode() needs ${cursor.consumed} coordinates for this search space, got ${u.length}.`);
  }
  return params;
}

/** Whether a mapping value matches a mapping option: same keys, equal constants, encodable draws. */
function matchesOption(option: NestedOption, value: { readonly [name: string]: ParamValue }, options?: SampleOptions): boolean {
  const keys = Object.keys(value);
  if (keys.length !== option.entries.length) return false;
  return option.entries.every((entry) => {
    const inner = ownValue(value, entry.name);
    if (inner === undefined) return false;
    if (typeof entry.value !== 'object') return inner === entry.value;
    try {
      encodeDistribution(entry.value, inner, { u: [], active: [] }, true, options);
      return true;
    } catch (error) {
      if (error instanceof SpaceValueError) return false;
      throw error;
    }
  });
}

/** Appends the coordinates of `value` (or, when `value` is undefined, inactive placeholders). */
function encodeDistribution(distribution: Distribution, value: ParamValue | undefined, into: EncodedPoint, active: boolean, options?: SampleOptions): void {
  const position = into.u.length;
  into.u.push(0.5);
  into.active.push(active);
  if (distribution.type !== 'choice') {
    if (value !== undefined) into.u[position] = toUnit(distribution, value, options);
    return;
  }
  let chosen = -1;
  if (value !== undefined && typeof value !== 'object') {
    into.u[position] = toUnit(distribution, value, options);
    chosen = choiceIndex(distribution.values.length, into.u[position] ?? 0);
  } else if (value !== undefined) {
    chosen = distribution.values.findIndex((option) => typeof option === 'object' && matchesOption(option, value, options));
    if (chosen < 0) throw new SpaceValueError(`The mapping ${JSON.stringify(value)} matches none of the choice's mapping options.`);
    into.u[position] = (chosen + 0.5) / distribution.values.length;
  }
  for (const { option, index } of nestedOptions(distribution)) {
    const mapping = index === chosen && typeof value === 'object' ? value : undefined;
    for (const entry of option.entries) {
      if (typeof entry.value === 'object') encodeDistribution(entry.value, mapping && ownValue(mapping, entry.name), into, mapping !== undefined, options);
    }
  }
}

/**
 * The point of the cube a configuration sits at (the inverse of `decode`): `decode(space,
 * encode(space, p).u)` gives `p` back for every configuration the space can produce. Inactive
 * dimensions get 0.5. Throws `SpaceValueError` when `params` misses a key or holds a value the
 * space cannot produce.
 */
export function encode(space: SearchSpace, params: Params, options?: SampleOptions): EncodedPoint {
  const point: EncodedPoint = { u: [], active: [] };
  for (const parameter of space.parameters) {
    const value = ownValue(params, parameter.name);
    if (value === undefined) throw new SpaceValueError(`The configuration has no value for search-space key '${parameter.name}'.`);
    encodeDistribution(parameter.distribution, value, point, true, options);
  }
  return point;
}

/** JSON texts of the keys seen: a sweep has a few dozen names. Emptied when full. */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_SIZE = 4096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    if (quotedKeys.size >= QUOTED_KEYS_SIZE) quotedKeys.clear();
    quoted = JSON.stringify(key);
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

function canonical(value: ParamValue): string {
  // Non-finite numbers stay unquoted so they never collide with the strings 'NaN' or 'Infinity'.
  if (typeof value === 'number') return String(value + 0);
  if (typeof value !== 'object') return JSON.stringify(value);
  // The text of {"a":…,"b":…} built in one loop with remembered key texts, not with map, join and
  // JSON.stringify per key: the Bayesian sampler keys every configuration of the history on every
  // call, an eighth of a running proposal at 1,000 trials.
  const keys = Object.keys(value).sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    if (i > 0) text += ',';
    text += `${quotedKey(key)}:${canonical(value[key] ?? '')}`;
  }
  return `${text}}`;
}

/**
 * A canonical text of a configuration, equal for equal configurations whatever their key order:
 * JSON with keys sorted and numbers in shortest round-trip form. Used to find duplicates.
 */
export function paramsKey(params: Params): string {
  return canonical(params);
}
