/**
 * Where the best trials are: for each parameter, the range (or the values) of the top 10% of the
 * counted trials, next to what was searched, and one sentence a user can act on ("lr matters most
 * (62%); the top 10% lie in 0.003..0.02, narrower than the searched 1e-5..0.1: search there next").
 */
import type { Goal } from '../spec/model';
import type { CellValue, ParamScale } from '../../shared/dashboardProtocol';
import type { Column } from './columns';
import type { CountedTrial } from './countedTrials';

export const TOP_FRACTION = 0.1;
/** Below this share a parameter "hardly matters". */
export const NEGLIGIBLE_SHARE = 0.03;

export type Region =
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'values'; readonly values: readonly { readonly value: string; readonly count: number }[] };

export interface ParameterAdvice {
  readonly name: string;
  readonly scale: ParamScale;
  /** Share of the explained variance; undefined when importance is undetermined. */
  readonly share?: number;
  /** Where the top trials lie (none when no top trial has the column active). */
  readonly top?: Region;
  /** What was searched: the spec's range or choices, else what the counted trials tried. */
  readonly searched?: Region;
  readonly sentence: string;
}

/** The indices of the best TOP_FRACTION of `trials` (at least one), best first. */
export function topTrialIndices(trials: readonly CountedTrial[], goal: Goal): number[] {
  const order = trials.map((_, i) => i).sort((a, b) => {
    const [va, vb] = [trials[a]?.value ?? 0, trials[b]?.value ?? 0];
    return (goal === 'minimize' ? va - vb : vb - va) || a - b;
  });
  return order.slice(0, Math.max(1, Math.ceil(trials.length * TOP_FRACTION)));
}

/** 3 significant digits, no trailing zeros, exponent form when tiny or huge: 0.0312, 1.5e-5, 250. */
export function shortNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && Number.isFinite(abs) && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

function percent(share: number): string {
  return share >= 0.01 || share === 0 ? `${Math.round(share * 100)}%` : '<1%';
}

function rangeText(region: { min: number; max: number }): string {
  return `${shortNumber(region.min)}..${shortNumber(region.max)}`;
}

function numericRegion(values: readonly (CellValue | undefined)[]): Region | undefined {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (numbers.length === 0) return undefined;
  return { kind: 'range', min: Math.min(...numbers), max: Math.max(...numbers) };
}

function valueCounts(values: readonly (CellValue | undefined)[]): Region | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  return { kind: 'values', values: [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)) };
}

/** The fraction of the searched width (on the parameter's scale) the top range covers. */
function narrowness(top: { min: number; max: number }, searched: { min: number; max: number }, scale: ParamScale): number {
  const at = (v: number): number => (scale === 'log' && v > 0 ? Math.log(v) : v);
  const width = at(searched.max) - at(searched.min);
  return width > 0 ? (at(top.max) - at(top.min)) / width : 1;
}

function importanceWords(name: string, share: number | undefined, rank: number): string {
  if (share === undefined) return name;
  if (share < NEGLIGIBLE_SHARE) return `${name} hardly matters (${percent(share)})`;
  return `${name} ${rank === 0 ? 'matters most' : share >= 0.15 ? 'matters' : 'matters a little'} (${percent(share)})`;
}

function sentenceFor(name: string, share: number | undefined, rank: number, top: Region | undefined, searched: Region | undefined, scale: ParamScale, topCount: number): string {
  const head = importanceWords(name, share, rank);
  const negligible = share !== undefined && share < NEGLIGIBLE_SHARE;
  if (!top) return `${head}; no top trial uses it (another branch of its nested choice wins)`;
  if (top.kind === 'range') {
    const searchedRange = searched?.kind === 'range' ? searched : top;
    if (negligible) return `${head}: any value in ${rangeText(searchedRange)} does as well; fix it or drop it from the search`;
    const fraction = narrowness(top, searchedRange, scale);
    return fraction < 0.5
      ? `${head}; the top 10% lie in ${rangeText(top)}, narrower than the searched ${rangeText(searchedRange)}: search ${rangeText(top)} next`
      : `${head}; the top 10% spread over ${rangeText(top)} of the searched ${rangeText(searchedRange)}: keep the range`;
  }
  const listed = (searched?.kind === 'values' ? searched : top).values.map((v) => v.value);
  if (negligible) return `${head}: any of ${listed.join(', ')} does as well; fix it to one value`;
  const first = top.values[0];
  if (first && first.count === topCount) return `${head}; the top 10% all use ${first.value}: keep ${first.value}`;
  return `${head}; the top 10% use ${top.values.map((v) => `${v.value} (${v.count})`).join(', ')}`;
}

/** Per column, most important first: the top 10%'s region, what was searched, and the sentence. */
export function adviceFor(trials: readonly CountedTrial[], columns: readonly Column[], goal: Goal, importance: Readonly<Record<string, number>>, order: readonly string[]): ParameterAdvice[] {
  const top = topTrialIndices(trials, goal);
  const known = Object.keys(importance).length > 0;
  return order.flatMap((name, rank) => {
    const column = columns.find((c) => c.name === name);
    if (!column) return [];
    const numeric = column.scale !== 'categorical' && column.values.every((v) => v === undefined || typeof v === 'number');
    const topValues = top.map((i) => column.values[i]);
    const topRegion = numeric ? numericRegion(topValues) : valueCounts(topValues);
    const searched: Region | undefined = numeric
      ? (column.searched ? { kind: 'range', ...column.searched } : numericRegion(column.values))
      : column.choices ? { kind: 'values', values: column.choices.map((c) => ({ value: String(c), count: 0 })) } : valueCounts(column.values);
    const share = known ? (Object.hasOwn(importance, name) ? importance[name] : 0) : undefined;
    const sentence = sentenceFor(name, share, rank, topRegion, searched, column.scale, topValues.filter((v) => v !== undefined).length);
    return [{ name, scale: column.scale, ...(share !== undefined ? { share } : {}), ...(topRegion ? { top: topRegion } : {}), ...(searched ? { searched } : {}), sentence }];
  });
}
