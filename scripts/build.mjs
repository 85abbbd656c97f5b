// Bundles the extension (dist/extension.js, `vscode` external), the CLI (dist/cli.js) and the proposal
// worker (dist/proposalWorker.js) with esbuild.
// `--watch` rebuilds on change; `--production` minifies without source maps.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const builds = [
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js' },
  // The Bayesian sampler's worker thread: the runner (CLI or extension bundle) looks for it beside itself.
  { ...common, entryPoints: ['src/core/samplers/proposalWorker.ts'], outfile: 'dist/proposalWorker.js' },
];
if (existsSync(`${root}src/extension/extension.ts`)) {
  builds.push({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
}

// The dashboard webview: a browser bundle (Chart.js and the VS Code elements inside) plus its css
// and the codicon font, all under dist/webview/ (the panel's only local resource root).
if (existsSync(`${root}webview/main.ts`)) {
  builds.push({
    ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { dashboard: 'webview/main.ts', 'dashboard-style': 'webview/dashboard.css' },
    outdir: 'dist/webview', loader: { '.ttf': 'file' },
  });
  mkdirSync(`${root}dist/webview`, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(`${root}node_modules/@vscode/codicons/dist/${file}`, `${root}dist/webview/${file}`);
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
