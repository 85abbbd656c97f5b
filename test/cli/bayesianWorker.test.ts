/**
 * The bundled CLI runs Bayesian proposals in dist/proposalWorker.js: a run finds the worker (no
 * "not used" warning), exits by itself when the sweep ends (no thread left holding it), and a
 * SIGINT or SIGTERM in the middle of a sweep still cancels it (exit 130) with the worker running.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { replay } from '../../src/core/journal/replay';
import { specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, ROOT, runCli, startCli, waitUntil } from './support';

const folder = tempFolder('hypersweep-cli-bayesian-worker-');
after(() => folder.remove());
before(ensureCliBuilt);
let counter = 0;

function newCase(trials: number): { dir: string; specPath: string; sweepDir: string } {
  counter += 1;
  const dir = join(folder.path, `case_${counter}`);
  mkdirSync(dir, { recursive: true });
  const yaml = specYaml('--delay 1 --values ${{search_space.x}}', `
sampling_algorithm: bayesian
search_space:
  x:
    type: uniform
    min_value: 0
    max_value: 1
  y:
    type: choice
    values: [1, 2, 3]
limits:
  max_total_trials: ${trials}
  max_concurrent_trials: 2
`);
  return { dir, specPath: writeSpec(dir, yaml), sweepDir: join(dir, 'sweep') };
}

async function stateOf(sweepDir: string) {
  return replay((await readJournal(join(sweepDir, 'journal.jsonl'))).events);
}

function trialsCreated(sweepDir: string): number {
  const path = join(sweepDir, 'journal.jsonl');
  return existsSync(path) ? (readFileSync(path, 'utf8').match(/"type":"trial-created"/g) ?? []).length : 0;
}

void describe('Bayesian proposals in the bundled CLI', () => {
  void test('the worker is built beside the CLI and used; the run exits by itself', async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'proposalWorker.js')));
    const c = newCase(12);
    const result = await runCli(['run', c.specPath, '--out', c.sweepDir, '--seed', '4'], c.dir);
    assert.equal(result.code, 0, result.stderr);
    const state = await stateOf(c.sweepDir);
    assert.equal(state.status, 'Completed');
    assert.equal(state.trials.length, 12);
    assert.deepEqual(state.warnings.map((w) => w.message), []);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    void test(`${signal} during a sweep whose proposals come from the worker cancels it (exit 130)`, async () => {
      const c = newCase(400);
      const run = startCli(['run', c.specPath, '--out', c.sweepDir, '--seed', '5'], c.dir);
      // Past the space-filling start (5 trials for 2 dimensions): proposals come from the model.
      assert.ok(await waitUntil(() => trialsCreated(c.sweepDir) >= 12, 60_000), `no model proposals: ${run.output()}`);
      run.child.kill(signal);
      const result = await run.done;
      assert.equal(result.code, 130, result.stderr);
      const state = await stateOf(c.sweepDir);
      assert.equal(state.status, 'Canceled');
      assert.ok(state.trials.length < 400);
      assert.deepEqual(state.warnings.map((w) => w.message), []);
    });
  }
});
