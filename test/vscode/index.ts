/**
 * The mocha runner that VS Code's extension host loads as `extensionTestsPath` (bundled by
 * .ci/vscode/run.mjs to out/test-vscode/index.js, next to one bundle per `*.vscode.test.ts`).
 * VS Code calls `run()` and waits for its promise: resolved means exit code 0, rejected means 1.
 *
 * Suites use the TDD interface: `import { suite, test } from 'mocha'` (mocha stays external to the
 * bundles, so those names resolve to this runner's mocha instance).
 *
 * Environment (inherited from code-server, set by the harness):
 * - HYPERSWEEP_VSCODE_TEST_GREP: only run tests whose full title matches this regular expression;
 * - HYPERSWEEP_VSCODE_TEST_RESULTS: where to write the results file (default: results.json here).
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the results file holds: the harness prints its summary from it. */
export interface VscodeTestResults {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly durationMs: number;
  readonly failures: readonly { readonly title: string; readonly message: string }[];
}

const SUITE_SUFFIX = '.vscode.test.js';
/** Generous: these tests start real processes (sweeps, trials) inside a real VS Code. */
const TEST_TIMEOUT_MS = 60_000;

/** The bundled suites under `dir`, in a stable order (sub-folders included). */
function findSuites(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findSuites(full));
    else if (entry.name.endsWith(SUITE_SUFFIX)) found.push(full);
  }
  return found.sort();
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

/** Runs every bundled suite with the spec reporter and writes the results file. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: TEST_TIMEOUT_MS, reporter: 'spec', color: false });
  const grep = process.env['HYPERSWEEP_VSCODE_TEST_GREP'];
  if (grep) mocha.grep(new RegExp(grep));
  const suites = findSuites(__dirname);
  if (suites.length === 0) return Promise.reject(new Error(`no *${SUITE_SUFFIX} bundles found in ${__dirname}`));
  for (const file of suites) mocha.addFile(file);

  const resultsFile = process.env['HYPERSWEEP_VSCODE_TEST_RESULTS'] ?? join(__dirname, 'results.json');
  const failures: { title: string; message: string }[] = [];
  let passed = 0;
  let pending = 0;
  const started = Date.now();

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failed) => {
        const results: VscodeTestResults = { passed, failed, pending, durationMs: Date.now() - started, failures };
        try {
          writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
        } catch (error) {
          console.error(`could not write the results file ${resultsFile}: ${errorMessage(error)}`);
        }
        if (failed > 0) reject(new Error(`${failed} of ${failed + passed} VS Code tests failed`));
        else resolve();
      });
      runner.on('pass', () => {
        passed++;
      });
      runner.on('pending', () => {
        pending++;
      });
      runner.on('fail', (test: Mocha.Runnable, error: unknown) => {
        failures.push({ title: test.fullTitle(), message: errorMessage(error) });
      });
    } catch (error) {
      // A suite that throws while loading (e.g. a bad import) lands here.
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
