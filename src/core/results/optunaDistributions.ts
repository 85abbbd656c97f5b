/**
 * HyperSweep's distributions as Optuna's (3.x: FloatDistribution, IntDistribution,
 * CategoricalDistribution), per flattened parameter column:
 *   uniform, quniform, normal, qnormal          → FloatDistribution(low, high)
 *   loguniform, qloguniform, lognormal, qlognormal → FloatDistribution(low, high, log=True)
 *   randint(upper)                             → IntDistribution(0, upper - 1)
 *   choice of constants                        → CategoricalDistribution(the listed values)
 *   nested choice `model`                      → CategoricalDistribution of branch labels
 *                                                (`option 1: arch=cnn`), and each entry of a branch
 *                                                a parameter of its own (`model.lr`), present only in
 *                                                the trials that chose that branch (Optuna allows
 *                                                conditional parameters); a branch's constants are
 *                                                in its label.
 * The bounds are the searched range widened to every value the trials hold (normal distributions
 * and q-rounding can step outside it), so every parameter lies inside its distribution. Without
 * the spec copy, numbers become FloatDistribution over the values seen and anything else a
 * category.
 */
import type { Column } from '../analysis/columns';
import type { Distribution } from '../spec/model';
import type { CellValue } from '../../shared/dashboardProtocol';

export type OptunaDistribution =
  | { readonly name: 'FloatDistribution'; readonly attributes: { low: number; high: number; log: boolean; step: null } }
  | { readonly name: 'IntDistribution'; readonly attributes: { low: number; high: number; log: boolean; step: number } }
  | { readonly name: 'CategoricalDistribution'; readonly attributes: { choices: CellValue[] } };

export interface OptunaParameter {
  readonly name: string;
  readonly distribution: OptunaDistribution;
  /** Optuna's internal representation of a cell (a float; a category's index); undefined when inactive. */
  internal(value: CellValue | undefined): number | undefined;
}

function categorical(column: Column): OptunaParameter {
  const choices: CellValue[] = [...(column.choices ?? [])];
  const same = (a: CellValue, b: CellValue): boolean => a === b;
  for (const v of column.values) if (v !== undefined && !choices.some((c) => same(c, v))) choices.push(v);
  return {
    name: column.name,
    distribution: { name: 'CategoricalDistribution', attributes: { choices } },
    internal: (value) => (value === undefined ? undefined : choices.findIndex((c) => same(c, value))),
  };
}

export function optunaParameter(column: Column, distribution: Distribution | undefined): OptunaParameter {
  const numbers = column.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const numeric = column.scale !== 'categorical' && numbers.length === column.values.filter((v) => v !== undefined).length && numbers.length > 0;
  if (!numeric) return categorical(column);
  let low = Math.min(...numbers, column.searched?.min ?? Infinity);
  let high = Math.max(...numbers, column.searched?.max ?? -Infinity);
  const internal = (value: CellValue | undefined): number | undefined => (typeof value === 'number' ? value : undefined);
  if (distribution?.type === 'randint' && numbers.every(Number.isInteger)) {
    return { name: column.name, distribution: { name: 'IntDistribution', attributes: { low, high, log: false, step: 1 } }, internal };
  }
  const log = column.scale === 'log' && low > 0;
  if (!(low <= high)) [low, high] = [high, low];
  return { name: column.name, distribution: { name: 'FloatDistribution', attributes: { low, high, log, step: null } }, internal };
}
