/**
 * `hypersweep extend DIR --max-trials N [--timeout S]` through the real CLI: after completion and
 * after a cancel the sweep gets exactly N more trials, the seeded sampler continues its sequence
 * (the extended sweep's trials are those of one uninterrupted longer sweep), the timeout window
 * starts afresh, the earlier outcome stays in the journal, and a runner killed with SIGKILL in the
 * middle of an extension resumes into the extension, not the old limit.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramsKey } from '../../src/core/space/encoding';
import { tempFolder } from '../core/scheduler/support';
import { ensureCliBuilt, runCli, startCli, waitUntil } from './support';
import { sweepJournal, writeObjectiveSpec } from './warmStartSupport';

const folder = tempFolder('hypersweep-cli-extend-');
after(() => folder.remove());
before(ensureCliBuilt);

function startedCount(dir: string): number {
  return existsSync(join(dir, 'started')) ? readdirSync(join(dir, 'started')).length : 0;
}

void describe('hypersweep extend', () => {
  void test('after completion: N more trials continuing the seeded sequence; status counts them coherently', async () => {
    const dir = join(folder.path, 'completed');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 4, concurrency: 2 });
    const longSpec = writeObjectiveSpec(join(dir, 'long'), 'sweep.yaml', { trials: 7, concurrency: 2 });
    assert.equal((await runCli(['run', spec, '--out', 'sweep'], dir)).code, 0);
    const extended = await runCli(['extend', 'sweep', '--max-trials', '3'], dir);
    assert.equal(extended.code, 0, extended.stderr);
    assert.match(extended.stderr, /extended: 3 more trials \(max_total_trials 4 → 7\) after Completed/);
    const { state, events } = await sweepJournal(join(dir, 'sweep'));
    assert.equal(state.trials.length, 7);
    assert.equal(state.info?.limits.max_total_trials, 7);
    assert.equal(state.status, 'Completed');
    assert.equal(state.endReason, 'max_total_trials');
    // The earlier outcome is still in the journal, before the extension.
    const types = events.map((e) => e.type);
    const extendedAt = types.indexOf('sweep-extended');
    assert.ok(extendedAt > types.indexOf('sweep-ended'), 'the first sweep-ended stays before the extension');
    assert.equal(types.filter((t) => t === 'sweep-ended').length, 2);
    assert.deepEqual(state.extensions?.map((e) => [e.previousStatus, e.previousReason, e.previousMaxTotalTrials, e.maxTotalTrials, e.trialsBefore]), [['Completed', 'max_total_trials', 4, 7, 4]]);
    // The seeded sampler continued: the same 7 configurations as one 7-trial sweep.
    assert.equal((await runCli(['run', longSpec, '--out', 'sweep'], join(dir, 'long'))).code, 0);
    const long = (await sweepJournal(join(dir, 'long', 'sweep'))).state;
    assert.deepEqual(state.trials.map((t) => [t.sequence, paramsKey(t.params)]), long.trials.map((t) => [t.sequence, paramsKey(t.params)]));
    const status = await runCli(['status', 'sweep'], dir);
    assert.match(status.stdout, /Completed \(max total trials\): 7 trials/);
    assert.match(status.stdout, /extended at \d\d:\d\d:\d\d UTC: \+3 trials \(max_total_trials 4 → 7\) after Completed \(max_total_trials\) with 4 trials/);
    const json = JSON.parse((await runCli(['status', 'sweep', '--json'], dir)).stdout) as { sweep: { limits: { max_total_trials: number } }; extensions: unknown[] };
    assert.equal(json.sweep.limits.max_total_trials, 7);
    assert.equal(json.extensions.length, 1);
  });

  void test('after a cancel: N more trials than were made, the canceled trial is not re-run', async () => {
    const dir = join(folder.path, 'canceled');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 10 });
    writeFileSync(join(dir, 'gate'), '');
    const run = startCli(['run', spec, '--out', 'sweep'], dir);
    assert.ok(await waitUntil(() => startedCount(dir) === 1, 20_000), run.output());
    assert.equal((await runCli(['cancel', 'sweep'], dir)).code, 0);
    assert.equal((await run.done).code, 130);
    rmSync(join(dir, 'gate'));
    const extended = await runCli(['extend', 'sweep', '--max-trials', '2'], dir);
    assert.equal(extended.code, 0, extended.stderr);
    assert.match(extended.stderr, /extended: 2 more trials \(max_total_trials 10 → 3\) after Canceled/);
    const { state } = await sweepJournal(join(dir, 'sweep'));
    assert.deepEqual(state.trials.map((t) => t.status), ['Canceled', 'Completed', 'Completed']);
    assert.deepEqual(state.trials.map((t) => t.sequence), [0, 1, 2]);
    assert.equal(state.status, 'Completed');
    assert.deepEqual(state.extensions?.map((e) => [e.previousStatus, e.previousReason]), [['Canceled', 'user']]);
  });

  void test('a fresh timeout window: a sweep that started an hour ago is extended under its 600 s timeout, and runs', async () => {
    const dir = join(folder.path, 'timeout');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 2, timeout: 600 });
    assert.equal((await runCli(['run', spec, '--out', 'sweep'], dir)).code, 0);
    // The sweep as it would be an hour later: its 600 s window (from its first start) is long over.
    const journalPath = join(dir, 'sweep', 'journal.jsonl');
    const hourAgo = (line: string): string => line.replace(/"t":(\d+)/, (_, t: string) => `"t":${Number(t) - 3_600_000}`);
    writeFileSync(journalPath, readFileSync(journalPath, 'utf8').split('\n').map(hourAgo).join('\n'));
    const extended = await runCli(['extend', 'sweep', '--max-trials', '2'], dir);
    assert.equal(extended.code, 0, extended.stderr);
    assert.match(extended.stderr, /timeout 600 s from now/);
    const { state } = await sweepJournal(join(dir, 'sweep'));
    assert.equal(state.status, 'Completed', 'with the old window the new trials would have been canceled at once (sweep_timeout)');
    assert.deepEqual(state.trials.map((t) => t.status), ['Completed', 'Completed', 'Completed', 'Completed']);
    const again = await runCli(['extend', 'sweep', '--max-trials', '1', '--timeout', '900'], dir);
    assert.equal(again.code, 0, again.stderr);
    const last = (await sweepJournal(join(dir, 'sweep'))).state;
    assert.equal(last.info?.limits.timeout, 900);
    assert.deepEqual(last.extensions?.map((e) => e.timeout), [600, 900]);
    const missing = await runCli(['extend', 'sweep'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /needs --max-trials N/);
  });

  void test('a sweep that ran its whole space cannot be extended: nothing is journaled, it says what to do', async () => {
    const dir = join(folder.path, 'exhausted');
    const space = `  k:
    type: choice
    values: [a, b]
  x:
    type: choice
    values: [0.5]`;
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 5, sampling: 'grid', space });
    assert.equal((await runCli(['run', spec, '--out', 'sweep'], dir)).code, 0);
    const before = await sweepJournal(join(dir, 'sweep'));
    assert.equal(before.state.endReason, 'space_exhausted');
    const refused = await runCli(['extend', 'sweep', '--max-trials', '2'], dir);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /ran every configuration of its search space; there is nothing more to run\. Widen the space in a new spec and warm-start from this sweep/);
    assert.equal((await sweepJournal(join(dir, 'sweep'))).events.length, before.events.length);
  });

  void test('kill -9 in the middle of an extension: resume continues the extension (its limit, one extension event)', async () => {
    const dir = join(folder.path, 'crash');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 2 });
    assert.equal((await runCli(['run', spec, '--out', 'sweep'], dir)).code, 0);
    writeFileSync(join(dir, 'gate'), '');
    const extend = startCli(['extend', 'sweep', '--max-trials', '3'], dir);
    assert.ok(await waitUntil(() => startedCount(dir) === 3, 20_000), extend.output());
    extend.child.kill('SIGKILL');
    await extend.done;
    rmSync(join(dir, 'gate'));
    const resumed = await runCli(['resume', 'sweep'], dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const { state, events } = await sweepJournal(join(dir, 'sweep'));
    assert.equal(events.filter((e) => e.type === 'sweep-extended').length, 1);
    assert.equal(state.trials.length, 5);
    assert.ok(state.trials.every((t) => t.status === 'Completed'));
    assert.equal(state.endReason, 'max_total_trials');
    const again = await runCli(['resume', 'sweep'], dir);
    assert.equal(again.code, 1, 'a completed extension has nothing to resume');
  });
});
