/**
 * The dashboard's static page structure. It holds no data (every value is set later through
 * textContent), so building it from a string is safe; inline styles are avoided because the CSP
 * allows only the stylesheet.
 */
const STATUSES = ['Completed', 'Running', 'Queued', 'Canceled', 'Failed', 'Interrupted'];

export const LAYOUT = `
<header class="header">
  <div class="title-row">
    <h1 id="sweep-name">Loading sweep…</h1>
    <span id="sweep-status" class="badge"></span><span id="sweep-end" class="muted"></span>
    <span id="journal-loading" class="journal-loading" role="status" aria-live="polite"></span>
    <span class="spacer"></span>
    <vscode-button id="stop-button" icon="debug-stop" hidden>Stop</vscode-button>
    <vscode-button id="resume-button" icon="debug-continue" hidden>Resume</vscode-button>
    <vscode-button id="extend-button" icon="add" hidden title="Run more trials of this ended sweep (hypersweep extend)">Extend…</vscode-button>
    <vscode-button id="export-csv" secondary icon="export">Export CSV</vscode-button>
  </div>
  <div id="progress" class="progress" role="progressbar" aria-label="Trials done" aria-valuemin="0"><div id="progress-bar"></div></div>
  <div class="facts-row">
    <span id="progress-text"></span>
    <span>elapsed <strong id="elapsed"></strong></span>
    <span>best <strong id="best-value"></strong> <button id="best-link" class="link" type="button" hidden></button></span>
    <span id="leading" hidden>leading <strong id="leading-value"></strong> <button id="leading-link" class="link" type="button"></button></span>
    <span>sampler <strong id="sampler"></strong></span>
    <span>early termination <strong id="policy"></strong></span>
  </div>
  <ul id="sweep-warnings" class="warnings" aria-label="Warnings recorded in the journal"></ul>
  <ul id="sweep-origins" class="origins" aria-label="Prior trials, enqueued configurations and extensions"></ul>
</header>
<div id="notice" class="notice" role="status" aria-live="polite"></div>
<main class="layout">
  <section class="board" aria-labelledby="board-title">
    <div class="toolbar">
      <h2 id="board-title">Leaderboard</h2>
      <vscode-textfield id="filter-text" placeholder="Filter: trial, status, name=value" aria-label="Filter trials by text"></vscode-textfield>
      <vscode-single-select id="filter-status" aria-label="Filter trials by status">
        <vscode-option value="">All statuses</vscode-option>
        ${STATUSES.map((s) => `<vscode-option value="${s}">${s}</vscode-option>`).join('')}
      </vscode-single-select>
      <span id="row-count" class="muted" aria-live="polite"></span>
      <vscode-button id="clear-brushes" secondary hidden>Clear brushes</vscode-button>
      <vscode-button id="compare-button" secondary icon="diff" hidden>Compare</vscode-button>
      <vscode-button id="compare-clear" secondary hidden>Clear comparison</vscode-button>
    </div>
    <div id="leaderboard" class="leaderboard"></div>
  </section>
  <section id="detail" class="detail" aria-label="Trial detail"></section>
  <section class="charts">
    <vscode-tabs id="tabs">
      <vscode-tab-header slot="header" data-tab="curves">Curves</vscode-tab-header>
      <vscode-tab-panel>
        <div class="toolbar">
          <label for="metric-select">Metric</label>
          <vscode-single-select id="metric-select" aria-label="Metric to plot"></vscode-single-select>
          <span class="spacer"></span>
          <vscode-button secondary icon="file-media" data-png="curves">Curves PNG</vscode-button>
          <vscode-button secondary icon="file-media" data-png="bestSoFar">Best-so-far PNG</vscode-button>
        </div>
        <div class="chart-box"><canvas id="curves-canvas" role="img" aria-describedby="curves-summary"></canvas></div>
        <p id="curves-summary" class="muted"></p>
        <div class="chart-box short"><canvas id="best-canvas" role="img" aria-label="Best value so far against trial number"></canvas></div>
      </vscode-tab-panel>
      <vscode-tab-header slot="header" data-tab="events">Early termination</vscode-tab-header>
      <vscode-tab-panel>
        <p id="et-summary"></p>
        <div class="chart-box short"><canvas id="et-canvas" role="img" aria-label="Trials stopped early so far against time since the sweep started; the list below tells each stop in words"></canvas></div>
        <ol id="et-list" class="et-list" reversed></ol>
      </vscode-tab-panel>
      <vscode-tab-header slot="header" data-tab="parallel">Parallel coordinates</vscode-tab-header>
      <vscode-tab-panel>
        <div class="toolbar">
          <span class="muted">Drag along an axis to keep only the trials in that range (the leaderboard filters too); click an axis to clear its range.</span>
          <span class="spacer"></span>
          <vscode-button secondary icon="file-media" data-png="parallel">PNG</vscode-button>
        </div>
        <canvas id="parallel-canvas" class="parallel" role="img" aria-label="Parallel coordinates of parameters and objective; the leaderboard lists the same trials"></canvas>
      </vscode-tab-panel>
      <vscode-tab-header slot="header" data-tab="scatter">Scatter</vscode-tab-header>
      <vscode-tab-panel>
        <div class="toolbar">
          <label for="scatter-param">Parameter</label>
          <vscode-single-select id="scatter-param" aria-label="Parameter on the x axis"></vscode-single-select>
          <span class="spacer"></span>
          <vscode-button secondary icon="file-media" data-png="scatter">PNG</vscode-button>
        </div>
        <div class="chart-box"><canvas id="scatter-canvas" role="img" aria-label="Objective against the chosen parameter; the leaderboard lists the same values"></canvas></div>
      </vscode-tab-panel>
      <vscode-tab-header slot="header" data-tab="compare">Compare</vscode-tab-header>
      <vscode-tab-panel>
        <p id="compare-hint" class="muted"></p>
        <table id="compare-table" class="compare-table"></table>
        <div class="chart-box"><canvas id="compare-canvas" role="img" aria-label="Curves of the compared trials"></canvas></div>
      </vscode-tab-panel>
      <vscode-tab-header slot="header" data-tab="importance">Importance</vscode-tab-header>
      <vscode-tab-panel>
        <p id="importance-summary" class="muted"></p>
        <div id="importance-bars" class="imp-bars" role="list" aria-label="Share of the objective's variance per parameter"></div>
        <ul id="importance-advice" class="imp-advice"></ul>
        <h3 class="slice-title">Slices: the objective against each parameter</h3>
        <div id="slice-grid" class="slice-grid"></div>
      </vscode-tab-panel>
      <vscode-tab-header slot="header" data-tab="contour">Contour</vscode-tab-header>
      <vscode-tab-panel>
        <div class="toolbar">
          <label for="contour-x">x</label>
          <vscode-single-select id="contour-x" aria-label="Parameter on the x axis"></vscode-single-select>
          <label for="contour-y">y</label>
          <vscode-single-select id="contour-y" aria-label="Parameter on the y axis"></vscode-single-select>
        </div>
        <canvas id="contour-canvas" class="contour" role="img" aria-describedby="contour-legend"></canvas>
        <p id="contour-legend" class="muted"></p>
      </vscode-tab-panel>
      <vscode-tab-header slot="header" data-tab="sweeps">Sweeps</vscode-tab-header>
      <vscode-tab-panel>
        <p id="sweeps-hint" class="muted"></p>
        <table id="sweeps-table" class="compare-table sweeps-table"></table>
        <div class="chart-box"><canvas id="sweeps-canvas" role="img" aria-label="Best value so far against trial number for each sweep of this objective; the table above lists the same sweeps"></canvas></div>
      </vscode-tab-panel>
    </vscode-tabs>
  </section>
</main>`;
