/**
 * The dashboard's Importance tab, from the same analysis `hypersweep analyze` prints
 * (src/core/analysis): computed on the host, where the replayed state already is, and only when
 * the tab asks (fANOVA on 10,000 trials takes a few hundred milliseconds, too much for every update).
 */
import { analyzeSweep } from '../analysis/analysis';
import type { SweepState } from '../journal/state';
import type { SearchSpace } from '../spec/model';
import type { AnalysisView } from '../../shared/dashboardProtocol';

export function analysisView(state: SweepState, space: SearchSpace | undefined): AnalysisView {
  const analysis = analyzeSweep(state, space);
  return {
    trials: analysis.trialCount,
    ...(analysis.undetermined !== undefined ? { undetermined: analysis.undetermined } : {}),
    mainEffects: analysis.mainEffects,
    parameters: analysis.parameters.map((p) => ({ name: p.name, share: p.share ?? null, sentence: p.sentence })),
  };
}
