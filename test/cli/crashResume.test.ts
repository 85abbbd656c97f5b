/**
 * Crash and resume, for real: `hypersweep run` is killed with SIGKILL at moments chosen by a seeded
 * generator, then `hypersweep resume` (itself sometimes killed) until the sweep completes. At the
 * end nothing journaled is lost, re-run trials kept their parameters, the sampled sequence is that
 * of an uninterrupted run with the same seed, and no trial process is left behind.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { replay } from '../../src/core/journal/replay';
import { livePids } from '../core/launchers/support';
import { eventsOf, specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli, startCli, waitUntil } from './support';

const folder = tempFolder('hypersweep-cli-crash-');
after(() => folder.remove());
before(ensureCliBuilt);

/** mulberry32: a tiny seeded generator, so a failing kill schedule can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOTAL = 8;
const KILL_SEED = 20240611;

/** The journal's complete lines (a torn last line is not one). */
function completeText(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1);
}

void test('kill -9 and resume, again and again, loses nothing and ends like an uninterrupted run', async () => {
  const pidDir = join(folder.path, 'pids');
  const yaml = specYaml(`--values 0.9,0.7,0.6,0.5,\${{search_space.x}} --extra --delay 90 --tag \${{search_space.kind}} --pid-dir ${JSON.stringify(pidDir)}`, `
sampling_algorithm:
  type: random
  seed: 99
search_space:
  x:
    type: uniform
    min_value: 0
    max_value: 0.4
  kind:
    type: choice
    values: [a, b, c]
limits:
  max_total_trials: ${TOTAL}
  max_concurrent_trials: 2
`);
  const specPath = writeSpec(folder.path, yaml);
  const sweepDir = join(folder.path, 'crashy');
  const journalPath = join(sweepDir, 'journal.jsonl');
  const random = seededRandom(KILL_SEED);
  const prefixes: string[] = [];
  let kills = 0;
  let finished = false;

  for (let round = 0; round < 8 && !finished; round++) {
    const args = round === 0 ? ['run', specPath, '--out', sweepDir, '--name', 'crashy'] : ['resume', sweepDir];
    const cli = startCli(args, folder.path);
    // Kill only once this runner has journaled its start, at a random moment after that.
    const runnersBefore = round;
    const started = await waitUntil(
      () => existsSync(journalPath) && (readFileSync(journalPath, 'utf8').match(/"runner-started"/g) ?? []).length > runnersBefore,
    );
    assert.ok(started, `round ${round}: the runner never started: ${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100 + random() * 1100));
    if (cli.child.exitCode !== null) {
      const result = await cli.done;
      assert.equal(result.code, 0, `round ${round}: ${result.stderr}`);
      finished = true;
      break;
    }
    cli.child.kill('SIGKILL');
    await cli.done;
    kills++;
    prefixes.push(completeText(journalPath));
    const contents = await readJournal(journalPath);
    assert.deepEqual(contents.problems, [], `round ${round}: the journal replays without bad lines`);
    const state = replay(contents.events);
    assert.equal(state.info?.name, 'crashy');
    assert.ok(state.trials.length <= TOTAL);
    // Killed after journaling the end but before exiting: the sweep is complete, nothing to resume.
    if (state.status === 'Completed') finished = true;
  }
  assert.ok(kills >= 3, `the schedule should kill the runner several times (killed ${kills})`);
  if (!finished) {
    const result = await runCli(['resume', sweepDir], folder.path);
    assert.equal(result.code, 0, result.stderr);
  }

  const final = await readJournal(journalPath);
  const finalText = readFileSync(journalPath, 'utf8');
  assert.deepEqual(final.problems, []);
  assert.equal(final.tornBytes, 0);
  for (const prefix of prefixes) assert.ok(finalText.startsWith(prefix), 'every line journaled before a kill is still there, in place');
  const state = replay(final.events);
  assert.equal(state.status, 'Completed');
  assert.equal(state.trials.length, TOTAL);
  assert.equal(new Set(state.trials.map((t) => t.id)).size, TOTAL);
  for (const trial of state.trials) {
    assert.equal(trial.status, 'Completed', `${trial.id}: ${trial.note ?? ''}`);
    assert.equal(trial.primary.length, 5, `${trial.id} reported every interval in its last attempt`);
    assert.deepEqual(Object.keys(trial.metrics).sort(), ['acc', 'loss']);
  }
  // One creation per trial, and every attempt of a trial ran the same command (same parameters).
  const created = eventsOf(final.events, 'trial-created');
  assert.equal(created.length, TOTAL);
  const argvByTrial = new Map<string, string>();
  for (const started of eventsOf(final.events, 'trial-started')) {
    const argv = JSON.stringify(started.argv);
    assert.equal(argvByTrial.get(started.trialId) ?? argv, argv, `${started.trialId} attempt ${started.attempt} ran other parameters`);
    argvByTrial.set(started.trialId, argv);
  }

  // The same spec and seed without interruptions proposes the same sequence.
  const calmDir = join(folder.path, 'calm');
  const calm = await runCli(['run', specPath, '--out', calmDir, '--name', 'crashy'], folder.path);
  assert.equal(calm.code, 0, calm.stderr);
  const calmState = replay((await readJournal(join(calmDir, 'journal.jsonl'))).events);
  assert.deepEqual(state.trials.map((t) => t.params), calmState.trials.map((t) => t.params));

  mkdirSync(pidDir, { recursive: true });
  const pids = readdirSync(pidDir).map(Number);
  assert.ok(pids.length >= TOTAL * 2, 'both runs started their trials');
  assert.ok(await waitUntil(() => livePids(pids).length === 0, 5000), `orphaned trial processes: ${livePids(pids).join(' ')}`);
});
