/**
 * What `status`, the VS Code tree and the dashboard say about a sweep's enqueued configurations,
 * prior trials (warm start) and extensions, computed once here so the views agree. The earlier
 * outcome of an extended sweep is told as it was, in its own line, never rewritten.
 */
import { bestFinite } from '../journal/replay';
import type { SweepExtension, SweepState } from '../journal/state';
import { formatNumber } from '../space/numbers';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** `extended at 12:00:01 UTC: +10 trials (max_total_trials 30 → 40) after Completed (max_total_trials) with 30 trials; timeout 600 s from then`. */
export function extensionLine(extension: SweepExtension): string {
  const before = `${extension.previousStatus}${extension.previousReason !== undefined ? ` (${extension.previousReason})` : ''}`;
  const timeout = extension.timeout !== undefined ? `; timeout ${formatNumber(extension.timeout)} s from then` : '';
  return `extended at ${clock(extension.time)} UTC: +${plural(extension.addTrials, 'trial')} (max_total_trials ${extension.previousMaxTotalTrials} → ${extension.maxTotalTrials}) after ${before} with ${plural(extension.trialsBefore, 'trial')}${timeout}`;
}

/** `prior: 50 trials from sweep folder a (warm start): best loss 0.12 (a_7); not trials of this sweep`. */
export function priorLine(state: SweepState): string | undefined {
  const priors = state.priors;
  if (!priors) return undefined;
  const goal = state.info?.goal ?? 'minimize';
  const best = bestFinite(priors.trials.flatMap((t) => (t.value === null ? [] : [t.value])), goal);
  const bestTrial = best === undefined ? undefined : priors.trials.find((t) => t.value === best);
  const bestText = best === undefined ? 'no value' : `best ${state.info?.primaryMetric ?? 'value'} ${formatNumber(best)} (${bestTrial?.id ?? '?'})`;
  return `prior: ${plural(priors.trials.length, 'trial')} from ${priors.source} (warm start): ${bestText}; the sampler's prior observations, not trials of this sweep (not run, not counted in max_total_trials, never its best)`;
}

/** `enqueued: 3 configurations from configs.jsonl, 2 created (s_0, s_1)`. */
export function enqueuedLine(state: SweepState): string | undefined {
  const enqueued = state.enqueued;
  if (!enqueued) return undefined;
  const created = state.trials.filter((t) => t.origin === 'enqueued').map((t) => t.id);
  const shown = created.length > 6 ? `${created.slice(0, 6).join(', ')}, …` : created.join(', ');
  return `enqueued: ${plural(enqueued.configs.length, 'configuration')} from ${enqueued.source}, ${created.length} created${created.length > 0 ? ` (${shown})` : ''}`;
}

/** Every line above that applies, in the order things happened. */
export function originLines(state: SweepState): string[] {
  return [priorLine(state), enqueuedLine(state), ...(state.extensions ?? []).map(extensionLine)].filter((l): l is string => l !== undefined);
}
