/**
 * The `hypersweep` commands as a user runs them: exit codes, the text and JSON each prints, the
 * results document's format, and the usage errors. One small sweep is run in a `before` hook and
 * then viewed with `status` and `export`.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli, type CliResult } from './support';

const folder = tempFolder('hypersweep-cli-commands-');
after(() => folder.remove());
const cwd = folder.path;
const outputPath = join(cwd, 'results.json');
let runResult: CliResult;

// Three trials (the grid's first three points): two complete, one exits 3 after reporting its series.
const GOOD_SPEC = specYaml('--delay 5 --values ${{search_space.series}} --exit ${{search_space.code}}', `
sampling_algorithm: grid
search_space:
  series:
    type: choice
    values: ["0.8,0.4", "0.9,0.3"]
  code:
    type: choice
    values: [0, 3]
limits:
  max_total_trials: 3
  max_concurrent_trials: 1
`);

const BAD_SPEC = `type: sweep
trial:
  command: python train.py --lr \${{search_space.lr}}
search_space:
  lr:
    type: uniform
    min_value: 1
    max_value: 0
objective:
  goal: minimize
  primary_metric: loss
limits:
  max_total_trials: 3
  max_concurent_trials: 2
`;

const RANDOM_SPEC = specYaml('--delay 1 --values ${{search_space.x}} --tag ${{search_space.k}}', `
sampling_algorithm: random
search_space:
  x:
    type: uniform
    min_value: 0
    max_value: 1
  k:
    type: choice
    values: [a, b, c, d]
limits:
  max_total_trials: 3
  max_concurrent_trials: 3
`);

const DIAGNOSTIC_LINE = /^[a-z]+\.yaml:\d+:\d+: (error|warning|info): .+ \[[a-z0-9-]+\]$/;

before(async () => {
  await ensureCliBuilt();
  writeSpec(cwd, GOOD_SPEC, 'good.yaml');
  writeSpec(cwd, BAD_SPEC, 'bad.yaml');
  writeSpec(cwd, RANDOM_SPEC, 'random.yaml');
  runResult = await runCli(['run', 'good.yaml', '--out', 'done', '--output', 'results.json'], cwd);
});

void describe('hypersweep run', () => {
  void test('a completed sweep exits 0, prints the leaderboard and writes --output', () => {
    assert.equal(runResult.code, 0, runResult.stderr);
    assert.match(runResult.stdout, /^rank\s+trial\s+status\s+loss\s+series\s+code\s+duration$/m);
    assert.match(runResult.stdout, /^1\s+good_2\s+Completed\s+0\.3\s/m);
    assert.match(runResult.stderr, /sweep good Completed \(max total trials\): 3 trials, 2 completed, 1 failed/);
    const results = JSON.parse(readFileSync(outputPath, 'utf8')) as { best_trial: string; trials: unknown[] };
    assert.equal(results.best_trial, 'good_2');
    assert.equal(results.trials.length, 3);
  });

  void test('a sweep whose trials all fail exits 1', async () => {
    const spec = specYaml('--values 1 --delay 1 --exit ${{search_space.code}}', `
sampling_algorithm: grid
search_space:
  code:
    type: choice
    values: [2, 5]
limits:
  max_total_trials: 2
`);
    writeSpec(cwd, spec, 'failing.yaml');
    const result = await runCli(['run', 'failing.yaml', '--out', 'failing'], cwd);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /sweep failing Failed \(all trials failed\)/);
  });

  void test('a spec with errors exits 2 with file:line:col diagnostics and runs nothing', async () => {
    const result = await runCli(['run', 'bad.yaml', '--out', 'never'], cwd);
    assert.equal(result.code, 2);
    const lines = result.stderr.trim().split('\n');
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.match(line, DIAGNOSTIC_LINE);
    assert.ok(lines.some((l) => l.includes('did you mean `max_concurrent_trials`')), result.stderr);
    const sample = await runCli(['sample', 'bad.yaml'], cwd);
    assert.equal(sample.code, 2);
  });
});

void describe('hypersweep status and export', () => {
  void test('status prints the summary and the leaderboard', async () => {
    const result = await runCli(['status', 'done'], cwd);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[0] ?? '', /^sweep good Completed \(max total trials\): 3 trials, 2 completed, 1 failed, 0 canceled/);
    assert.match(result.stdout, /^rank\s+trial\s+status\s+loss\s+series\s+code\s+duration$/m);
    const ranks = lines.filter((l) => /^(\d+|-)\s+good_\d/.test(l)).map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    assert.deepEqual(ranks, ['1 good_2 Completed', '2 good_0 Completed', '3 good_1 Failed']);
  });

  void test('status --json is the results document plus the ranking', async () => {
    const result = await runCli(['status', 'done', '--json'], cwd);
    assert.equal(result.code, 0);
    const doc = JSON.parse(result.stdout) as { format: string; ranking: string[]; orphaned: boolean };
    assert.equal(doc.format, 'hypersweep-results/1');
    assert.deepEqual(doc.ranking, ['good_2', 'good_0', 'good_1']);
    assert.equal(doc.orphaned, false);
  });

  void test('export --format json has the documented fields, and equals run --output', async () => {
    const result = await runCli(['export', 'done', '--format', 'json'], cwd);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(doc, JSON.parse(readFileSync(outputPath, 'utf8')));
    assert.equal(doc.format, 'hypersweep-results/1');
    assert.equal(doc.best_trial, 'good_2');
    const sweep = doc.sweep as Record<string, unknown>;
    for (const key of ['name', 'status', 'objective', 'sampling', 'seed', 'started_at', 'ended_at']) assert.ok(key in sweep, `sweep.${key}`);
    assert.equal(sweep.name, 'good');
    assert.equal(sweep.status, 'Completed');
    assert.deepEqual(sweep.objective, { goal: 'minimize', primary_metric: 'loss' });
    assert.equal(sweep.sampling, 'grid');
    assert.match(String(sweep.started_at), /^\d{4}-\d\d-\d\dT/);
    const trials = doc.trials as Record<string, unknown>[];
    assert.equal(trials.length, 3);
    for (const trial of trials) {
      for (const key of ['id', 'index', 'params', 'status', 'status_reason', 'metrics', 'best', 'exit_code', 'started_at', 'ended_at', 'target']) {
        assert.ok(key in trial, `trial.${key}`);
      }
    }
    const [first, second] = trials;
    assert.deepEqual(
      { id: first?.id, index: first?.index, params: first?.params, status: first?.status, status_reason: first?.status_reason, best: first?.best, exit_code: first?.exit_code, target: first?.target },
      { id: 'good_0', index: 0, params: { series: '0.8,0.4', code: 0 }, status: 'Completed', status_reason: null, best: 0.4, exit_code: 0, target: 'local' },
    );
    const loss = (first?.metrics as Record<string, { step: number; value: number; time: string }[]>).loss ?? [];
    assert.deepEqual(loss.map((p) => [p.step, p.value]), [[0, 0.8], [1, 0.4]]);
    assert.ok(loss.every((p) => !Number.isNaN(Date.parse(p.time))));
    assert.deepEqual([second?.status, second?.exit_code], ['Failed', 3]);
  });

  void test('export --format csv has one row per trial', async () => {
    const result = await runCli(['export', 'done', '--format', 'csv', '-o', 'out.csv'], cwd);
    assert.equal(result.code, 0, result.stderr);
    const rows = readFileSync(join(cwd, 'out.csv'), 'utf8').trim().split('\n');
    assert.equal(rows[0], 'id,index,status,status_reason,best,param.series,param.code,last.loss,exit_code,started_at,ended_at,target');
    assert.equal(rows.length, 4);
    assert.match(rows[1] ?? '', /^good_0,0,Completed,,0\.4,"0\.8,0\.4",0,0\.4,0,\d{4}-.*,local$/);
    assert.match(rows[2] ?? '', /^good_1,1,Failed,,0\.4,"0\.8,0\.4",3,0\.4,3,/);
  });

  void test('resume of a completed sweep is refused and leaves its journal as it was', async () => {
    const journalPath = join(cwd, 'done', 'journal.jsonl');
    const before = readFileSync(journalPath, 'utf8');
    const result = await runCli(['resume', 'done'], cwd);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already ended Completed; there is nothing to resume/);
    assert.equal(readFileSync(journalPath, 'utf8'), before);
  });

  void test('export of a folder without a sweep is a usage error', async () => {
    const result = await runCli(['export', '.'], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not a sweep folder/);
  });
});

void describe('hypersweep validate', () => {
  void test('a valid spec exits 0; a spec with errors exits 1 with one line per problem', async () => {
    const ok = await runCli(['validate', 'good.yaml'], cwd);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const bad = await runCli(['validate', 'bad.yaml', 'good.yaml'], cwd);
    assert.equal(bad.code, 1);
    const lines = bad.stdout.trim().split('\n');
    // The summary is the last line of stdout, after every diagnostic; stderr stays empty.
    const summary = lines.pop();
    for (const line of lines) assert.match(line, DIAGNOSTIC_LINE);
    assert.ok(lines.some((l) => /^bad\.yaml:\d+:\d+: error: /.test(l)));
    assert.ok(!lines.some((l) => /^good\.yaml:\d+:\d+: error: /.test(l)));
    assert.match(summary ?? '', /^2 files checked: \d+ errors?, /);
    assert.equal(bad.stderr, '');
  });

  void test('--json prints diagnostic records', async () => {
    const result = await runCli(['validate', 'bad.yaml', '--json'], cwd);
    assert.equal(result.code, 1);
    const records = JSON.parse(result.stdout) as { file: string; severity: string; code: string; message: string; range: { start: { line: number } } }[];
    assert.ok(records.length >= 2);
    assert.ok(records.every((r) => r.file === 'bad.yaml' && typeof r.code === 'string' && typeof r.range.start.line === 'number'));
    assert.ok(records.some((r) => r.severity === 'error'));
  });
});

void describe('hypersweep sample', () => {
  void test('-n and --seed give reproducible JSON lines, and a run with that seed creates those trials', async () => {
    const a = await runCli(['sample', 'random.yaml', '-n', '3', '--seed', '5', '--json'], cwd);
    const b = await runCli(['sample', 'random.yaml', '-n', '3', '--seed', '5', '--json'], cwd);
    const c = await runCli(['sample', 'random.yaml', '-n', '3', '--seed', '6', '--json'], cwd);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.notEqual(a.stdout, c.stdout);
    const lines = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as { sequence: number; params: Record<string, unknown> });
    assert.deepEqual(lines.map((l) => l.sequence), [0, 1, 2]);
    const run = await runCli(['run', 'random.yaml', '--seed', '5', '--out', 'seeded', '--output', 'seeded.json'], cwd);
    assert.equal(run.code, 0, run.stderr);
    const results = JSON.parse(readFileSync(join(cwd, 'seeded.json'), 'utf8')) as { trials: { params: unknown }[] };
    assert.deepEqual(results.trials.map((t) => t.params), lines.map((l) => l.params));
  });
});

void describe('usage', () => {
  const commands = ['run', 'resume', 'status', 'export', 'cancel', 'validate', 'sample'];

  for (const name of commands) {
    void test(`${name} --help prints its usage and exits 0`, async () => {
      const result = await runCli([name, '--help'], cwd);
      assert.equal(result.code, 0);
      assert.match(result.stdout, new RegExp(`^usage: hypersweep ${name}`));
      assert.match(result.stdout, /-h, --help/);
    });
  }

  void test('an unknown flag is exit 2 with a pointer to --help', async () => {
    const result = await runCli(['run', 'good.yaml', '--bogus'], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option --bogus for `hypersweep run`/);
    assert.match(result.stderr, /hypersweep run --help/);
  });

  void test('an unknown command is exit 2 and lists the commands', async () => {
    const result = await runCli(['frobnicate'], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command "frobnicate"/);
  });

  void test('an integer flag given text is exit 2', async () => {
    const result = await runCli(['sample', 'random.yaml', '-n', 'many'], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /needs an integer, got "many"/);
  });
});
