/**
 * The dashboard webview's entry point: builds the page, wires the views to the store, and speaks
 * the protocol of src/shared/dashboardProtocol.ts with the host. The page's own settings (sort,
 * filters, selection, tab, metric) are kept with `setState`, so a reload restores them; the
 * sweep folder is kept there too, which is what VS Code's serializer reopens the panel with.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { AnalysisView, ChartName, DashboardCommand, HostToWebview, WebviewToHost } from '../src/shared/dashboardProtocol';
import { canvasToPng } from './chartSetup';
import { CompareTrials } from './compare';
import { ContourPlot } from './contour';
import { CurvesCharts } from './curves';
import { TrialDetail } from './detail';
import { byId } from './format';
import { HeaderView } from './header';
import { ImportanceView } from './importance';
import { LAYOUT } from './layout';
import { Leaderboard } from './leaderboard';
import { ParallelCoordinates } from './parallel';
import { ScatterChart } from './scatter';
import { SlicePlots } from './slices';
import { SweepsView } from './sweeps';
import { DashboardStore, type SortOrder } from './store';
import { TerminationsView } from './terminations';
import { Throttle } from './throttle';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the page remembers across reloads. */
interface SavedState {
  sweepDir: string;
  sort?: SortOrder;
  text?: string;
  status?: string;
  selectedId?: string;
  tab?: number;
  metric?: string;
  scatterParam?: string;
  contourX?: string;
  contourY?: string;
}

type ValueElement = HTMLElement & { value: string };

const vscode = acquireVsCodeApi();
const saved: Partial<SavedState> = (vscode.getState() as Partial<SavedState> | undefined) ?? {};
const app = byId('app');
app.innerHTML = LAYOUT;

const store = new DashboardStore();
if (saved.sort) store.sort = saved.sort;
store.text = saved.text ?? '';
store.status = saved.status ?? '';
store.selectedId = saved.selectedId;
let metric = saved.metric;
let scatterParam = saved.scatterParam;
let contourX = saved.contourX;
let contourY = saved.contourY;
let tab = saved.tab ?? 0;

function save(): void {
  const state: SavedState = {
    sweepDir: document.body.dataset['sweepDir'] ?? saved.sweepDir ?? '',
    sort: store.sort, text: store.text, status: store.status, tab,
    ...(store.selectedId !== undefined ? { selectedId: store.selectedId } : {}),
    ...(metric !== undefined ? { metric } : {}),
    ...(scatterParam !== undefined ? { scatterParam } : {}),
    ...(contourX !== undefined ? { contourX } : {}),
    ...(contourY !== undefined ? { contourY } : {}),
  };
  vscode.setState(state);
}

function chartWidth(): number {
  return Math.max(200, Math.round(byId('curves-canvas').parentElement?.clientWidth || document.body.clientWidth - 40));
}

function openTrial(trialId: string): void {
  store.select(trialId);
  save();
  vscode.postMessage({ type: 'selectTrial', trialId });
  requestCurves();
}

function requestCurves(): void {
  const name = metric ?? store.header?.primaryMetric;
  if (!name) return;
  vscode.postMessage({ type: 'requestCurves', metric: name, chartWidth: chartWidth(), ...(store.selectedId !== undefined ? { selectedTrialId: store.selectedId } : {}) });
}

const header = new HeaderView(openTrial);
const leaderboard = new Leaderboard(byId('leaderboard'), store, openTrial);
const detail = new TrialDetail(byId('detail'), (command, trialId) => vscode.postMessage({ type: 'runCommand', command, trialId }));
const curves = new CurvesCharts(byId<HTMLCanvasElement>('curves-canvas'), byId<HTMLCanvasElement>('best-canvas'), byId('curves-summary'));
const terminations = new TerminationsView(byId<HTMLCanvasElement>('et-canvas'), byId<HTMLOListElement>('et-list'), byId('et-summary'), openTrial);
const parallel = new ParallelCoordinates(byId<HTMLCanvasElement>('parallel-canvas'), store);
const compare = new CompareTrials(byId<HTMLTableElement>('compare-table'), byId('compare-hint'), byId<HTMLCanvasElement>('compare-canvas'));
const scatter = new ScatterChart(byId<HTMLCanvasElement>('scatter-canvas'), openTrial);
const importance = new ImportanceView(byId('importance-bars'), byId('importance-summary'), byId('importance-advice'));
const slices = new SlicePlots(byId('slice-grid'));
const contour = new ContourPlot(byId<HTMLCanvasElement>('contour-canvas'), byId('contour-legend'));
const sweeps = new SweepsView(byId<HTMLTableElement>('sweeps-table'), byId('sweeps-hint'), byId<HTMLCanvasElement>('sweeps-canvas'));
const IMPORTANCE_TAB = 5;
const CONTOUR_TAB = 6;
const SWEEPS_TAB = 7;
// The host reads every sibling sweep's journal: at most every 5 s while this sweep runs.
const sweepsThrottle = new Throttle(5000, () => vscode.postMessage({ type: 'requestSweepComparison', chartWidth: chartWidth() }));
/** The latest importance from the host: orders the slices and picks the contour's default axes. */
let analysis: AnalysisView | undefined;
// fANOVA runs on the host: while trials stream in, at most every 3 s (and once after the last).
const analysisThrottle = new Throttle(3000, () => vscode.postMessage({ type: 'requestAnalysis' }));
const contourThrottle = new Throttle(1000, () => drawContour());

