#!/usr/bin/env node
// The real-VS-Code test tier (`npm run test:vscode`):
//   1. install.sh: code-server (pinned, cached outside the package), chromium, ripgrep, libkrb5-dev;
//   2. `npm run package` (production build + VSIX), then `npm run build` (dev build for the tests);
//   3. bundle test/vscode/index.ts and every test/vscode/**/*.vscode.test.ts into out/test-vscode/;
//   4. an isolated code-server profile; the VSIX installed into it with --install-extension;
//   5. extension-host stage: the mocha suite in the real extension host, with the repository as
//      the extension under development, on a temp copy of test/fixtures/vscode-workspace/;
//   6. UI stage: Playwright checks against the VSIX-installed extension on another copy, where
//      the CLI has already run a small sweep; screenshots in out/screenshots/;
//   7. Restricted Mode stage: a second code-server with workspace trust on (the first is stopped),
//      the same installed VSIX, a fresh copy; the trust prompt is declined and Run Sweep must
//      refuse while validation still works (test/vscode/ui/restricted.ui.ts); skipped with --skip-ui;
//   8. stop code-server and anything the tests left running; print `N passed, N failed`.
//
// Options: --grep RE (extension-host tests whose title matches), --skip-ui, --keep (keep the
// temp run folder). Env: HYPERSWEEP_E2E_HOME (code-server cache), HYPERSWEEP_E2E_EXT_TIMEOUT_MS
// (default 300000), HYPERSWEEP_E2E_UI_TIMEOUT_MS (default 240000), HYPERSWEEP_E2E_VERBOSE=1.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import * as esbuild from 'esbuild';
import {
  codeServerEnv, endProcesses, freePort, installExtension, prepareProfile, processesWithMarker, startCodeServer,
} from './codeServer.mjs';
import { runExtensionTests } from './extensionHost.mjs';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const grep = option('--grep');
const skipUi = args.includes('--skip-ui');
const keep = args.includes('--keep');
const verbose = process.env.HYPERSWEEP_E2E_VERBOSE === '1';
const extTimeoutMs = Number(process.env.HYPERSWEEP_E2E_EXT_TIMEOUT_MS ?? 300_000);
const uiTimeoutMs = Number(process.env.HYPERSWEEP_E2E_UI_TIMEOUT_MS ?? 240_000);

// One bundle folder per run: engineers run the harness concurrently in one work tree.
const outTests = join(root, 'out', 'test-vscode', `run-${process.pid}`);
const shotDir = join(root, 'out', 'screenshots');
const fixtureWorkspace = join(root, 'test', 'fixtures', 'vscode-workspace');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The screenshots this harness writes (UI checks and the extension-host window). */
const OWN_SHOTS = /^(extension-host-end|explorer-.*|spec-.*|restricted-.*|ui-failure-.*)\.png$/;
/** User settings of the Restricted Mode stage: trust on, and the trust prompt at every start. */
const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'always',
  'security.workspace.trust.emptyWindow': false,
};

const timings = [];
async function step(name, body) {
  console.log(`\n=== ${name}`);
  const t0 = Date.now();
  try {
    return await body();
  } finally {
    timings.push([name, (Date.now() - t0) / 1000]);
  }
}

