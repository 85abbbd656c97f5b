/**
 * The Importance tab's top half: one bar per parameter, its share of the objective's variance
 * (fANOVA, computed by the host from the journal: src/core/analysis), most important first, and
 * under the bars the sentence to act on for each parameter. Bars are HTML (text stays text: it
 * reads in every theme and to a screen reader); their width is set through the CSSOM, which the
 * page's CSP allows.
 */
import type { AnalysisView } from '../src/shared/dashboardProtocol';
import { el } from './format';

export class ImportanceView {
  constructor(private readonly bars: HTMLElement, private readonly summary: HTMLElement, private readonly advice: HTMLElement) {}

  show(analysis: AnalysisView): void {
    this.summary.textContent = analysis.undetermined !== undefined
      ? `Importance is not known yet: ${analysis.undetermined}.`
      : `Share of the variance of the objective each parameter explains (fANOVA over ${analysis.trials} completed and early-stopped trials); together, one at a time, they explain ${Math.round(analysis.mainEffects * 100)}% of it, their interactions the rest.`;
    this.bars.replaceChildren();
    for (const p of analysis.parameters) {
      const row = el(this.bars, 'div', 'imp-row');
      row.dataset['param'] = p.name;
      el(row, 'span', 'imp-name', p.name);
      const track = el(row, 'span', 'imp-track');
      const bar = el(track, 'span', 'imp-bar');
      bar.style.width = `${Math.max(0, Math.min(1, p.share ?? 0)) * 100}%`;
      el(row, 'span', 'imp-share', p.share === null ? '–' : `${(p.share * 100).toFixed(1)}%`);
    }
    this.advice.replaceChildren(...analysis.parameters.map((p) => {
      const item = document.createElement('li');
      item.textContent = p.sentence;
      return item;
    }));
  }
}
