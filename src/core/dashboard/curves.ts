/**
 * The curves chart's data: which trials are drawn as lines, each downsampled to the chart width,
 * and a min-max band for all the others. Drawing 10,000 lines helps nobody and would freeze the
 * chart; the best trials, the selected one and a few running ones tell the story, and the band
 * shows where everyone else lies.
 */
import { isBetter } from '../journal/replay';
import type { MetricPoint, SweepState, TrialRecord } from '../journal/state';
import { leaderboard } from '../results/leaderboard';
import { downsampleMinMax, envelopeMinMax, STEP_VALUE } from '../results/downsample';
import type { CompareView, CurveSeries, CurvesView } from '../../shared/dashboardProtocol';
import { ownValue } from '../../shared/nameRecords';

/** What to draw. */
export interface CurvesRequest {
  readonly metric: string;
  /** Chart width in pixels: no series gets more points than this. */
  readonly width: number;
  readonly selectedTrialId?: string;
  /** Trials drawn as lines, best first (default 30). */
  readonly maxLines?: number;
  /** How many of the best are emphasised (default 3). */
  readonly bestCount?: number;
  /** Running trials drawn as lines besides the best (default 10), so a live sweep shows movement. */
  readonly runningLines?: number;
}

/** Widths outside this range are clamped: a bad message must not make the host allocate wildly. */
const MIN_WIDTH = 50;
const MAX_WIDTH = 4000;

function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Number.isFinite(width) ? width : MIN_WIDTH)));
}

/**
 * A series against its interval: the n-th report is at x = n (1-based). Curves are drawn against
 * intervals, not the reported step, because intervals are what early-termination policies count
 * ("stopped at interval 5" sits at x = 5), and because a step can say nothing: stdout reports
 * count steps from 0, and MLflow calls without a step all report step 0.
 */
export function byInterval(points: readonly MetricPoint[]): { readonly step: number; readonly value: number }[] {
  return points.map((p, i) => ({ step: i + 1, value: p.value }));
}

/**
 * Where early termination stopped a trial on this metric's curve, as `[interval, value]`. For the
 * primary metric that is the report at the interval the policy decided on; a fast trial may report
 * more before the stop signal lands, and those later points are drawn but are not where it was
 * stopped. Other metrics have no interval of their own, so their last finite point is marked.
 */
function stoppedPoint(trial: TrialRecord, metric: string, primaryMetric: string | undefined): readonly [number, number] | undefined {
  if (trial.reason !== 'early_termination') return undefined;
  const points = ownValue(trial.metrics, metric) ?? [];
  const interval = trial.lastPolicy?.outcome === 'stop' && metric === primaryMetric ? trial.lastPolicy.interval : undefined;
  const decided = interval !== undefined ? points[interval - 1] : undefined;
  if (interval !== undefined && decided && Number.isFinite(decided.value)) return [interval, decided.value];
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (p && Number.isFinite(p.value)) return [i + 1, p.value];
  }
  return undefined;
}

/** The interval of the first value reported after the stop decision, if any (after-stop values are a tail). */
function firstAfterStopInterval(points: readonly MetricPoint[]): number | undefined {
  const at = points.findIndex((p) => p.afterStop === true);
  return at < 0 ? undefined : at + 1;
}

/** The best primary value so far against trial number (index + 1), flat, at most `width` points. */
export function bestSoFarSeries(state: SweepState, width: number): number[] {
  const goal = state.info?.goal ?? 'maximize';
  const points: { step: number; value: number }[] = [];
  let best: number | undefined;
  for (const trial of state.trials) {
    const value = trial.bestPrimary;
    if (value !== undefined && (best === undefined || isBetter(value, best, goal))) best = value;
    if (best !== undefined) points.push({ step: trial.index + 1, value: best });
  }
  return downsampleMinMax(points, STEP_VALUE, clampWidth(width));
}

/** The curves view for `request.metric`. */
export function curvesView(state: SweepState, request: CurvesRequest): CurvesView {
  const width = clampWidth(request.width);
  const metric = request.metric;
  const maxLines = request.maxLines ?? 30;
  const bestCount = request.bestCount ?? 3;
  const runningLines = request.runningLines ?? 10;
  const withData = state.trials.filter((t) => (ownValue(t.metrics, metric)?.length ?? 0) > 0);

  const chosen = new Map<string, CurveSeries['emphasis']>();
  let ranked = 0;
  for (const row of leaderboard(state)) {
    if (chosen.size >= maxLines) break;
    if ((ownValue(row.trial.metrics, metric)?.length ?? 0) === 0) continue;
    chosen.set(row.trial.id, ranked < bestCount && row.rank !== undefined ? 'best' : 'normal');
    ranked++;
  }
  let running = 0;
  for (const trial of withData) {
    if (running >= runningLines) break;
    if (trial.status !== 'Running' || chosen.has(trial.id)) continue;
    chosen.set(trial.id, 'normal');
    running++;
  }
  const bestTrialIds = [...chosen].filter(([, emphasis]) => emphasis === 'best').map(([id]) => id);
  if (request.selectedTrialId !== undefined && withData.some((t) => t.id === request.selectedTrialId)) {
    chosen.set(request.selectedTrialId, 'selected');
  }

  const series: CurveSeries[] = [];
  for (const trial of withData) {
    const emphasis = chosen.get(trial.id);
    if (emphasis === undefined) continue;
    const stoppedAt = stoppedPoint(trial, metric, state.info?.primaryMetric);
    const afterStopFrom = firstAfterStopInterval(ownValue(trial.metrics, metric) ?? []);
    series.push({
      trialId: trial.id,
      points: downsampleMinMax(byInterval(ownValue(trial.metrics, metric) ?? []), STEP_VALUE, width),
      emphasis,
      ...(stoppedAt ? { stoppedAt } : {}),
      ...(afterStopFrom !== undefined ? { afterStopFrom } : {}),
    });
  }
  const envelope = withData.length > series.length
    ? envelopeMinMax(withData.map((t) => byInterval(ownValue(t.metrics, metric) ?? [])), STEP_VALUE, Math.floor(width / 2))
    : [];
  return { metric, width, series, envelope, trialsWithData: withData.length, bestTrialIds, bestSoFar: bestSoFarSeries(state, width) };
}

/** The `metric` curves of the compared trials, each downsampled to `width` (unknown ids left out). */
export function compareView(state: SweepState, trialIds: readonly string[], metric: string, width: number): CompareView {
  const byId = new Map(state.trials.map((t) => [t.id, t]));
  const series = trialIds.flatMap((id) => {
    const trial = byId.get(id);
    return trial ? [{ trialId: id, points: downsampleMinMax(byInterval(ownValue(trial.metrics, metric) ?? []), STEP_VALUE, clampWidth(width)) }] : [];
  });
  return { metric, series };
}
