/**
 * Early-termination events: a timeline (interval at which each trial was stopped, in the order
 * the policy decided) and the list of stops, each a full sentence with its numbers. The list is
 * also the timeline's text alternative; each entry opens its trial.
 */
import type { TerminationView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, palette, type XY } from './chartSetup';
import { el } from './format';

/** How many list entries are rendered at most (the timeline still shows every stop). */
const LIST_LIMIT = 500;

export class TerminationsView {
  private chart: Chart<'scatter', (XY & { id: string })[]> | undefined;
  private shown = -1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly list: HTMLOListElement,
    private readonly summary: HTMLElement,
    private readonly onPick: (trialId: string) => void,
  ) {}

  show(terminations: readonly TerminationView[], checks: number, policy: string): void {
    this.summary.textContent = policy === 'none'
      ? 'No early-termination policy: every trial runs to the end.'
      : `${terminations.length} trial${terminations.length === 1 ? '' : 's'} stopped early after ${checks} check${checks === 1 ? '' : 's'} (${policy}).`;
    if (this.shown === terminations.length) return;
    this.shown = terminations.length;
    const latest = terminations.slice(-LIST_LIMIT).reverse();
    this.list.replaceChildren();
    for (const t of latest) {
      const item = el(this.list, 'li', 'et-item');
      const button = el(item, 'button', 'link', t.trialId);
      button.type = 'button';
      button.addEventListener('click', () => this.onPick(t.trialId));
      el(item, 'span', 'et-sentence', ` ${t.sentence}`);
    }
    const colors = palette();
    const data = terminations.map((t, i) => ({ x: i + 1, y: t.interval, id: t.trialId }));
    const options = baseOptions('stop number (in decision order)', 'stopped at interval');
    options.onClick = (_e, elements) => {
      const hit = elements[0];
      const point = hit ? data[hit.index] : undefined;
      if (point) this.onPick(point.id);
    };
    const datasets = [{ label: 'stops', data, pointRadius: 4, pointStyle: 'crossRot' as const, borderColor: colors.stop, borderWidth: 2 }];
    if (this.chart) {
      this.chart.data.datasets = datasets;
      this.chart.update('none');
    } else {
      this.chart = new Chart(this.canvas, { type: 'scatter', data: { datasets }, options: options as NonNullable<Chart<'scatter', (XY & { id: string })[]>['options']> });
    }
  }
}
