/** The leaderboard as a text table (`hypersweep status`, and the summary after `run`). */
import type { SweepState } from '../core/journal/state';
import { leaderboard, trialDurationSeconds } from '../core/results/leaderboard';
import { bestText, sweepOutcome } from '../core/results/sweepOutcome';
import type { SearchSpace } from '../core/spec/model';
import { flattenParams } from '../core/results/paramColumns';
import type { CellValue } from '../shared/dashboardProtocol';
import { formatParamValue } from '../core/space/commandValues';
import { placementText, showsPlacement } from './placementText';
import { formatElapsed } from './progress';

/** Parameters as people read them: floats to 6 significant digits (exact values are in `export`). */
function cell(value: CellValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number' && !Number.isInteger(value) && Number.isFinite(value)) return String(Number(value.toPrecision(6)));
  return formatParamValue(value);
}

function number(value: number | undefined): string {
  if (value === undefined) return '-';
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

/**
 * `space` (the sweep's spec copy, when readable) names nested-choice branches; nested choices are
 * columns like any other parameter (`model` = `option 2: arch=cnn`, `model.lr`), as in the dashboard.
 */
export function leaderboardTable(state: SweepState, limit = Number.POSITIVE_INFINITY, space?: SearchSpace): string {
  const primary = state.info?.primaryMetric ?? 'best';
  const rows = leaderboard(state).slice(0, limit);
  const columns = new Map(state.trials.map((t) => [t.id, flattenParams(t.params, space)]));
  const paramNames = [...new Set([...columns.values()].flatMap((c) => Object.keys(c)))];
  // Where each trial ran, once the sweep uses hosts or GPUs (a plain local sweep keeps its columns).
  const where = showsPlacement(state);
  const header = ['rank', 'trial', 'status', primary, ...paramNames, 'duration', ...(where ? ['where'] : [])];
  const body = rows.map(({ rank, trial }) => {
    const status = trial.reason ? `${trial.status} (${trial.reason})` : trial.status;
    const seconds = trialDurationSeconds(trial);
    return [
      rank === undefined ? '-' : String(rank),
      trial.id,
      status,
      number(trial.bestPrimary),
      ...paramNames.map((n) => cell(columns.get(trial.id)?.[n])),
      seconds === undefined ? '-' : formatElapsed(seconds * 1000),
      ...(where ? [placementText(trial.placement) || '-'] : []),
    ];
  });
  const table = [header, ...body];
  // A loop, not Math.max(...column): a sweep of 100,000+ trials would overflow the stack as arguments.
  const widths = header.map((_, c) => table.reduce((widest, r) => Math.max(widest, (r[c] ?? '').length), 0));
  return table.map((r) => r.map((v, c) => v.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

/** One line about the sweep as a whole. */
export function sweepSummary(state: SweepState): string {
  const count = (status: string) => state.trials.filter((t) => t.status === status).length;
  const stopped = state.trials.filter((t) => t.reason === 'early_termination').length;
  const elapsed = state.startedAt !== undefined ? formatElapsed((state.endedAt ?? Date.now()) - state.startedAt) : '-';
  // The same words as the dashboard header and the VS Code tree: best = finished trials only,
  // an unfinished trial ahead of it is "leading"; a sweep without any primary value says so.
  const best = bestText(state, number);
  const why = state.endReason ? ` (${state.endReason.replace(/_/g, ' ')})` : '';
  return (
    `sweep ${state.info?.name ?? '?'} ${sweepOutcome(state).label}${why}: ${state.trials.length} trials, ` +
    `${count('Completed')} completed, ${count('Failed')} failed, ${count('Canceled')} canceled ` +
    `(${stopped} early-terminated); ${best}; ${elapsed}\n`
  );
}
