/**
 * Names that are Object members (`constructor`, `toString`, `__proto__`, `hasOwnProperty`,
 * `valueOf`) are ordinary names for HyperSweep: as metric names reported by a real trial through
 * both channels (stdout lines, and MLflow runs/log-metric and runs/log-batch over HTTP to the
 * sweep's real endpoint), as logged params and tags, and as search-space keys through validate,
 * sample, run, status, export and resume. Before, `constructor=1` killed the runner and every later
 * command, and a `__proto__` search-space key vanished from the sampled configurations.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempFolder, writeSpec, journalEvents, eventsOf } from '../core/scheduler/support';
import { replay } from '../../src/core/journal/replay';
import { ensureCliBuilt, runCli } from './support';

const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
const TRIAL = join(__dirname, '..', 'fixtures', 'scheduler', 'hostile_names_trial.js');

const folder = tempFolder('hypersweep-hostile-names-');
after(() => folder.remove());
const cwd = folder.path;

// Every name is a search-space key; `__proto__` is also the primary metric. The trial reports the
// value of `constructor` for every metric, so each trial's best is known from its params.
const SPEC = [
  'type: sweep',
  'trial:',
  `  command: node ${JSON.stringify(TRIAL)} \${{search_space.constructor}} ${NAMES.join(' ')} ${NAMES.map((n) => `${n}=\${{search_space.${n}}}`).join(' ')}`,
  'objective:',
  '  goal: minimize',
  '  primary_metric: __proto__',
  'sampling_algorithm: grid',
  'search_space:',
  ...NAMES.flatMap((n, i) => [`  ${n}:`, '    type: choice', `    values: [${i === 0 ? '2, 1' : `${i}`}]`]),
  'limits:',
  '  max_total_trials: 2',
  '  max_concurrent_trials: 2',
  '',
].join('\n');

before(async () => {
  await ensureCliBuilt();
  writeSpec(cwd, SPEC, 'names.yaml');
});

function expectedParams(constructorValue: number): Record<string, number> {
  const params: Record<string, number> = Object.create(null) as Record<string, number>;
  NAMES.forEach((n, i) => (params[n] = i === 0 ? constructorValue : i));
  return params;
}

void test('Object-member names as search-space keys: validate is clean, sample proposes every key', async () => {
  const validate = await runCli(['validate', 'names.yaml'], cwd);
  assert.equal(validate.code, 0, validate.stdout + validate.stderr);
  assert.match(validate.stdout, /0 errors, 0 warnings/);
  const sample = await runCli(['sample', 'names.yaml', '-n', '2', '--json'], cwd);
  assert.equal(sample.code, 0, sample.stderr);
  const proposals = sample.stdout.trim().split('\n').map((l) => JSON.parse(l) as { params: Record<string, unknown> });
  assert.deepEqual(proposals.map((p) => Object.keys(p.params)), [NAMES, NAMES]);
  assert.deepEqual(proposals.map((p) => p.params['constructor']), [2, 1]);
});

void test('Object-member metric, param and tag names from stdout and MLflow are recorded, viewed, exported and resumed', async () => {
  const run = await runCli(['run', 'names.yaml', '--out', 'sw'], cwd);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.doesNotMatch(run.stderr, /internal error/);
  const sweepDir = join(cwd, 'sw');

  // The journal holds every report, each name from both channels: stdout (step 0), log-metric (step 2;
  // step 1 is the same interval as the stdout line) and log-batch (step 3).
  const events = await journalEvents(sweepDir);
  const created = eventsOf(events, 'trial-created');
  assert.deepEqual(created.map((e) => ({ ...e.params })), [expectedParams(2), expectedParams(1)].map((p) => ({ ...p })));
  for (const trial of created) {
    for (const name of NAMES) {
      const reports = eventsOf(events, 'metric').filter((e) => e.trialId === trial.trialId && e.name === name).map((e) => `${e.source}@${e.step}`);
      assert.deepEqual(reports.sort(), ['mlflow@2', 'mlflow@3', 'stdout@0'], `${trial.trialId} ${name}`);
    }
  }
  const state = replay(events);
  assert.deepEqual(state.problems, []);
  const [first, second] = state.trials;
  assert.ok(first && second);
  assert.equal(first.bestPrimary, 2);
  assert.equal(second.bestPrimary, 1);
  assert.equal(state.bestTrialId, second.id);
  for (const name of NAMES) {
    assert.equal(Object.hasOwn(first.loggedParams, name) ? first.loggedParams[name] : undefined, `p-${name}`);
    assert.equal(Object.hasOwn(first.tags, name) ? first.tags[name] : undefined, `${name}=${name === 'constructor' ? 2 : NAMES.indexOf(name)}`);
  }

  const status = await runCli(['status', 'sw'], cwd);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /rank\s+trial\s+status\s+__proto__\s+constructor\s+toString\s+__proto__\s+hasOwnProperty\s+valueOf/);
  const statusJson = await runCli(['status', 'sw', '--json'], cwd);
  assert.equal(statusJson.code, 0, statusJson.stderr);

  const exported = await runCli(['export', 'sw'], cwd);
  assert.equal(exported.code, 0, exported.stderr);
  const results = JSON.parse(exported.stdout) as { best_trial: string; trials: { params: Record<string, number>; metrics: Record<string, { value: number }[]>; best: number }[] };
  assert.equal(results.best_trial, second.id);
  for (const [i, trial] of results.trials.entries()) {
    assert.deepEqual({ ...trial.params }, { ...expectedParams(i === 0 ? 2 : 1) });
    assert.deepEqual(Object.keys(trial.metrics).sort(), [...NAMES].sort());
    for (const name of NAMES) assert.equal(trial.metrics[name]?.length, 3, name);
  }
  const csv = await runCli(['export', 'sw', '--format', 'csv'], cwd);
  assert.equal(csv.code, 0, csv.stderr);
  const [header, row] = csv.stdout.split('\n');
  const columns = (header ?? '').split(',');
  for (const name of NAMES) {
    assert.ok(columns.includes(`param.${name}`), `param.${name}`);
    assert.ok(columns.includes(`last.${name}`), `last.${name}`);
  }
  const cells = (row ?? '').split(',');
  assert.equal(cells[columns.indexOf('param.__proto__')], '2');
  assert.equal(cells[columns.indexOf('last.constructor')], '2');

  // A resume of the ended sweep is refused as documented (exit 1), not an internal error.
  const resume = await runCli(['resume', 'sw'], cwd);
  assert.equal(resume.code, 1, resume.stderr);
  assert.doesNotMatch(resume.stderr, /internal error/);
});
