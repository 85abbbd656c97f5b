/**
 * Early termination end to end: a bandit sweep whose trials print metric series fixed by their
 * parameters, run one at a time so every comparison population is known in advance. The test
 * predicts exactly which trials stop, at which interval, against which best value, and checks the
 * journaled policy decisions, their sentences, and the stopped trials' status and reason.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventsOf, journalEvents, openFromFile, specYaml, tempFolder, writeSpec } from './support';

const folder = tempFolder();
after(() => folder.remove());

// Series per trial (minimize, slack_factor 0.2, checked from interval 2). A trailing `hang` keeps
// the trial running after its last value, so it ends only if the policy stops it.
const GOOD = '1.0,0.5,0.3,0.2';
// Interval 2: best 1.9 against B = 0.5 (GOOD) -> threshold 0.6 -> stop.
const BAD = '2.0,1.9,hang';
// Interval 2: 0.55 <= 0.6; interval 3: 0.32 <= 0.3*1.2; interval 4: 0.22 <= 0.2*1.2 -> completes.
const CLOSE = '1.2,0.55,0.32,0.22';
// Interval 4: best-so-far stays 0.3 against B = 0.2 -> threshold 0.24 -> stop (the 0.9 never helps).
const STALLS = '1.0,0.5,0.3,0.9,hang';

void test('bandit stops exactly the trials its rule says, and journals why', async () => {
  const specPath = writeSpec(folder.path, specYaml('--delay 30 --values ${{search_space.series}}', `
sampling_algorithm: grid
search_space:
  series:
    type: choice
    values: ["${GOOD}", "${BAD}", "${CLOSE}", "${STALLS}"]
limits:
  max_total_trials: 4
  max_concurrent_trials: 1
early_termination:
  type: bandit
  slack_factor: 0.2
  evaluation_interval: 1
  delay_evaluation: 2
`));
  const sweepDir = join(folder.path, 'sweep');
  const { runner } = await openFromFile(specPath, sweepDir, { name: 'et' });
  const state = await runner.start();
  const events = await journalEvents(sweepDir);

  assert.deepEqual(
    state.trials.map((t) => [t.id, t.status, t.reason ?? null]),
    [
      ['et_0', 'Completed', null],
      ['et_1', 'Canceled', 'early_termination'],
      ['et_2', 'Completed', null],
      ['et_3', 'Canceled', 'early_termination'],
    ],
  );
  const decisions = eventsOf(events, 'policy-decision').map((e) => e.explanation);
  const stops = decisions.filter((d) => d.outcome === 'stop');
  assert.deepEqual(
    stops.map((d) => [d.trialId, d.interval, d.value, d.reference, d.populationSize]),
    [
      ['et_1', 2, 1.9, { best: 0.5 }, 1],
      ['et_3', 4, 0.3, { best: 0.2 }, 2],
    ],
  );
  assert.equal(stops[0]?.threshold, 0.6);
  assert.ok(Math.abs((stops[1]?.threshold ?? 0) - 0.24) < 1e-12);
  assert.deepEqual(
    stops.map((d) => d.summary),
    [
      'et_1 stopped at interval 2: best 1.9 > 0.5 * (1 + 0.2) = 0.6 (bandit, compared with 1 trial)',
      'et_3 stopped at interval 4: best 0.3 > 0.2 * (1 + 0.2) = 0.24 (bandit, compared with 2 trials)',
    ],
  );
  // The only other journaled decisions are the skips of the first trial, which had nobody to compare with.
  assert.ok(decisions.filter((d) => d.outcome !== 'stop').every((d) => d.outcome === 'skip' && d.trialId === 'et_0'));
  // A stopped trial's status comes after its decision in the journal.
  for (const stop of stops) {
    const decisionAt = events.findIndex((e) => e.type === 'policy-decision' && e.explanation.trialId === stop.trialId && e.explanation.outcome === 'stop');
    const endedAt = events.findIndex((e) => e.type === 'trial-ended' && e.trialId === stop.trialId);
    assert.ok(decisionAt >= 0 && decisionAt < endedAt);
  }
  assert.equal(state.status, 'Completed');
  assert.equal(state.bestTrialId, 'et_0');
});