/** Runs a command with inherited output; throws with what to do when it fails. */
function sh(command, commandArgs, { timeoutMs = 600_000, cwd = root, capture = false } = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd, timeout: timeoutMs, encoding: 'utf8', stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
  });
  if (result.error) throw new Error(`${command} ${commandArgs.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout ?? '';
}

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'ui' ? [] : findFiles(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

async function bundleTests() {
  rmSync(outTests, { recursive: true, force: true });
  const suites = findFiles(join(root, 'test', 'vscode'), '.vscode.test.ts');
  console.log(`suites: ${suites.map((f) => relative(root, f)).join(', ') || '(none)'}`);
  await esbuild.build({
    entryPoints: [join(root, 'test', 'vscode', 'index.ts'), ...suites],
    outbase: join(root, 'test', 'vscode'),
    outdir: outTests,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // vscode comes from the extension host; mocha must be the runner's own instance, so that
    // `import { suite, test } from 'mocha'` in the suites reaches it.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return suites.length;
}

/**
 * Runs test/vscode/ui/runUi.ts against `baseUrl` and `workspace` (`set`: its optional check-set
 * argument) and returns the stage's { passed, failed, code }.
 */
function runUiChecks(baseUrl, workspace, resultsFile, set) {
  const result = spawnSync(process.execPath, [
    '--import', 'tsx', join(root, 'test', 'vscode', 'ui', 'runUi.ts'), baseUrl, workspace, shotDir, resultsFile, ...(set ? [set] : []),
  ], { cwd: root, stdio: 'inherit', timeout: uiTimeoutMs, env: { ...process.env, HYPERSWEEP_E2E_REPO: root } });
  const results = readResults(resultsFile);
  if (!results) console.log(`the UI checks did not finish (exit ${result.status ?? result.signal})`);
  return { passed: results?.passed ?? 0, failed: results ? results.failed : 1, code: result.status ?? 1 };
}

function readResults(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function main() {
  const t0 = Date.now();
  const entry = await step('install code-server, chromium, ripgrep', () => {
    // install.sh reports progress, then code-server's entry script on its last line.
    const lines = sh('bash', [join(root, '.ci', 'vscode', 'install.sh')], { timeoutMs: 1_200_000, capture: true }).trim().split('\n');
    const last = lines.pop();
    if (lines.length > 0) console.log(lines.join('\n'));
    return last;
  });
  if (!entry || !existsSync(entry)) throw new Error(`install.sh did not report code-server's entry script (got "${entry}")`);

  const runDir = mkdtempSync(join(tmpdir(), 'hypersweep-vscode-'));
  console.log(`run folder: ${runDir}`);
  // Into the run folder, not the repository root, so that concurrent runs do not clash.
  const vsix = join(runDir, `${manifest.name}-${manifest.version}.vsix`);
  await step('npm run package (production build + VSIX)', () => {
    sh('npm', ['run', '--silent', 'package', '--', '--out', vsix], { timeoutMs: 300_000 });
    if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  });
  await step('npm run build (development build for the tests)', () => sh('npm', ['run', '--silent', 'build']));
  const suiteCount = await step('bundle the extension-host tests', bundleTests);

  const marker = randomUUID();
  const profile = prepareProfile(runDir);
  const env = codeServerEnv(profile, marker, {
    HYPERSWEEP_VSCODE_TEST_RESULTS: join(runDir, 'ext-results.json'),
    HYPERSWEEP_E2E_REPO: root,
    ...(grep ? { HYPERSWEEP_VSCODE_TEST_GREP: grep } : {}),
  });
  const extWorkspace = join(runDir, 'workspace-ext');
  const uiWorkspace = join(runDir, 'workspace-ui');
  const restrictedWorkspace = join(runDir, 'workspace-restricted');
  cpSync(fixtureWorkspace, extWorkspace, { recursive: true });
  cpSync(fixtureWorkspace, uiWorkspace, { recursive: true });
  cpSync(fixtureWorkspace, restrictedWorkspace, { recursive: true });
  // Other tiers save screenshots here too: replace only this harness's own files.
  mkdirSync(shotDir, { recursive: true });
  for (const name of readdirSync(shotDir)) {
    if (OWN_SHOTS.test(name)) rmSync(join(shotDir, name), { force: true });
  }

  await step('code-server --install-extension (the VSIX)', () => {
    console.log(installExtension(entry, profile, env, vsix));
  });

  if (!skipUi) {
    await step('run the UI sweep with the CLI', () =>
      sh(process.execPath, [join(root, 'dist', 'cli.js'), 'run', 'ui/explorer.sweep.yaml'], { cwd: uiWorkspace, timeoutMs: 120_000, capture: true }));
  }

  let server;
  let restrictedServer;
  const stages = [];
  const cleanup = async () => {
    if (server) await server.stop();
    server = undefined;
    if (restrictedServer) await restrictedServer.stop();
    restrictedServer = undefined;
    const leftovers = processesWithMarker(marker);
    if (leftovers.length > 0) {
      console.log(`ending ${leftovers.length} process(es) the tests left running: ${leftovers.join(' ')}`);
      await endProcesses(leftovers);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping code-server`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    server = await step('start code-server', async () => {
      const port = await freePort();
      return startCodeServer({ entry, profile, env, port, folder: extWorkspace });
    });
    console.log(`code-server ${server.baseUrl} (pid ${server.pid}), log ${profile.log}`);

    await step(`extension-host tests (${suiteCount} suites)`, async () => {
      const code = await runExtensionTests({
        baseUrl: server.baseUrl, devPath: root, testsPath: join(outTests, 'index.js'), folder: extWorkspace,
        timeoutMs: extTimeoutMs, screenshot: join(shotDir, 'extension-host-end.png'), verbose,
      });
      const results = readResults(env.HYPERSWEEP_VSCODE_TEST_RESULTS);
      const stage = {
        name: 'extension host',
        passed: results?.passed ?? 0,
        // No results file: the runner never finished (load error, crash, timeout).
        failed: results ? results.failed : 1,
        code,
      };
      if (!results) console.log(`no results file: the test runner did not finish (VS Code exit code ${code})`);
      for (const f of results?.failures ?? []) console.log(`  failed: ${f.title}`);
      stages.push(stage);
    });

    if (!skipUi) {
      await step('UI checks (installed VSIX)', () => {
        stages.push({ name: 'UI', ...runUiChecks(server.baseUrl, uiWorkspace, join(runDir, 'ui-results.json')) });
      });

      await step('Restricted Mode UI check (workspace trust on)', async () => {
        // One code-server at a time: the second one shares the first one's extensions folder.
        await server.stop();
        server = undefined;
        const restrictedProfile = { ...prepareProfile(join(runDir, 'restricted'), TRUST_SETTINGS), extensions: profile.extensions };
        try {
          restrictedServer = await startCodeServer({
            entry, profile: restrictedProfile, env: codeServerEnv(restrictedProfile, marker), port: await freePort(),
            folder: restrictedWorkspace, workspaceTrust: true,
          });
          stages.push({ name: 'Restricted Mode', ...runUiChecks(restrictedServer.baseUrl, restrictedWorkspace, join(runDir, 'restricted-results.json'), 'restricted') });
        } finally {
          if (restrictedServer) await restrictedServer.stop();
          restrictedServer = undefined;
        }
      });
    }
  } finally {
    await step('stop code-server and leftovers', cleanup);
    rmSync(outTests, { recursive: true, force: true });
  }

  console.log('\n=== timings');
  for (const [name, seconds] of timings) console.log(`${name.padEnd(52)} ${seconds.toFixed(1).padStart(6)} s`);
  console.log(`${'total'.padEnd(52)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
  console.log(`screenshots: ${shotDir}`);
  for (const s of stages) console.log(`${s.name}: ${s.passed} passed, ${s.failed} failed (exit ${s.code})`);
  const passed = stages.reduce((n, s) => n + s.passed, 0);
  const failed = stages.reduce((n, s) => n + s.failed + (s.failed === 0 && s.code !== 0 ? 1 : 0), 0);
  if (failed === 0 && !keep) rmSync(runDir, { recursive: true, force: true });
  else console.log(`run folder kept: ${runDir}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`\ntest:vscode failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('0 passed, 1 failed');
    process.exit(1);
  },
);