/**
 * Parameters by importance once it is known (those the analysis looked at: a nested option's
 * constants such as `model.arch` say no more than their branch `model`), else in first-seen order.
 */
function paramsByImportance(): string[] {
  const names = store.header?.paramNames ?? [];
  const ranked = (analysis?.parameters ?? []).map((p) => p.name).filter((n) => names.includes(n));
  return ranked.length > 0 ? ranked : [...names];
}

function drawSlices(): void {
  const h = store.header;
  if (!h) return;
  slices.show(store.allRows(), paramsByImportance(), h.primaryMetric, h.paramScales);
}

function contourAxes(): [string | undefined, string | undefined] {
  const ranked = paramsByImportance();
  const x = contourX ?? ranked[0];
  return [x, contourY ?? ranked.find((n) => n !== x)];
}

function drawContour(): void {
  const h = store.header;
  const [x, y] = contourAxes();
  if (!h || x === undefined || y === undefined || tab !== CONTOUR_TAB) return;
  contour.show(store.allRows(), x, y, h.paramScales, h.goal, h.primaryMetric);
}

/** Fills a select with `names` when they changed, keeping the chosen value. */
function fillSelect(select: ValueElement, names: readonly string[], chosen: string | undefined): void {
  const key = names.join('\u0000');
  if (select.dataset['names'] !== key) {
    select.dataset['names'] = key;
    select.replaceChildren(...names.map((name) => {
      const option = document.createElement('vscode-option');
      option.setAttribute('value', name);
      option.textContent = name;
      return option;
    }));
  }
  if (chosen !== undefined && names.includes(chosen) && select.value !== chosen) select.value = chosen;
}

let renderQueued = false;
let scatterDrawnAt = 0;
/** Repaints everything that depends on the store, once per frame at most. */
function render(): void {
  renderQueued = false;
  const h = store.header;
  if (!h) return;
  header.show(h);
  leaderboard.render();
  const visible = store.visibleRows().length;
  byId('row-count').textContent = `${visible} of ${store.size} trials`;
  byId('clear-brushes').hidden = store.brushCount === 0;
  terminations.show(store.terminations, h.policy, h.startedAt, (id) => store.row(id)?.endedAt, h.rungs);
  fillSelect(byId<ValueElement>('metric-select'), h.metricNames, metric ?? h.primaryMetric);
  fillSelect(byId<ValueElement>('scatter-param'), h.paramNames, scatterParam ?? h.paramNames[0]);
  const compared = store.compared.map((id) => store.row(id)).filter((r): r is NonNullable<typeof r> => r !== undefined);
  byId('compare-button').hidden = compared.length < 2;
  byId('compare-button').textContent = `Compare (${compared.length})`;
  byId('compare-clear').hidden = compared.length === 0;
  compare.showTable(compared, h.paramNames, h.primaryMetric);
  requestCompareIfChanged();
  if (tab === 2) parallel.requestDraw();
  // The scatter rebuilds its chart: at most once a second while updates stream in, and once more
  // after the last update, so the final rows are always drawn.
  if (tab === 3) scheduleScatter();
  if (tab === IMPORTANCE_TAB) analysisThrottle.request();
  if (tab === CONTOUR_TAB) {
    const [x, y] = contourAxes();
    fillSelect(byId<ValueElement>('contour-x'), h.paramNames, x);
    fillSelect(byId<ValueElement>('contour-y'), h.paramNames, y);
    contourThrottle.request();
  }
  if (tab === SWEEPS_TAB) sweepsThrottle.request();
}

let scatterTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleScatter(): void {
  const wait = scatterDrawnAt + 1000 - Date.now();
  if (wait <= 0) {
    drawScatter();
    return;
  }
  scatterTimer ??= setTimeout(() => {
    scatterTimer = undefined;
    if (tab === 3) drawScatter();
  }, wait);
}

function drawScatter(): void {
  const h = store.header;
  const param = scatterParam ?? h?.paramNames[0];
  if (!h || param === undefined) return;
  scatterDrawnAt = Date.now();
  scatter.show(store.allRows(), param, h.primaryMetric, h.bestTrialId, h.paramScales?.[param]);
}

/** Asks the host for the compared trials' curves when the set or the metric changed. */
let compareAsked = '';
function requestCompareIfChanged(): void {
  const name = metric ?? store.header?.primaryMetric;
  const ids = store.compared.length >= 2 ? store.compared : [];
  const key = `${name ?? ''}|${ids.join('\u0000')}`;
  if (!name || key === compareAsked) return;
  compareAsked = key;
  vscode.postMessage({ type: 'requestCompare', trialIds: ids, metric: name, chartWidth: chartWidth() });
}

function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(render);
}
store.onChange(scheduleRender);

