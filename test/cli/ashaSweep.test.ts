/**
 * ASHA and Hyperband through the real CLI, on a learning-curve fixture (real processes): stops
 * happen exactly at rung boundaries, each is explained in one sentence with its rung, rank and
 * cut, and a seeded sequential sweep (`max_concurrent_trials: 1`) makes the same stops whether
 * the trials print their curves paced or all at once. Every journaled decision is the one the
 * journal itself gives when replayed up to it (a pure function of the journal).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import type { JournalEvent } from '../../src/core/journal/events';
import { applyEvent, countedPrimary, replay } from '../../src/core/journal/replay';
import { emptySweepState } from '../../src/core/journal/state';
import { createPolicy } from '../../src/core/policies/index';
import { eventsOf, tempFolder, writeSpec } from '../core/scheduler/support';
import { existsSync, readFileSync } from 'node:fs';
import { ensureCliBuilt, runCli, startCli, waitUntil } from './support';

const folder = tempFolder('hypersweep-cli-asha-');
after(() => folder.remove());
before(ensureCliBuilt);

const CURVE_SCRIPT = join(__dirname, '..', 'fixtures', 'scheduler', 'curve.js');

function spec(policy: string, paced: boolean, trials: number): string {
  return `type: sweep
trial:
  command: node ${JSON.stringify(CURVE_SCRIPT)} --rate \${{search_space.rate}} --steps 9${paced ? ' --paced' : ''}
objective:
  goal: minimize
  primary_metric: loss
sampling_algorithm:
  type: random
  seed: 1313
search_space:
  rate:
    type: uniform
    min_value: 0
    max_value: 1
early_termination:
${policy}
limits:
  max_total_trials: ${trials}
  max_concurrent_trials: 1
`;
}

const ASHA = '  type: asha\n  min_resource: 1\n  max_resource: 9\n  reduction_factor: 3';

/**
 * Every journaled decision, decided again from the journal alone: the state replayed up to the
 * event before it, the policy the sweep-created event names, counted values only. Returns the
 * decisions that came out different.
 */
function undecidable(events: readonly JournalEvent[]): string[] {
  const created = events.find((e) => e.type === 'sweep-created');
  assert.ok(created?.type === 'sweep-created' && created.policy);
  const policy = createPolicy(created.policy);
  const state = emptySweepState();
  const different: string[] = [];
  for (const event of events) {
    if (event.type === 'policy-decision') {
      const { trialId } = event.explanation;
      const trial = state.trials.find((t) => t.id === trialId);
      assert.ok(trial);
      const again = policy.evaluate({
        trial: { id: trial.id, index: trial.index, primary: countedPrimary(trial) },
        others: state.trials.filter((t) => t.id !== trialId && t.primary.length > 0).map((t) => ({ id: t.id, index: t.index, primary: countedPrimary(t) })),
        goal: created.goal,
      });
      if (JSON.stringify(again) !== JSON.stringify(event.explanation)) different.push(`${event.explanation.summary}\n  vs ${again?.summary ?? 'no decision'}`);
    }
    applyEvent(state, event);
  }
  return different;
}

interface Run {
  readonly stops: { readonly trialId: string; readonly interval: number; readonly rung: number | undefined; readonly summary: string }[];
  readonly trials: unknown[];
}

