/**
 * A sweep driven by the Bayesian sampler over the synthetic learning curves of
 * bench/policiesCurves.ts, with an early-termination policy, the way the runner does it (no
 * processes): `workers` trials run at once, each reports one epoch per tick (in slot order), every
 * report is checked by the policy against the whole sweep, a stop ends the trial at once, and free
 * slots are filled by asking the sampler for that many proposals with the history so far
 * (running trials with their reports, completed and stopped ones with their counted values).
 *
 * `curveAware: false` is the sampler as it saw stopped trials before it read their curves: stopped
 * trials are handed to it as completed, which it observes at their best value so far, exactly the
 * rule it applied to stopped trials. `true` hands them over as canceled, as the runner does.
 */
import { createPolicy, type TrialSeries } from '../src/core/policies';
import { createBayesianSampler } from '../src/core/samplers/bayesian';
import type { HistoryEntry } from '../src/core/samplers/sampler';
import type { EarlyTermination, Params, SearchSpace } from '../src/core/spec/model';
import { seededRandom, trialOf, type CurveFamily, type SyntheticTrial } from './policiesCurves';
import type { SimulatedSweep } from './policiesSim';

/** The space the curves are defined on: learning rate 1e-4..1e-1 (log scale), width 0..1. */
export const CURVE_SPACE: SearchSpace = {
  parameters: [
    { name: 'lr', distribution: { type: 'loguniform', min_value: Math.log(1e-4), max_value: Math.log(1e-1) } },
    { name: 'width', distribution: { type: 'uniform', min_value: 0, max_value: 1 } },
  ],
};

export interface SampledSweepOptions {
  readonly seed: number;
  readonly family: CurveFamily;
  readonly policy: EarlyTermination | undefined;
  readonly trials: number;
  readonly epochs: number;
  readonly workers: number;
  readonly curveAware: boolean;
}

export interface SampledSweep extends SimulatedSweep {
  /**
   * trace[e - 1]: the final value of the trial with the best value reported in the sweep's first
   * e epochs (in report order), so sweeps can be compared at equal epochs.
   */
  readonly trace: readonly number[];
}

interface Run {
  readonly sequence: number;
  readonly params: Params;
  readonly trial: SyntheticTrial;
  readonly values: number[];
  state: 'running' | 'completed' | 'canceled';
}

/** The noise and speed stream of the `index`-th trial of sweep `seed` (independent per trial). */
function trialRandom(seed: number, index: number): () => number {
  return seededRandom((Math.imul(seed + 1, 1_000_003) + Math.imul(index, 7919)) >>> 0);
}

/** One sampler-driven sweep; the result reads as bench/policiesSim.ts's. */
export function simulateSampledSweep(options: SampledSweepOptions): SampledSweep {
  const { seed, family, policy, trials, epochs, workers, curveAware } = options;
  const sampler = createBayesianSampler({ space: CURVE_SPACE, seed, goal: 'minimize' });
  const decide = policy ? createPolicy(policy) : undefined;
  const runs: Run[] = [];
  const history = (): HistoryEntry[] => runs.map((run) => ({
    sequence: run.sequence, params: run.params, primary: run.values,
    state: run.state === 'canceled' && !curveAware ? 'completed' : run.state,
  }));
  const active = (): Run[] => runs.filter((run) => run.state === 'running');
  const fill = (): void => {
    const wanted = Math.min(workers - active().length, trials - runs.length);
    if (wanted <= 0) return;
    for (const proposal of sampler.propose(history(), wanted).proposals) {
      const trial = trialOf(Number(proposal.params.lr), Number(proposal.params.width), epochs, family, trialRandom(seed, runs.length));
      runs.push({ sequence: proposal.sequence, params: proposal.params, trial, values: [], state: 'running' });
    }
  };
  let stopped = 0;
  let best = Number.POSITIVE_INFINITY;
  let pickedFinal = Number.NaN;
  const trace: number[] = [];
  fill();
  while (active().length > 0) {
    for (const run of active()) {
      const value = run.trial.curve[run.values.length] ?? Number.NaN;
      run.values.push(value);
      if (value < best) {
        best = value;
        pickedFinal = run.trial.final;
      }
      trace.push(pickedFinal);
      const done = run.values.length >= run.trial.curve.length;
      let stop = false;
      if (decide && !done) {
        const others: TrialSeries[] = [];
        for (const [i, other] of runs.entries()) {
          if (other !== run && other.values.length > 0) others.push({ id: `sim_${i}`, index: i, primary: other.values });
        }
        const explanation = decide.evaluate({ trial: { id: `sim_${runs.indexOf(run)}`, index: runs.indexOf(run), primary: run.values }, others, goal: 'minimize' });
        stop = explanation?.outcome === 'stop';
      }
      if (stop) stopped += 1;
      if (stop) run.state = 'canceled';
      else if (done) run.state = 'completed';
    }
    fill();
  }
  return { epochs: trace.length, pickedFinal, stopped, trace };
}
