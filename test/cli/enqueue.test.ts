/**
 * `hypersweep run --enqueue FILE` through the real CLI: a file with mistakes is refused with every
 * problem at its line and column (JSONL and CSV) and nothing runs; a good file's configurations
 * become the first trials exactly, the seeded sampler's own sequence is untouched by them, and a
 * runner killed with SIGKILL mid-queue resumes without re-running or dropping any of them.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramsKey } from '../../src/core/space/encoding';
import { tempFolder } from '../core/scheduler/support';
import { ensureCliBuilt, runCli, startCli, waitUntil } from './support';
import { sweepJournal, writeObjectiveSpec } from './warmStartSupport';

const folder = tempFolder('hypersweep-cli-enqueue-');
after(() => folder.remove());
before(ensureCliBuilt);

void describe('hypersweep run --enqueue', () => {
  void test('a JSONL file with mistakes: every problem at file:line:col with how to fix it, and nothing runs', async () => {
    const dir = join(folder.path, 'bad-jsonl');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 5 });
    writeFileSync(join(dir, 'configs.jsonl'), [
      '{"x": 0.5, "k": "a", "q": 0.25}',
      '{"x": 3, "k": "d", "q": 0.3}',
      '{"x": 1, "kk": 2}',
      '',
      '{"x": 0.5, "k": "a", "q": 0.25}',
      '{"x": 0.1, "k": "b" "q": 0.5}',
    ].join('\n'));
    const result = await runCli(['run', spec, '--out', 'sweep', '--enqueue', 'configs.jsonl'], dir);
    assert.equal(result.code, 2, result.stderr);
    const errors = result.stderr.split('\n').filter((l) => /^configs\.jsonl:\d+:\d+: error/.test(l));
    assert.deepEqual(errors.map((l) => l.split(': error: ')[0]), [
      'configs.jsonl:2:7', 'configs.jsonl:2:15', 'configs.jsonl:2:25', 'configs.jsonl:3:1', 'configs.jsonl:3:10', 'configs.jsonl:5:1', 'configs.jsonl:6:21',
    ]);
    assert.match(errors[0] ?? '', /`x` = 3 is outside its range; values are refused, not clipped: write a number in \[-2, 2\]/);
    assert.match(errors[1] ?? '', /`k` = "d" .*one of \["a","b","c"\]/);
    assert.match(errors[2] ?? '', /`q` = 0\.3 is not on its q grid \(q = 0\.25\).*a multiple of 0\.25 in \[0, 1\]/);
    assert.match(errors[3] ?? '', /`k`, `q` are missing: .*must give every parameter \(x, k, q\)/);
    assert.match(errors[4] ?? '', /`kk` is not a search-space parameter; the parameters are x, k, q/);
    assert.match(errors[5] ?? '', /the same configuration as line 1/);
    assert.match(errors[6] ?? '', /expected `,` or `}`/);
    assert.match(result.stderr, /configs\.jsonl: 7 errors; nothing was run/);
    assert.equal(existsSync(join(dir, 'sweep')), false, 'no sweep folder for a refused file');
  });

  void test('a CSV file with mistakes: positions are the cells', async () => {
    const dir = join(folder.path, 'bad-csv');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 5 });
    writeFileSync(join(dir, 'configs.csv'), 'x,k,q\n0.5,a,0.25\n-2.5,b,0.5\n0.5,a\n0.1,"c",1.25\n');
    const result = await runCli(['run', spec, '--out', 'sweep', '--enqueue', 'configs.csv'], dir);
    assert.equal(result.code, 2, result.stderr);
    const positions = result.stderr.split('\n').filter((l) => /^configs\.csv:\d+:\d+: error/.test(l)).map((l) => l.split(': error: ')[0]);
    assert.deepEqual(positions, ['configs.csv:3:1', 'configs.csv:4:1', 'configs.csv:5:9']);
    assert.match(result.stderr, /configs\.csv:4:1: error: this row has 2 fields, the header 3/);
  });

  void test('more configurations than max_total_trials is refused (they count in it)', async () => {
    const dir = join(folder.path, 'too-many');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 1 });
    writeFileSync(join(dir, 'configs.jsonl'), '{"x": 0, "k": "a", "q": 0}\n{"x": 1, "k": "a", "q": 0}\n');
    const result = await runCli(['run', spec, '--out', 'sweep', '--enqueue', 'configs.jsonl'], dir);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /2 configurations, but max_total_trials is 1/);
  });

  void test('enqueued configurations run first, exactly; the seeded sampler then proposes what it would have without them', async () => {
    const dir = join(folder.path, 'good');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 5 });
    const plainSpec = writeObjectiveSpec(join(dir, 'plain'), 'sweep.yaml', { trials: 3 });
    writeFileSync(join(dir, 'configs.csv'), 'k,x,q\nc,0.125,1\n"a",-1.5,0\n');
    const result = await runCli(['run', spec, '--out', 'sweep', '--enqueue', 'configs.csv'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /enqueued 2 configurations from configs\.csv: they run first/);
    const { state } = await sweepJournal(join(dir, 'sweep'));
    assert.equal(state.trials.length, 5, 'enqueued configurations count in max_total_trials');
    assert.deepEqual(state.trials.slice(0, 2).map((t) => [t.origin, t.params]), [
      ['enqueued', { k: 'c', x: 0.125, q: 1 }],
      ['enqueued', { k: 'a', x: -1.5, q: 0 }],
    ]);
    assert.ok(state.trials.every((t) => t.status === 'Completed'));
    const plain = await runCli(['run', plainSpec, '--out', 'sweep'], join(dir, 'plain'));
    assert.equal(plain.code, 0, plain.stderr);
    const plainState = (await sweepJournal(join(dir, 'plain', 'sweep'))).state;
    assert.deepEqual(state.trials.slice(2).map((t) => paramsKey(t.params)), plainState.trials.map((t) => paramsKey(t.params)));
    const status = await runCli(['status', 'sweep'], dir);
    assert.match(status.stdout, /enqueued: 2 configurations from configs\.csv, 2 created \(sweep_0, sweep_1\)/);
  });

  void test('kill -9 while the queue runs: resume creates each enqueued configuration once, none dropped', async () => {
    const dir = join(folder.path, 'crash');
    const spec = writeObjectiveSpec(dir, 'sweep.yaml', { trials: 4 });
    const configs = [{ x: 0, k: 'a', q: 0 }, { x: 0.25, k: 'b', q: 0.5 }, { x: -0.5, k: 'c', q: 1 }];
    writeFileSync(join(dir, 'configs.jsonl'), configs.map((c) => JSON.stringify(c)).join('\n'));
    writeFileSync(join(dir, 'gate'), '');
    const run = startCli(['run', spec, '--out', 'sweep', '--enqueue', 'configs.jsonl'], dir);
    const started = (): string[] => (existsSync(join(dir, 'started')) ? readdirSync(join(dir, 'started')) : []);
    assert.ok(await waitUntil(() => started().length === 1, 20_000), `the first trial never started: ${run.output()}`);
    run.child.kill('SIGKILL');
    await run.done;
    rmSync(join(dir, 'gate'));
    const resumed = await runCli(['resume', 'sweep'], dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const { state, events } = await sweepJournal(join(dir, 'sweep'));
    assert.equal(state.trials.length, 4);
    assert.deepEqual(state.trials.filter((t) => t.origin === 'enqueued').map((t) => t.params), configs);
    assert.deepEqual(state.trials.slice(0, 3).map((t) => t.origin), ['enqueued', 'enqueued', 'enqueued']);
    assert.equal(events.filter((e) => e.type === 'configs-enqueued').length, 1);
    assert.ok(state.trials.every((t) => t.status === 'Completed'), JSON.stringify(state.trials.map((t) => t.status)));
  });
});