async function run(name: string, policy: string, paced: boolean, trials: number, killAtTrial?: number): Promise<Run> {
  const specPath = writeSpec(folder.path, spec(policy, paced, trials), `${name}.sweep.yaml`);
  const sweepDir = join(folder.path, name);
  const args = ['run', specPath, '--out', sweepDir, '--name', 'curve'];
  if (killAtTrial === undefined) {
    const result = await runCli(args, folder.path);
    assert.equal(result.code, 0, result.stderr);
  } else {
    // kill -9 the runner as trial `killAtTrial` starts, then resume to the end.
    const journalPath = join(sweepDir, 'journal.jsonl');
    const cli = startCli(args, folder.path);
    const marker = `"trial-started","trialId":"curve_${killAtTrial}"`;
    const reached = await waitUntil(() => existsSync(journalPath) && readFileSync(journalPath, 'utf8').includes(marker), 60_000);
    assert.ok(reached, `trial ${killAtTrial} never started: ${cli.output()}`);
    cli.child.kill('SIGKILL');
    await cli.done;
    const resumed = await runCli(['resume', sweepDir], folder.path);
    assert.equal(resumed.code, 0, resumed.stderr);
    const text = readFileSync(journalPath, 'utf8');
    assert.equal((text.match(/"runner-started"/g) ?? []).length, 2, 'one run and one resume');
    assert.match(text, new RegExp(`"trial-interrupted","trialId":"curve_${killAtTrial}"|"trialId":"curve_${killAtTrial}","attempt":2`), 'the killed trial ran again');
  }
  const events = (await readJournal(join(sweepDir, 'journal.jsonl'))).events;
  const stops = eventsOf(events, 'policy-decision')
    .filter((e) => e.explanation.outcome === 'stop')
    .map((e) => ({ trialId: e.explanation.trialId, interval: e.explanation.interval, rung: e.explanation.rung?.resource, summary: e.explanation.summary }));
  const state = replay(events);
  assert.deepEqual(undecidable(events), [], 'a journaled decision differs from the one the journal gives');
  return {
    stops,
    trials: state.trials.map((t) => ({ id: t.id, params: t.params, status: t.status, reason: t.reason ?? null, counted: countedPrimary(t), best: t.bestPrimary ?? null })),
  };
}

void test('ASHA stops at rung boundaries only, says why in one sentence, and makes the same stops paced or all at once', async () => {
  const paced = await run('asha-paced', ASHA, true, 9);
  const burst = await run('asha-burst', ASHA, false, 9);
  assert.ok(paced.stops.length >= 3, `ASHA stopped only ${paced.stops.length} trials: the run proves little`);
  for (const stop of paced.stops) {
    assert.ok(stop.interval === 1 || stop.interval === 3, `${stop.trialId} stopped at ${stop.interval}, not a rung`);
    assert.equal(stop.rung, stop.interval);
    assert.match(
      stop.summary,
      new RegExp(`^${stop.trialId} stopped at interval ${stop.interval}: best [0-9.]+ ranks (\\d+) of (\\d+) at rung ${stop.interval} \\(rungs 1, 3\\), outside the top \\d+ \\(max\\(1, floor\\(\\d+ / 3\\)\\)\\) promoted: it needed [0-9.]+ or less \\(asha, compared with \\d+ trials?\\)$`),
    );
  }
  // A stopped trial counts exactly the values up to its rung, whatever it printed after.
  for (const trial of paced.trials as { id: string; counted: number[]; reason: string | null }[]) {
    const stop = paced.stops.find((s) => s.trialId === trial.id);
    if (stop) assert.equal(trial.counted.length, stop.interval, trial.id);
    else assert.equal(trial.counted.length, 9, `${trial.id} was not stopped, so it ran its 9 reports`);
  }
  assert.deepEqual(burst, paced);
});

void test('Hyperband stops trials only at the rungs of their own bracket', async () => {
  const result = await run('hyperband', '  type: hyperband\n  min_resource: 1\n  max_resource: 9\n  reduction_factor: 3', false, 12);
  assert.ok(result.stops.length > 0, 'Hyperband stopped no trial');
  for (const stop of result.stops) {
    assert.match(stop.summary, /\((bracket 1 of 3, rungs 1, 3|bracket 2 of 3, rungs 3)\).*\(hyperband, compared with \d+ trials?\)$/, stop.summary);
    assert.ok([1, 3].includes(stop.interval), stop.summary);
  }
});

void test('ASHA after kill -9 and resume: the same trial outcomes as an uninterrupted run, every decision still the journal\'s', async () => {
  const uninterrupted = await run('asha-whole', ASHA, true, 9);
  const resumed = await run('asha-resumed', ASHA, true, 9, 4);
  assert.deepEqual(resumed.trials, uninterrupted.trials);
  for (const stop of resumed.stops) assert.ok(stop.interval === 1 || stop.interval === 3, stop.summary);
});
