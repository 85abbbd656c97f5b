/**
 * Unicode metric names from a real trial's output: a combining accent is recorded as printed; a
 * zero-width space and a right-to-left override are refused with one journal warning per name that
 * says which character and why (shown as <U+200B>, never raw), and `status` shows it. They used to
 * be dropped without a word.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { replay } from '../../src/core/journal/replay';
import { journalEvents, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';

const TRIAL = join(__dirname, '..', 'fixtures', 'scheduler', 'unicode_names_trial.js');
const folder = tempFolder('hypersweep-unicode-names-');
after(() => folder.remove());

const SPEC = `type: sweep
trial:
  command: node ${JSON.stringify(TRIAL)}
objective:
  goal: minimize
  primary_metric: loss
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1]
limits:
  max_total_trials: 1
`;

before(async () => {
  await ensureCliBuilt();
  writeSpec(folder.path, SPEC, 'names.yaml');
});

void test('a combining accent is kept; zero-width and direction-override names are refused with a warning naming them', async () => {
  const run = await runCli(['run', 'names.yaml', '--out', 'sw'], folder.path);
  assert.equal(run.code, 0, run.stderr);
  const state = replay(await journalEvents(join(folder.path, 'sw')));
  const trial = state.trials[0];
  assert.ok(trial);
  assert.deepEqual(Object.keys(trial.metrics).sort(), ['loss', 'pre\u0301cision']);
  assert.equal(trial.metrics['pre\u0301cision']?.length, 2);
  assert.deepEqual(state.warnings.map((w) => [w.trialId, w.message]), [
    ['names_0', 'trial names_0 printed the metric name "lo<U+200B>ss"; it holds U+200B (ZERO WIDTH SPACE), which a name cannot hold: it would look like another name or display out of order. Its values are not recorded: print the name without invisible or direction-changing characters.'],
    ['names_0', 'trial names_0 printed the metric name "<U+202E>acc"; it holds U+202E (RIGHT-TO-LEFT OVERRIDE), which a name cannot hold: it would look like another name or display out of order. Its values are not recorded: print the name without invisible or direction-changing characters.'],
  ]);
  const status = await runCli(['status', 'sw'], folder.path);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout + status.stderr, /lo<U\+200B>ss/);
  assert.doesNotMatch(status.stdout + status.stderr, /[\u200B\u202E]/);
});
