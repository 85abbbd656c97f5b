#!/usr/bin/env node
// `npm run test:electron`: the same extension-host suite as `npm run test:vscode`
// (test/vscode/index.ts and every test/vscode/**/*.vscode.test.ts, the UI checks excepted) run
// under @vscode/test-electron, the runner most VS Code extensions use, in a VS Code desktop build
// that it downloads. Use it on a machine that can download VS Code; here and in CI, where
// nothing can be downloaded, `npm run test:vscode` (code-server + Chromium) runs the suite.
//
// Steps: dev build of the extension; bundle the suite to out/test-electron/ (the same esbuild
// settings as .ci/vscode/run.mjs); a temp copy of test/fixtures/vscode-workspace/; download (or
// reuse .vscode-test/) VS Code `engines.vscode`'s minimum version; runTests with the repository
// as the extension under development. Options: --grep RE, --vscode-version V (e.g. stable).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const grep = option('--grep');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// engines.vscode is `^1.100.0`: test on the oldest version the extension accepts.
const version = option('--vscode-version') ?? manifest.engines.vscode.replace(/^[\^~>=]+/, '');
const outTests = join(root, 'out', 'test-electron');

function suites(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'ui' ? [] : suites(full);
    return entry.name.endsWith('.vscode.test.ts') ? [full] : [];
  });
}

function fail(message) {
  console.error(`test:electron: ${message}`);
  process.exit(1);
}

/** True for errors that mean "VS Code could not be downloaded" (offline, proxy, DNS). */
function isDownloadFailure(error) {
  const text = `${error?.code ?? ''} ${error?.message ?? String(error)}`;
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|Failed to get|download|socket hang up|status code/i.test(text);
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail(`the extension build failed (exit ${build.status ?? build.signal})`);

rmSync(outTests, { recursive: true, force: true });
const files = suites(join(root, 'test', 'vscode'));
await esbuild.build({
  entryPoints: [join(root, 'test', 'vscode', 'index.ts'), ...files],
  outbase: join(root, 'test', 'vscode'),
  outdir: outTests,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  // vscode comes from the extension host; mocha must be the runner's own instance.
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`bundled ${files.length} suites into ${outTests}`);

const workspace = mkdtempSync(join(tmpdir(), 'hypersweep-electron-'));
cpSync(join(root, 'test', 'fixtures', 'vscode-workspace'), workspace, { recursive: true });
const resultsFile = join(outTests, 'results.json');

const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
let exitCode = 1;
try {
  let executable;
  try {
    executable = await downloadAndUnzipVSCode(version);
  } catch (error) {
    if (isDownloadFailure(error)) {
      fail(`could not download VS Code ${version} (${error?.message ?? String(error)}).\n` +
        'This runner needs a machine that can download VS Code. Where it cannot (offline, or this ' +
        "project's CI), run the same suite with `npm run test:vscode` (code-server + Chromium).");
    }
    throw error;
  }
  exitCode = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(outTests, 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: {
      HYPERSWEEP_VSCODE_TEST_RESULTS: resultsFile,
      HYPERSWEEP_E2E_REPO: root,
      ...(grep ? { HYPERSWEEP_VSCODE_TEST_GREP: grep } : {}),
    },
  });
} catch (error) {
  console.error(`test:electron: ${error?.message ?? String(error)}`);
  exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`${results.passed} passed, ${results.failed} failed`);
}
process.exit(exitCode);
