/**
 * A re-run asked for long after a sweep ended (Rerun With Same Parameters in VS Code, or a
 * `rerun` request and `hypersweep resume`): the sweep's `timeout` counts the sweep's own run, so the
 * re-run is not killed by a budget that ran out while nothing ran; the sweep's outcome stays what
 * it was (Completed, max_total_trials), and the re-run's own result is recorded on its trial.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { resumeSweep } from '../../../src/core/scheduler/sweepSession';
import { requestRerun } from '../../../src/core/scheduler/trialActions';
import { eventsOf, journalEvents, openFromFile, specYaml, tempFolder, writeSpec } from './support';

const folder = tempFolder('hypersweep-rerun-after-end-');
after(() => folder.remove());

void test('a re-run after the sweep timeout has passed runs to its end and keeps the sweep Completed', async () => {
  const specPath = writeSpec(folder.path, specYaml('--delay 20 --values ${{search_space.v}}', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: ["0.3,0.25", "0.2,0.1"]
limits:
  max_total_trials: 2
  timeout: 1
`));
  const { runner, sweepDir } = await openFromFile(specPath, join(folder.path, 'sweep'));
  const first = await runner.start();
  assert.equal(first.status, 'Completed');
  // The sweep's 1 s budget runs out while nothing runs.
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(await requestRerun(sweepDir, 'sw_0', 'vscode'), { runnerAlive: false });
  const state = await (await resumeSweep(sweepDir, { stopGraceMs: 500 })).start();

  const rerun = state.trials.find((t) => t.rerunOf === 'sw_0');
  assert.equal(rerun?.status, 'Completed', `the re-run ended ${rerun?.status ?? '(missing)'} (${rerun?.reason ?? ''}), not killed by the old sweep timeout`);
  assert.equal(rerun.bestPrimary, 0.25);
  assert.equal(state.status, 'Completed', 'the sweep keeps its outcome');
  assert.equal(state.endReason, 'max_total_trials');
  const ends = eventsOf(await journalEvents(sweepDir), 'sweep-ended');
  assert.deepEqual(ends.map((e) => [e.status, e.reason]), [['Completed', 'max_total_trials'], ['Completed', 'max_total_trials']]);
  assert.equal(eventsOf(await journalEvents(sweepDir), 'cancel-requested').length, 0);
});
