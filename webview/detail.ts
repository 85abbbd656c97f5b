/**
 * The trial detail pane: parameters, every metric curve (small charts), the command, the
 * early-termination explanation, the log tails, and the actions Rerun With Same Parameters /
 * Show Output / Copy Command (run by the host through the sweeps area's commands).
 */
import type { DashboardCommand, TrialDetailView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, pairs, palette, type XY } from './chartSetup';
import { el, formatDuration, formatValue } from './format';

export class TrialDetail {
  private charts: Chart<'line', XY[]>[] = [];
  private shownId: string | undefined;

  constructor(private readonly root: HTMLElement, private readonly run: (command: DashboardCommand, trialId: string) => void) {
    this.empty();
  }

  private empty(): void {
    this.root.replaceChildren();
    el(this.root, 'p', 'muted', 'Select a trial in the leaderboard (Enter or click) to see its parameters, curves, command and log.');
  }

  /** Shows `detail`; a refresh of the same trial keeps the scroll position of the logs. */
  show(detail: TrialDetailView): void {
    const row = detail.row;
    const same = this.shownId === row.id;
    const logScroll = same ? [...this.root.querySelectorAll('pre.log')].map((p) => p.scrollTop) : [];
    this.shownId = row.id;
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    this.root.replaceChildren();

    const title = el(this.root, 'h2', 'detail-title');
    title.id = 'detail-title';
    title.textContent = row.id;
    el(title, 'span', `badge status-${row.status.toLowerCase()}`, row.status);
    const actions = el(this.root, 'div', 'actions');
    const buttons: [DashboardCommand, string, string][] = [
      ['rerunTrial', 'Rerun With Same Parameters', 'debug-rerun'],
      ['showTrialOutput', 'Show Output', 'output'],
      ['copyTrialCommand', 'Copy Command', 'copy'],
    ];
    for (const [command, label, icon] of buttons) {
      const button = el(actions, 'vscode-button');
      button.setAttribute('secondary', '');
      button.setAttribute('icon', icon);
      button.dataset['command'] = command;
      button.textContent = label;
      button.addEventListener('click', () => this.run(command, row.id));
    }

    if (detail.placement) {
      // Where it runs, or why it waits in a cluster queue: the first thing asked of a slow trial.
      const where = el(this.root, 'p', 'placement');
      where.id = 'detail-placement';
      el(where, 'span', `codicon codicon-${detail.placement.startsWith('pending:') ? 'clock' : 'server'}`);
      where.append(` ${detail.placement}`);
    }

    const facts = el(this.root, 'dl', 'facts');
    const fact = (name: string, value: string): void => {
      if (!value) return;
      el(facts, 'dt', undefined, name);
      el(facts, 'dd', undefined, value);
    };
    fact('Best', formatValue(row.best));
    fact('Intervals', String(row.intervals));
    if (row.startedAt !== undefined) fact('Duration', formatDuration((row.endedAt ?? Date.now()) - row.startedAt));
    if (row.reason) fact('Reason', row.reason);
    for (const [name, value] of Object.entries(row.params)) fact(name, formatValue(value));
    for (const [name, value] of Object.entries(detail.loggedParams)) fact(`${name} (logged)`, value);
    for (const [name, value] of Object.entries(detail.tags)) fact(`${name} (tag)`, value);

    if (detail.policySentence) {
      const policy = el(this.root, 'p', 'policy');
      policy.id = 'detail-policy';
      el(policy, 'span', 'codicon codicon-debug-stop');
      policy.append(` ${detail.policySentence}`);
    }
    if (detail.command) {
      el(this.root, 'h3', undefined, 'Command');
      const pre = el(this.root, 'pre', 'command', detail.command);
      pre.id = 'detail-command';
      if (detail.cwd) el(this.root, 'p', 'muted', `in ${detail.cwd}`);
    }

    const metricNames = Object.keys(detail.metrics);
    if (metricNames.length > 0) {
      el(this.root, 'h3', undefined, 'Metrics');
      const grid = el(this.root, 'div', 'metric-grid');
      const colors = palette();
      metricNames.forEach((name, i) => {
        const box = el(grid, 'div', 'metric-box');
        const canvas = el(box, 'canvas');
        canvas.setAttribute('role', 'img');
        const points = detail.metrics[name] ?? [];
        canvas.setAttribute('aria-label', `${name}: ${points.length / 2} points, last ${formatValue(points.at(-1))}`);
        this.charts.push(new Chart<'line', XY[]>(canvas, {
          type: 'line',
          data: { datasets: [{ label: name, data: pairs(points), borderColor: colors.series[i % colors.series.length] ?? colors.fg, borderWidth: 1.5, pointRadius: points.length <= 40 ? 2 : 0 }] },
          options: baseOptions('interval', name),
        }));
      });
    }

    for (const [label, text] of [['stdout (last 200 lines)', detail.stdoutTail], ['stderr (last 200 lines)', detail.stderrTail]] as const) {
      el(this.root, 'h3', undefined, label);
      const pre = el(this.root, 'pre', 'log', text || '(empty)');
      pre.tabIndex = 0;
    }
    this.root.querySelectorAll('pre.log').forEach((p, i) => {
      p.scrollTop = logScroll[i] ?? p.scrollHeight;
    });
  }
}
