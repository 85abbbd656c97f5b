/**
 * How trials end and what they report, end to end through the real runner: exit codes become
 * statuses, a missing primary metric is noted (and warned about once), metrics arrive through both
 * stdout and the sweep's MLflow endpoint, and hostile parameter values are passed as literal
 * arguments that execute nothing.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventsOf, journalEvents, openFromFile, specYaml, tempFolder, TRIAL_SCRIPT, writeSpec } from './support';

const folder = tempFolder();
after(() => folder.remove());
let counter = 0;

/** Runs `yaml` as a new sweep; `prepare` may put files in the spec's folder first. */
async function runSpec(yaml: string, prepare?: (dir: string) => void) {
  counter += 1;
  const dir = join(folder.path, `case_${counter}`);
  const sweepDir = join(dir, 'sweep');
  mkdirSync(dir, { recursive: true });
  prepare?.(dir);
  const specPath = writeSpec(dir, yaml);
  const { runner } = await openFromFile(specPath, sweepDir);
  const state = await runner.start();
  return { state, events: await journalEvents(sweepDir), dir };
}

void describe('trial statuses', () => {
  void test('exit 0 is Completed, exit 3 is Failed with a note', async () => {
    const { state } = await runSpec(
      specYaml('--values 0.5 --delay 1 --exit ${{search_space.code}}', `
sampling_algorithm: grid
search_space:
  code:
    type: choice
    values: [0, 3]
limits:
  max_total_trials: 2
  max_concurrent_trials: 2
`),
    );
    const [ok, failed] = state.trials;
    assert.equal(ok?.status, 'Completed');
    assert.equal(ok?.exitCode, 0);
    assert.equal(ok?.note, undefined);
    assert.equal(failed?.status, 'Failed');
    assert.equal(failed?.exitCode, 3);
    assert.match(failed?.note ?? '', /exited with code 3/);
    assert.equal(state.status, 'Completed', 'one completed trial is enough for a completed sweep');
  });

  void test('when every trial fails the sweep is Failed (all_trials_failed)', async () => {
    const { state } = await runSpec(
      specYaml('--values 0.5 --delay 1 --exit ${{search_space.code}}', `
sampling_algorithm: grid
search_space:
  code:
    type: choice
    values: [1, 2]
limits:
  max_total_trials: 2
`),
    );
    assert.deepEqual(state.trials.map((t) => t.status), ['Failed', 'Failed']);
    assert.equal(state.status, 'Failed');
    assert.equal(state.endReason, 'all_trials_failed');
  });

  void test('a trial that never reports the primary metric gets a note, and the sweep warns once', async () => {
    const { state, events } = await runSpec(
      specYaml('--values 0.5 --delay 1 --metric ${{search_space.name}}', `
sampling_algorithm: grid
search_space:
  name:
    type: choice
    values: [accuracy, other, loss]
limits:
  max_total_trials: 3
  max_concurrent_trials: 1
`),
    );
    const [first, second, third] = state.trials;
    assert.match(first?.note ?? '', /primary metric loss never reported/);
    assert.match(second?.note ?? '', /primary metric loss never reported/);
    assert.equal(third?.note, undefined);
    assert.ok(state.trials.every((t) => t.status === 'Completed'));
    const warnings = eventsOf(events, 'sweep-warning');
    assert.equal(warnings.length, 1, 'one warning after the first such trial, not one per trial');
    assert.equal(warnings[0]?.trialId, first?.id);
    assert.match(warnings[0]?.message ?? '', /"loss" was never reported/);
    assert.equal(state.bestTrialId, third?.id);
  });
});

void describe('metric channels', () => {
  void test('stdout lines and MLflow calls both become metric events', async () => {
    const script = join(__dirname, '..', '..', 'fixtures', 'scheduler', 'mlflow_trial.py');
    const yaml = [
      'type: sweep',
      'trial:',
      `  command: python3 ${JSON.stringify(script)} \${{search_space.lr}}`,
      'sampling_algorithm: grid',
      'search_space:',
      '  lr:',
      '    type: choice',
      '    values: [0.5]',
      'objective:',
      '  goal: minimize',
      '  primary_metric: val_loss',
      'limits:',
      '  max_total_trials: 1',
      '',
    ].join('\n');
    const { state, events } = await runSpec(yaml);
    const trial = state.trials[0];
    assert.equal(trial?.status, 'Completed', trial?.note);
    const metrics = eventsOf(events, 'metric');
    const bySource = (source: string, name: string) => metrics.filter((m) => m.source === source && m.name === name).map((m) => [m.step, m.value]);
    assert.deepEqual(bySource('mlflow', 'val_loss'), [[0, 1.5], [1, 1.0], [2, 1 / 3 + 0.5]]);
    assert.deepEqual(bySource('stdout', 'train_loss').map(([, v]) => v), [2, 1, 2 / 3]);
    assert.equal(trial?.bestPrimary, 1 / 3 + 0.5);
    assert.deepEqual(trial?.loggedParams, { lr_seen: '0.5' });
    assert.equal(trial?.tags.phase, 'train');
  });
});

void describe('parameter values cannot inject commands', () => {
  const hostile = '$(touch pwned); rm -rf x';

  void test('in a command run without a shell, the value arrives as one literal argument', async () => {
    const { state, dir } = await runSpec(
      specYaml('--values 1 --delay 1 --argv-out argv.json --tag ${{search_space.v}}', `
sampling_algorithm: grid
search_space:
  v:
    type: choice
    values: [${JSON.stringify(hostile)}]
limits:
  max_total_trials: 1
`),
      (dir) => writeFileSync(join(dir, 'x'), 'must survive'),
    );
    assert.equal(state.trials[0]?.status, 'Completed');
    const argv = JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8')) as string[];
    assert.deepEqual(argv.slice(-2), ['--tag', hostile]);
    assert.equal(existsSync(join(dir, 'pwned')), false);
    assert.equal(existsSync(join(dir, 'x')), true, 'rm -rf x never ran');
  });

  void test('in a shell command with a pipe, the value still arrives as one literal argument', async () => {
    counter += 1;
    const dir = join(folder.path, `case_${counter}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x'), 'must survive');
    const yaml = [
      'type: sweep',
      'trial:',
      `  command: node ${JSON.stringify(TRIAL_SCRIPT)} --argv-out argv.json --tag \${{search_space.v}} | cat`,
      'sampling_algorithm: grid',
      'search_space:',
      '  v:',
      '    type: choice',
      `    values: [${JSON.stringify(hostile)}]`,
      'objective:',
      '  goal: minimize',
      '  primary_metric: loss',
      'limits:',
      '  max_total_trials: 1',
      '',
    ].join('\n');
    const { runner } = await openFromFile(writeSpec(dir, yaml), join(dir, 'sweep'));
    const state = await runner.start();
    const started = eventsOf(await journalEvents(join(dir, 'sweep')), 'trial-started')[0];
    assert.equal(started?.argv[0], 'sh', 'the pipe needs a shell');
    assert.equal(state.trials[0]?.status, 'Completed');
    const argv = JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8')) as string[];
    assert.deepEqual(argv, ['--argv-out', 'argv.json', '--tag', hostile]);
    assert.equal(existsSync(join(dir, 'pwned')), false);
    assert.equal(existsSync(join(dir, 'x')), true, 'rm -rf x never ran');
  });
});
