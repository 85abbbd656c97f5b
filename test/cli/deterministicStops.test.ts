/**
 * Early termination does not depend on how fast trials print or how loaded the machine is: the
 * same seeded sequential sweep (`max_concurrent_trials: 1`), run by the real CLI, makes the same
 * trials, the same stops at the same intervals and finds the same best, whether each trial prints
 * its learning curve paced (30-150 ms per value, so a stop lands before the next value) or all at
 * once (so many values arrive after the stop decision). Values after a stop are kept, flagged
 * after-stop, and count nowhere.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { countedPrimary, replay } from '../../src/core/journal/replay';
import { eventsOf, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';

const folder = tempFolder('hypersweep-cli-determinism-');
after(() => folder.remove());
before(ensureCliBuilt);

const CURVE_SCRIPT = join(__dirname, '..', 'fixtures', 'scheduler', 'curve.js');

function spec(paced: boolean): string {
  return `type: sweep
trial:
  command: node ${JSON.stringify(CURVE_SCRIPT)} --rate \${{search_space.rate}} --steps 12${paced ? ' --paced' : ''}
objective:
  goal: minimize
  primary_metric: loss
sampling_algorithm:
  type: random
  seed: 4242
search_space:
  rate:
    type: uniform
    min_value: 0
    max_value: 1
early_termination:
  type: median_stopping
  evaluation_interval: 1
  delay_evaluation: 2
limits:
  max_total_trials: 7
  max_concurrent_trials: 1
`;
}

/** What must not depend on timing: per trial its params, outcome, stop interval, counted values and best. */
async function runAndSummarise(name: string, paced: boolean): Promise<{ summary: unknown; afterStop: number }> {
  const specPath = writeSpec(folder.path, spec(paced), `${name}.sweep.yaml`);
  const sweepDir = join(folder.path, name);
  const result = await runCli(['run', specPath, '--out', sweepDir, '--name', 'curve'], folder.path);
  assert.equal(result.code, 0, result.stderr);
  const events = (await readJournal(join(sweepDir, 'journal.jsonl'))).events;
  const state = replay(events);
  const stops = eventsOf(events, 'policy-decision').map((e) => [e.explanation.trialId, e.explanation.interval, e.explanation.outcome]);
  const trials = state.trials.map((t) => ({
    id: t.id, params: t.params, status: t.status, reason: t.reason ?? null, counted: countedPrimary(t), best: t.bestPrimary ?? null,
  }));
  const afterStop = eventsOf(events, 'metric').filter((e) => e.afterStop === true).length;
  return { summary: { trials, stops, bestTrialId: state.bestTrialId ?? null }, afterStop };
}

void test('a seeded sequential sweep stops the same trials at the same intervals, paced or printing all at once', async () => {
  const paced = await runAndSummarise('paced', true);
  const burst = await runAndSummarise('burst', false);
  assert.deepEqual(burst.summary, paced.summary);
  const stopped = (paced.summary as { stops: unknown[][] }).stops.filter((s) => s[2] === 'stop');
  assert.ok(stopped.length > 0, 'the policy stopped no trial: the comparison proves nothing');
  // All-at-once printing leaves values after each stop decision: they are journaled, flagged, not counted.
  assert.ok(burst.afterStop > 0, 'no value arrived after a stop decision in the all-at-once run');
});
