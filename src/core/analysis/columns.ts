/**
 * The parameters an analysis sees: one column per flattened parameter (nested choices expanded as
 * `flattenParams` does for the tables: `model` names the branch, `model.lr` its entry), each with
 * its scale (log for the log distributions, so importance and ranges are judged on the scale the
 * sweep searched) and, when the spec copy says so, the range that was searched.
 */
import type { Distribution, Params, SearchSpace } from '../spec/model';
import type { CellValue, ParamScale } from '../../shared/dashboardProtocol';
import { flattenParams, paramScales } from '../results/paramColumns';
import { ownValue, setOwn } from '../../shared/nameRecords';

export interface Column {
  readonly name: string;
  readonly scale: ParamScale;
  /** One cell per trial given; undefined where the column is inactive (another nested branch). */
  readonly values: readonly (CellValue | undefined)[];
  /** The searched range in the parameter's own units, when the distribution is bounded. */
  readonly searched?: { readonly min: number; readonly max: number };
  /** The searched values of a choice, as the spec lists them (constants only). */
  readonly choices?: readonly CellValue[];
}

/** The range a bounded distribution searches (the log forms' bounds are natural-log exponents). */
export function searchedRange(distribution: Distribution): { min: number; max: number } | undefined {
  switch (distribution.type) {
    case 'uniform':
    case 'quniform':
      return { min: distribution.min_value, max: distribution.max_value };
    case 'loguniform':
    case 'qloguniform':
      return { min: Math.exp(distribution.min_value), max: Math.exp(distribution.max_value) };
    case 'randint':
      return { min: 0, max: distribution.upper - 1 };
    default:
      return undefined;
  }
}

function distributionsInto(out: Record<string, Distribution>, name: string, distribution: Distribution): void {
  if (ownValue(out, name) === undefined) setOwn(out, name, distribution);
  if (distribution.type !== 'choice') return;
  for (const option of distribution.values) {
    if (typeof option !== 'object') continue;
    for (const entry of option.entries) {
      if (typeof entry.value === 'object') distributionsInto(out, `${name}.${entry.name}`, entry.value);
    }
  }
}

/** Each flattened column's distribution (the first one a nested entry of that name has). */
export function columnDistributions(space: SearchSpace | undefined): Record<string, Distribution> {
  const out: Record<string, Distribution> = {};
  for (const parameter of space?.parameters ?? []) distributionsInto(out, parameter.name, parameter.distribution);
  return out;
}

function inferredScale(values: readonly (CellValue | undefined)[]): ParamScale {
  return values.every((v) => v === undefined || typeof v === 'number') ? 'linear' : 'categorical';
}

/** The columns of the trials' parameters, in the order the parameters first appear. */
export function analysisColumns(params: readonly Params[], space: SearchSpace | undefined): Column[] {
  const rows = params.map((p) => flattenParams(p, space));
  const distributions = columnDistributions(space);
  // A nested option's constants (`model.arch`) repeat its branch column (`model`): two columns with
  // the same information would split one effect between them, so only the branch column stays.
  const nestedConstant = (name: string): boolean => space !== undefined && name.includes('.') && ownValue(distributions, name) === undefined;
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((name) => !nestedConstant(name));
  const scales = space ? paramScales(space) : {};
  return names.map((name) => {
    const values = rows.map((row) => ownValue(row, name));
    const distribution = ownValue(distributions, name);
    const scale = ownValue(scales, name) ?? inferredScale(values);
    const searched = distribution ? searchedRange(distribution) : undefined;
    const choices = distribution?.type === 'choice' && distribution.values.every((v) => typeof v !== 'object')
      ? distribution.values.filter((v): v is string | number | boolean => typeof v !== 'object')
      : undefined;
    return { name, scale, values, ...(searched ? { searched } : {}), ...(choices ? { choices } : {}) };
  });
}
