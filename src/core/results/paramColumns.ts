/**
 * Parameters as table columns and chart axes. A nested-choice parameter's value is a mapping; shown
 * as JSON it is unreadable once a cell cuts it. It becomes one column naming the chosen branch
 * (`model` = `option 2: arch=cnn`) and one per entry of the mapping (`model.lr`, `model.arch`), so
 * each value sorts, filters and plots like any other. The spec's distributions (when known) give
 * each column its axis scale: log for the log distributions, categories for choices.
 */
import type { ChoiceDistribution, Distribution, NestedOption, ParamValue, Params, SearchSpace } from '../spec/model';
import type { CellValue, ParamScale } from '../../shared/dashboardProtocol';
import { ownValue, setOwn } from '../../shared/nameRecords';

const LOG_TYPES: ReadonlySet<Distribution['type']> = new Set(['loguniform', 'qloguniform', 'lognormal', 'qlognormal']);

function scaleOf(distribution: Distribution): ParamScale {
  if (distribution.type === 'choice') return 'categorical';
  return LOG_TYPES.has(distribution.type) ? 'log' : 'linear';
}

function nestedOptions(distribution: Distribution | undefined): { option: NestedOption; index: number }[] {
  if (distribution?.type !== 'choice') return [];
  return distribution.values.flatMap((option, index) => (typeof option === 'object' ? [{ option, index }] : []));
}

/** The nested option `value` was drawn from: same keys, same constants. */
function matchingOption(distribution: ChoiceDistribution, value: { readonly [name: string]: ParamValue }): { option: NestedOption; index: number } | undefined {
  const keys = Object.keys(value).sort().join('\u0000');
  return nestedOptions(distribution).find(({ option }) => option.entries.map((e) => e.name).sort().join('\u0000') === keys
    && option.entries.every((e) => typeof e.value === 'object' || value[e.name] === e.value));
}

/** The chosen branch in words: `option 2: arch=cnn` (constants name it), or its keys without a spec. */
function branchLabel(value: { readonly [name: string]: ParamValue }, distribution: Distribution | undefined): string {
  const match = distribution?.type === 'choice' ? matchingOption(distribution, value) : undefined;
  if (!match) return Object.keys(value).join(', ');
  const constants = match.option.entries.filter((e) => typeof e.value !== 'object').map((e) => `${e.name}=${String(e.value)}`);
  return `option ${match.index + 1}${constants.length > 0 ? `: ${constants.join(', ')}` : ''}`;
}

function flattenInto(out: Record<string, CellValue>, name: string, value: ParamValue, distribution: Distribution | undefined): void {
  if (typeof value !== 'object') {
    setOwn(out, name, value);
    return;
  }
  setOwn(out, name, branchLabel(value, distribution));
  const match = distribution?.type === 'choice' ? matchingOption(distribution, value) : undefined;
  for (const [key, inner] of Object.entries(value)) {
    const entry = match?.option.entries.find((e) => e.name === key)?.value;
    flattenInto(out, `${name}.${key}`, inner, typeof entry === 'object' ? entry : undefined);
  }
}

/** A trial's parameters as flat columns (nested choices expanded), in the parameters' order. */
export function flattenParams(params: Params, space?: SearchSpace): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const [name, value] of Object.entries(params)) {
    flattenInto(out, name, value, space?.parameters.find((p) => p.name === name)?.distribution);
  }
  return out;
}

function scalesInto(out: Record<string, ParamScale>, name: string, distribution: Distribution): void {
  setOwn(out, name, nestedOptions(distribution).length > 0 ? 'categorical' : scaleOf(distribution));
  for (const { option } of nestedOptions(distribution)) {
    for (const entry of option.entries) {
      const key = `${name}.${entry.name}`;
      if (typeof entry.value === 'object') {
        if (ownValue(out, key) === undefined) scalesInto(out, key, entry.value);
      } else {
        if (ownValue(out, key) === undefined) setOwn(out, key, 'categorical');
      }
    }
  }
}

/** Each column's axis scale (flattened names, as `flattenParams` makes them). */
export function paramScales(space: SearchSpace): Record<string, ParamScale> {
  const out: Record<string, ParamScale> = {};
  for (const parameter of space.parameters) scalesInto(out, parameter.name, parameter.distribution);
  return out;
}
