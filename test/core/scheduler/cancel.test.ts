/**
 * Canceling a sweep in-process: `cancel()` stops running trials with reason `user` and journals
 * who asked; `abort()` (the second Ctrl-C) right after it kills them at once without losing the
 * cancel request, and the sweep still ends `Canceled`.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventsOf, journalEvents, openFromFile, specYaml, tempFolder, writeSpec } from './support';

const folder = tempFolder();
after(() => folder.remove());
let counter = 0;

/** Opens a sweep of two trials that report once and then hang (ignoring SIGTERM when asked). */
async function openHanging(ignoreTerm: boolean) {
  counter += 1;
  const dir = join(folder.path, `case_${counter}`);
  mkdirSync(dir, { recursive: true });
  const specPath = writeSpec(dir, specYaml(`--values 1,hang ${ignoreTerm ? '--ignore-term ' : ''}--tag \${{search_space.i}}`, `
sampling_algorithm: grid
search_space:
  i:
    type: choice
    values: [0, 1]
limits:
  max_total_trials: 2
  max_concurrent_trials: 2
`));
  let reported = 0;
  let onBothReported: () => void = () => undefined;
  const bothReported = new Promise<void>((resolve) => (onBothReported = resolve));
  const sweepDir = join(dir, 'sweep');
  const { runner } = await openFromFile(specPath, sweepDir, {
    // A long grace: only abort()'s SIGKILL can end SIGTERM-ignoring trials quickly.
    stopGraceMs: 30_000,
    listener: {
      event: (event) => {
        if (event.type === 'metric' && ++reported === 2) onBothReported();
      },
    },
  });
  return { runner, sweepDir, bothReported };
}

void test('cancel() stops the running trials with reason user and journals the request', async () => {
  const { runner, sweepDir, bothReported } = await openHanging(false);
  const done = runner.start();
  await bothReported;
  runner.cancel('vscode');
  const state = await done;
  assert.equal(state.status, 'Canceled');
  assert.equal(state.endReason, 'user');
  assert.equal(state.cancelRequested?.by, 'vscode');
  assert.deepEqual(state.trials.map((t) => [t.status, t.reason]), [['Canceled', 'user'], ['Canceled', 'user']]);
  const events = await journalEvents(sweepDir);
  assert.equal(eventsOf(events, 'cancel-requested').length, 1);
  assert.equal(events.at(-1)?.type, 'sweep-ended');
});

void test('abort() right after cancel() kills the trials at once and keeps the cancel request', async () => {
  const { runner, sweepDir, bothReported } = await openHanging(true);
  const done = runner.start();
  await bothReported;
  // Both in the same tick, as when two Ctrl-C arrive together: the cancel task has not run yet.
  runner.cancel('signal');
  runner.abort();
  const state = await done;
  assert.equal(state.status, 'Canceled');
  assert.equal(state.endReason, 'user');
  assert.equal(state.cancelRequested?.by, 'signal', 'the cancel request is journaled even though abort() came first');
  assert.ok(state.trials.every((t) => t.status === 'Canceled' && t.reason === 'user' && t.signal === 'SIGKILL'));
  const events = await journalEvents(sweepDir);
  assert.equal(eventsOf(events, 'cancel-requested').length, 1);
  assert.equal(events.at(-1)?.type, 'sweep-ended');
});
