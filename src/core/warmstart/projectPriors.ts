/**
 * Another sweep's trials as prior observations for this sweep's space (`run --warm-start`).
 *
 * - The source must measure the same primary metric (else its values mean nothing here: refused).
 * - Parameters the source has and this space has not are dropped from every prior.
 * - Parameters this space has and the source has not are given this space's centre value (the
 *   value at the middle of the unit cube, e.g. the middle choice, the log-midpoint), so the priors
 *   still inform the model about the parameters both have; they are listed as `imputed`.
 * - A trial whose value of a shared parameter this space cannot produce (a narrowed range, a
 *   removed choice, off a new q grid) is dropped: the model cannot place it.
 * - Trials that never finished (running, queued, interrupted) or finished without any primary
 *   value (except failed ones, which the model counts as bad) are dropped.
 * - Of trials with the same projected configuration, the first is kept.
 * The summary line says all of this with counts.
 */
import { decode, dimensions, paramsKey } from '../space/encoding';
import type { PriorStatus, PriorTrial } from '../journal/events';
import type { Goal, ParamValue, Params, SearchSpace } from '../spec/model';
import { ownValue, setOwn } from '../../shared/nameRecords';
import { checkValue } from './configCheck';
import { PriorSourceError, type PriorSourceData } from './priorSource';

export interface ProjectedPriors {
  readonly trials: readonly PriorTrial[];
  readonly summary: string;
}

const STATUSES: ReadonlySet<string> = new Set<PriorStatus>(['Completed', 'Canceled', 'Failed']);

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** Projects `source`'s trials onto `space`, for a sweep optimising `primaryMetric` towards `goal`. */
export function projectPriors(source: PriorSourceData, path: string, space: SearchSpace, objective: { primaryMetric: string; goal: Goal }): ProjectedPriors {
  if (source.primaryMetric !== undefined && source.primaryMetric !== objective.primaryMetric) {
    throw new PriorSourceError(`${path} optimised \`${source.primaryMetric}\`, this spec \`${objective.primaryMetric}\`: prior values must measure the same primary metric; warm-start from a sweep of the same objective.`);
  }
  if (source.goal !== undefined && source.goal !== objective.goal) {
    throw new PriorSourceError(`${path} had goal ${source.goal}, this spec ${objective.goal}: the same metric optimised the other way round is not prior knowledge about this objective; make the goals agree.`);
  }
  const names = space.parameters.map((p) => p.name);
  const sourceNames = new Set(source.trials.flatMap((t) => Object.keys(t.params)));
  const droppedParams = [...sourceNames].filter((n) => !names.includes(n));
  const centre = decode(space, new Array<number>(dimensions(space).length).fill(0.5));
  const drops = new Map<string, number>();
  const drop = (why: string): void => {
    drops.set(why, (drops.get(why) ?? 0) + 1);
  };
  const imputedNames = new Set<string>();
  const seen = new Set<string>();
  const trials: PriorTrial[] = [];
  for (const trial of source.trials) {
    if (!STATUSES.has(trial.status)) {
      drop(`not finished (${trial.status})`);
      continue;
    }
    const status = trial.status as PriorStatus;
    if (trial.value === null && status !== 'Failed') {
      drop('no primary value');
      continue;
    }
    const params: Record<string, ParamValue> = {};
    const imputed: string[] = [];
    let outside: string | undefined;
    for (const parameter of space.parameters) {
      const value = ownValue(trial.params, parameter.name);
      if (value === undefined) {
        imputed.push(parameter.name);
        setOwn(params, parameter.name, ownValue(centre, parameter.name) ?? 0);
        continue;
      }
      if (checkValue(parameter, value) !== undefined) {
        outside = parameter.name;
        break;
      }
      setOwn(params, parameter.name, value);
    }
    if (outside !== undefined) {
      drop(`\`${outside}\` outside this space`);
      continue;
    }
    const key = paramsKey(params);
    if (seen.has(key)) {
      drop('same configuration as an earlier one');
      continue;
    }
    seen.add(key);
    for (const name of imputed) imputedNames.add(name);
    trials.push({ id: trial.id, params: params as Params, status, value: trial.value, ...(imputed.length > 0 ? { imputed } : {}) });
  }
  const dropped = source.trials.length - trials.length;
  const parts = [`warm start from ${source.kind} ${path}: ${count(source.trials.length, 'trial')}, ${trials.length} kept as prior`];
  if (dropped > 0) parts.push(`${dropped} dropped (${[...drops].map(([why, n]) => `${n} ${why}`).join(', ')})`);
  const paramParts = [`parameters used: ${names.filter((n) => sourceNames.has(n)).join(', ') || 'none'}`];
  if (droppedParams.length > 0) paramParts.push(`dropped (not in this space): ${droppedParams.join(', ')}`);
  if (imputedNames.size > 0) paramParts.push(`new here, priors take the space's centre value: ${[...imputedNames].map((n) => `${n}=${JSON.stringify(ownValue(centre, n))}`).join(', ')}`);
  return { trials, summary: `${parts.join('; ')}; ${paramParts.join('; ')}` };
}