let firstSnapshot = true;
function receive(message: HostToWebview): void {
  switch (message.type) {
    case 'snapshot':
      if (firstSnapshot) performance.mark('hypersweep:snapshot-received');
      store.reset(message.header, message.trials, message.terminations, message.checks);
      if (firstSnapshot) {
        firstSnapshot = false;
        render(); // synchronously: the first view must not wait for a frame
        performance.mark('hypersweep:first-render');
        if (store.selectedId !== undefined && store.row(store.selectedId)) openTrial(store.selectedId);
        else if (metric !== undefined && metric !== message.header.primaryMetric) requestCurves();
      }
      return;
    case 'update':
      store.update(message.header, message.trials, message.terminations, message.checks);
      return;
    case 'curves':
      if (message.curves.metric === (metric ?? store.header?.primaryMetric)) {
        curves.show(message.curves, store.header?.primaryMetric ?? '', store.header?.goal ?? '');
      }
      return;
    case 'compare':
      if (store.compared.length >= 2) compare.showCurves(message.compare);
      return;
    case 'analysis':
      performance.mark('hypersweep:analysis-received');
      analysis = message.analysis;
      importance.show(message.analysis);
      if (tab === IMPORTANCE_TAB) drawSlices();
      performance.mark('hypersweep:importance-rendered');
      return;
    case 'sweepComparison':
      sweeps.show(message.comparison);
      return;
    case 'trialDetail':
      if (message.detail.row.id === store.selectedId) detail.show(message.detail);
      return;
    case 'notice': {
      const notice = byId('notice');
      notice.textContent = message.message;
      notice.className = `notice ${message.level}`;
      return;
    }
  }
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => receive(event.data));

// Controls.
const filterText = byId<ValueElement>('filter-text');
filterText.value = store.text;
filterText.addEventListener('input', () => {
  store.setText(filterText.value);
  save();
});
const filterStatus = byId<ValueElement>('filter-status');
filterStatus.value = store.status;
filterStatus.addEventListener('change', () => {
  store.setStatus(filterStatus.value);
  save();
});
byId('clear-brushes').addEventListener('click', () => parallel.clearBrushes());
byId('compare-button').addEventListener('click', () => {
  tab = 4;
  tabs.selectedIndex = tab;
  save();
  render();
});
byId('compare-clear').addEventListener('click', () => store.setCompared([]));
byId('stop-button').addEventListener('click', () => vscode.postMessage({ type: 'runCommand', command: 'stopSweep' satisfies DashboardCommand }));
byId('resume-button').addEventListener('click', () => vscode.postMessage({ type: 'runCommand', command: 'resumeSweep' }));
byId('extend-button').addEventListener('click', () => vscode.postMessage({ type: 'runCommand', command: 'extendSweep' }));
byId('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'exportCsv' }));
byId<ValueElement>('metric-select').addEventListener('change', (e) => {
  metric = (e.currentTarget as ValueElement).value;
  save();
  requestCurves();
  requestCompareIfChanged();
});
byId<ValueElement>('contour-x').addEventListener('change', (e) => {
  contourX = (e.currentTarget as ValueElement).value;
  save();
  drawContour();
});
byId<ValueElement>('contour-y').addEventListener('change', (e) => {
  contourY = (e.currentTarget as ValueElement).value;
  save();
  drawContour();
});
byId<ValueElement>('scatter-param').addEventListener('change', (e) => {
  scatterParam = (e.currentTarget as ValueElement).value;
  save();
  drawScatter();
});
const pngSources: Record<ChartName, () => string> = {
  curves: () => canvasToPng(byId<HTMLCanvasElement>('curves-canvas')),
  bestSoFar: () => canvasToPng(byId<HTMLCanvasElement>('best-canvas')),
  scatter: () => canvasToPng(byId<HTMLCanvasElement>('scatter-canvas')),
  parallel: () => parallel.toPng(),
};
document.querySelectorAll<HTMLElement>('[data-png]').forEach((button) => {
  button.addEventListener('click', () => {
    const chart = button.dataset['png'] as ChartName;
    vscode.postMessage({ type: 'exportPng', chart, dataUrl: pngSources[chart]() });
  });
});
const tabs = byId<HTMLElement & { selectedIndex: number }>('tabs');
tabs.selectedIndex = tab;
tabs.addEventListener('vsc-tabs-select', () => {
  tab = tabs.selectedIndex;
  save();
  render();
  if (tab === 3) drawScatter();
  if (tab === IMPORTANCE_TAB) analysisThrottle.runNow();
  if (tab === CONTOUR_TAB) contourThrottle.runNow();
  if (tab === SWEEPS_TAB) sweepsThrottle.runNow();
});
// A theme switch changes the CSS variables: repaint the canvases with the new colours.
new MutationObserver(() => {
  curves.repaint(store.header?.primaryMetric ?? '', store.header?.goal ?? '');
  parallel.requestDraw();
  if (tab === IMPORTANCE_TAB) drawSlices();
  if (tab === CONTOUR_TAB) drawContour();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

save();
vscode.postMessage({ type: 'ready', chartWidth: chartWidth() });
