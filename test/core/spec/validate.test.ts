import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpec, type SpecFileSystem } from '../../../src/core/spec';
import { MINIMAL, edit, pointAt, positionAt, rangeOf, withCode } from './specTestHelpers';

describe('loadSpec: table-driven diagnostics', () => {
  test('the minimal spec loads with no diagnostics', () => {
    const result = loadSpec(MINIMAL);
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.spec);
  });

  test('wrong-type: a string where an integer belongs', () => {
    const text = edit(MINIMAL, 'max_total_trials: 10', 'max_total_trials: ten');
    const result = loadSpec(text);
    assert.equal(result.spec, undefined);
    assert.deepEqual(result.diagnostics, [{
      severity: 'error', code: 'wrong-type', message: '`max_total_trials` must be an integer, got string "ten"', range: rangeOf(text, 'ten'),
    }]);
  });

  test('integer keys accept a quoted decimal as marshmallow does, number keys do not', () => {
    const quoted = loadSpec(edit(MINIMAL, 'max_total_trials: 10', 'max_total_trials: "12"'));
    assert.equal(quoted.spec?.limits.max_total_trials, 12);
    const text = edit(MINIMAL, 'min_value: 0.001', 'min_value: "0.001"');
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'error', code: 'wrong-type', message: '`min_value` must be a number, got string "0.001"', range: rangeOf(text, '"0.001"'),
    }]);
  });

  test('missing-key with a fix that inserts the key and a placeholder value', () => {
    const text = edit(MINIMAL, '  primary_metric: accuracy\n', '');
    const result = loadSpec(text);
    const insertAt = text.indexOf('  goal:');
    assert.deepEqual(result.diagnostics, [{
      severity: 'error', code: 'missing-key', message: 'Missing required key `primary_metric` in `objective`.',
      range: rangeOf(text, 'objective'),
      fix: { title: 'Add `primary_metric`', edits: [{ range: pointAt(text, insertAt), newText: '  primary_metric: accuracy\n' }] },
    }]);
  });

  test('unknown-key suggests the nearest valid key and fixes it', () => {
    const text = edit(MINIMAL, 'max_total_trials: 10', 'max_total_trial: 10');
    const result = loadSpec(text);
    const diagnostic = withCode(result.diagnostics, 'unknown-key')[0];
    assert.deepEqual(diagnostic, {
      severity: 'error', code: 'unknown-key',
      message: 'Unknown key `max_total_trial` in `limits`; did you mean `max_total_trials`?',
      range: rangeOf(text, 'max_total_trial'),
      fix: { title: 'Replace with `max_total_trials`', edits: [{ range: rangeOf(text, 'max_total_trial'), newText: 'max_total_trials' }] },
    });
  });

  test('unknown-key without a plausible suggestion has no fix', () => {
    const text = edit(MINIMAL, 'type: sweep\n', 'type: sweep\nfoo: 1\n');
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'error', code: 'unknown-key', message: 'Unknown key `foo` in the sweep job.', range: rangeOf(text, 'foo'),
    }]);
  });

  test('truncation `exclude_finished_jobs` is an unknown key, as the Azure CLI has it', () => {
    const text = `${MINIMAL}early_termination:\n  type: truncation_selection\n  truncation_percentage: 20\n  exclude_finished_jobs: true\n`;
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'error', code: 'unknown-key',
      message: 'Unknown key `exclude_finished_jobs` in `early_termination`; the Azure ML CLI rejects it too (it appears only in the docs). Finished trials always stay in the comparison.',
      range: rangeOf(text, 'exclude_finished_jobs'),
    }]);
  });

  test('read-only keys of exported jobs are dropped silently', () => {
    const text = `${MINIMAL}id: /subscriptions/x\nstatus: Completed\ncreation_context:\n  created_by: me\nlog_files: null\n$schema: https://example/sweepJob.schema.json\n`;
    assert.deepEqual(loadSpec(text).diagnostics, []);
  });

  test('invalid-value lists the allowed values and suggests the nearest', () => {
    const text = `${MINIMAL}early_termination:\n  type: Median_Stopping\n`;
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'error', code: 'invalid-value',
      message: 'Invalid value `Median_Stopping` for `type` in `early_termination`; expected one of `bandit`, `median_stopping`, `truncation_selection`, `asha`, `hyperband`. Did you mean `median_stopping`?',
      range: rangeOf(text, 'Median_Stopping'),
      fix: { title: 'Replace with `median_stopping`', edits: [{ range: rangeOf(text, 'Median_Stopping'), newText: 'median_stopping' }] },
    }]);
  });

  test('invalid-name for search-space, input and output keys', () => {
    const text = edit(MINIMAL, '  lr:\n', '  1lr:\n').replace('trial:', 'inputs:\n  my-input: 1\noutputs:\n  out put:\ntrial:');
    const names = withCode(loadSpec(text).diagnostics, 'invalid-name');
    assert.deepEqual(names, [
      { severity: 'error', code: 'invalid-name', message: 'Invalid search-space key `1lr`: a name must start with a letter or underscore and contain only letters, digits and underscores.', range: rangeOf(text, '1lr') },
      { severity: 'error', code: 'invalid-name', message: 'Invalid input key `my-input`: a name must start with a letter or underscore and contain only letters, digits and underscores.', range: rangeOf(text, 'my-input') },
      { severity: 'error', code: 'invalid-name', message: 'Invalid output key `out put`: a name must start with a letter or underscore and contain only letters, digits and underscores.', range: rangeOf(text, 'out put') },
    ]);
  });
});

describe('loadSpec: range checks of decisions.md', () => {
  const cases: { name: string; from: string; to: string; message: string; at: string }[] = [
    { name: 'uniform min < max', from: 'max_value: 0.1', to: 'max_value: 0.001', message: '`min_value` must be less than `max_value` in `search_space.lr`, got 0.001 and 0.001.', at: '0.001\n  ' },
    { name: 'max_total_trials >= 1', from: 'max_total_trials: 10', to: 'max_total_trials: 0', message: '`max_total_trials` must be at least 1, got 0.', at: ': 0\n' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const text = edit(MINIMAL, c.from, c.to);
      const [diagnostic] = loadSpec(text).diagnostics;
      assert.equal(diagnostic?.code, 'out-of-range');
      assert.equal(diagnostic?.severity, 'error');
      assert.equal(diagnostic?.message, c.message);
    });
  }

  const distribution = (body: string): string => edit(MINIMAL, '    type: uniform\n    min_value: 0.001\n    max_value: 0.1\n', body);
  const rangeCases: { name: string; body: string; message: string; value: string }[] = [
    { name: 'quniform min < max', body: '    type: quniform\n    min_value: 5\n    max_value: 5\n    q: 1\n', message: '`min_value` must be less than `max_value` in `search_space.lr`, got 5 and 5.', value: '5\n    q' },
    { name: 'loguniform min <= max', body: '    type: loguniform\n    min_value: -2\n    max_value: -3\n', message: '`min_value` must be at most `max_value` in `search_space.lr`, got -2 and -3.', value: '-3' },
    { name: 'sigma >= 0', body: '    type: normal\n    mu: 0\n    sigma: -1\n', message: '`sigma` must be at least 0, got -1.', value: '-1' },
    { name: 'q > 0', body: '    type: qnormal\n    mu: 0\n    sigma: 1\n    q: -0.5\n', message: '`q` must be greater than 0, got -0.5.', value: '-0.5' },
    { name: 'randint upper >= 1', body: '    type: randint\n    upper: 0\n', message: '`upper` must be at least 1, got 0.', value: '0\n' },
    { name: 'choice with at least one value', body: '    type: choice\n    values: []\n', message: '`values` of `search_space.lr` must list at least one value.', value: '[]' },
  ];
  for (const c of rangeCases) {
    test(c.name, () => {
      const text = distribution(c.body);
      const start = text.indexOf(c.value, text.indexOf('  lr:'));
      const trimmed = c.value.replace(/\n.*$/s, '');
      assert.deepEqual(loadSpec(text).diagnostics, [{
        severity: 'error', code: 'out-of-range', message: c.message,
        range: { start: positionAt(text, start), end: positionAt(text, start + trimmed.length) },
      }]);
    });
  }

  const limitCases: { key: string; value: string; message: string }[] = [
    { key: 'max_concurrent_trials', value: '0', message: '`max_concurrent_trials` must be at least 1, got 0.' },
    { key: 'timeout', value: '-1', message: '`timeout` must be at least 0, got -1.' },
    { key: 'trial_timeout', value: '-5', message: '`trial_timeout` must be at least 0, got -5.' },
  ];
  for (const c of limitCases) {
    test(`${c.key} range`, () => {
      const text = edit(MINIMAL, 'max_total_trials: 10\n', `max_total_trials: 10\n  ${c.key}: ${c.value}\n`);
      const start = text.indexOf(`${c.key}: `) + c.key.length + 2;
      assert.deepEqual(loadSpec(text).diagnostics, [{
        severity: 'error', code: 'out-of-range', message: c.message,
        range: { start: positionAt(text, start), end: positionAt(text, start + c.value.length) },
      }]);
    });
  }

  for (const percentage of ['0', '100']) {
    test(`truncation_percentage ${percentage} is outside 1..99`, () => {
      const text = `${MINIMAL}early_termination:\n  type: truncation_selection\n  truncation_percentage: ${percentage}\n`;
      const start = text.lastIndexOf(percentage);
      assert.deepEqual(loadSpec(text).diagnostics, [{
        severity: 'error', code: 'out-of-range',
        message: percentage === '0' ? '`truncation_percentage` must be at least 1, got 0.' : '`truncation_percentage` must be at most 99, got 100.',
        range: { start: positionAt(text, start), end: positionAt(text, start + percentage.length) },
      }]);
    });
  }
});

describe('loadSpec: defaults and policies', () => {
  test('defaults: rule random, evaluation_interval/delay_evaluation 0, no policy', () => {
    const spec = loadSpec(`${MINIMAL}early_termination:\n  type: MedianStopping\n`).spec;
    assert.deepEqual(spec?.sampling, { type: 'random', rule: 'random', form: 'string' });
    assert.deepEqual(spec?.early_termination, { type: 'median_stopping', evaluation_interval: 0, delay_evaluation: 0 });
    assert.equal(loadSpec(MINIMAL).spec?.early_termination, undefined);
    assert.equal(loadSpec(`${MINIMAL}early_termination:\n`).spec?.early_termination, undefined);
  });

  test('limits-missing: no `limits` means 1000 trials and a warning with an insert fix', () => {
    const text = edit(MINIMAL, 'limits:\n  max_total_trials: 10\n', '');
    const result = loadSpec(text);
    assert.equal(result.spec?.limits.max_total_trials, 1000);
    assert.deepEqual(result.diagnostics, [{
      severity: 'warning', code: 'limits-missing',
      message: '`limits` is missing: HyperSweep runs at most 1000 trials (the documented default), but the Azure ML CLI requires `limits.max_total_trials`.',
      range: pointAt(text, 0),
      fix: { title: 'Add `limits`', edits: [{ range: pointAt(text, 0), newText: 'limits:\n  max_total_trials: 20\n' }] },
    }]);
  });

  test('limits-missing: `limits` without max_total_trials', () => {
    const text = edit(MINIMAL, 'max_total_trials: 10', 'timeout: 60');
    const result = loadSpec(text);
    assert.deepEqual(result.spec?.limits, { max_total_trials: 1000, timeout: 60 });
    const insertAt = text.indexOf('  timeout');
    assert.deepEqual(result.diagnostics, [{
      severity: 'warning', code: 'limits-missing',
      message: '`max_total_trials` is missing in `limits`: HyperSweep runs at most 1000 trials (the documented default), but the Azure ML CLI requires it.',
      range: rangeOf(text, 'limits'),
      fix: { title: 'Add `max_total_trials`', edits: [{ range: pointAt(text, insertAt), newText: '  max_total_trials: 20\n' }] },
    }]);
  });

  test('bandit-both-slacks warning; both kept in the model', () => {
    const text = `${MINIMAL}early_termination:\n  type: bandit\n  slack_factor: 0.1\n  slack_amount: 0.2\n`;
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics, [{
      severity: 'warning', code: 'bandit-both-slacks',
      message: 'Both `slack_factor` and `slack_amount` are set; a trial is stopped only when both rules say stop. Azure ML documents exactly one.',
      range: rangeOf(text, 'early_termination'),
    }]);
    assert.deepEqual(result.spec?.early_termination, { type: 'bandit', evaluation_interval: 0, delay_evaluation: 0, slack_factor: 0.1, slack_amount: 0.2 });
  });

  test('bandit-no-slack warning; slack 0 is used; its quick fix adds slack_factor after `type`', () => {
    const text = `${MINIMAL}early_termination:\n  type: Bandit\n  evaluation_interval: 2\n  delay_evaluation: 5\n`;
    const result = loadSpec(text);
    const at = text.indexOf('  evaluation_interval: 2');
    assert.deepEqual(result.diagnostics, [{
      severity: 'warning', code: 'bandit-no-slack',
      message: 'Neither `slack_factor` nor `slack_amount` is set; slack 0 is used, so every trial worse than the best one at an evaluation is stopped.',
      range: rangeOf(text, 'early_termination'),
      fix: { title: 'Add `slack_factor: 0.1`', edits: [{ range: { start: positionAt(text, at), end: positionAt(text, at) }, newText: '  slack_factor: 0.1\n' }] },
    }]);
    assert.deepEqual(result.spec?.early_termination, { type: 'bandit', evaluation_interval: 2, delay_evaluation: 5, slack_amount: 0 });
    for (const source of [text, `${MINIMAL}early_termination:\n    type: bandit`, `${MINIMAL}early_termination:\n    delay_evaluation: 1\n    type: bandit\n`]) {
      const fix = loadSpec(source).diagnostics.find((d) => d.code === 'bandit-no-slack')?.fix;
      const edit = fix?.edits[0];
      assert.ok(edit, source);
      const fixed = source.slice(0, edit.range.start.offset) + edit.newText + source.slice(edit.range.end.offset);
      const after = loadSpec(fixed);
      assert.deepEqual(after.diagnostics, [], fixed);
      assert.equal(after.spec?.early_termination?.type === 'bandit' ? after.spec.early_termination.slack_factor : undefined, 0.1);
    }
  });
});

describe('loadSpec: what runs locally', () => {
  const withTrial = (extra: string): string => edit(MINIMAL, '  command: python', `${extra}  command: python`);
  const fakeFs = (kinds: Record<string, 'file' | 'directory'>): SpecFileSystem => ({ kind: (path) => kinds[path] ?? 'missing' });

  test('code-missing when the code folder does not exist, relative to specDir', () => {
    const text = withTrial('  code: src\n');
    const result = loadSpec(text, { specDir: '/work/proj', fileSystem: fakeFs({}) });
    assert.deepEqual(result.diagnostics, [{
      severity: 'warning', code: 'code-missing',
      message: 'The `code` folder `src` does not exist (looked for /work/proj/src); a run would fail. Create it or fix the path (relative to the spec file).',
      range: rangeOf(text, 'src'),
    }]);
    assert.equal(result.spec?.trial.code, 'src');
  });

  test('an existing folder or file for code is fine', () => {
    const text = withTrial('  code: ./train.py\n');
    assert.deepEqual(loadSpec(text, { specDir: '/p', fileSystem: fakeFs({ '/p/train.py': 'file' }) }).diagnostics, []);
    assert.deepEqual(loadSpec(withTrial('  code: src\n'), { specDir: '/p', fileSystem: fakeFs({ '/p/src': 'directory' }) }).diagnostics, []);
  });

  test('code-missing for an azureml: code asset', () => {
    const text = withTrial('  code: azureml:my-code:1\n');
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'warning', code: 'code-missing',
      message: '`code` names an Azure ML code asset (`azureml:my-code:1`), which cannot be used locally; a run would fail. Point `code` at a local folder.',
      range: rangeOf(text, 'azureml:my-code:1'),
    }]);
  });

  test('not-provisioned info for the environment', () => {
    const text = withTrial('  environment: azureml:AzureML-sklearn:1\n');
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics, [{
      severity: 'info', code: 'not-provisioned',
      message: 'The environment `azureml:AzureML-sklearn:1` is recorded but not provisioned: trials run with the interpreter and packages of the execution target.',
      range: rangeOf(text, 'azureml:AzureML-sklearn:1'),
    }]);
    assert.equal(result.spec?.trial.environment, 'azureml:AzureML-sklearn:1');
  });

  test('execution-target info for compute other than local; none for local', () => {
    const text = `${MINIMAL}compute: azureml:gpu-cluster\n`;
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'info', code: 'execution-target',
      message: '`compute: azureml:gpu-cluster` runs trials on the target `gpu-cluster` if it is defined in hypersweep.targets.yaml (next to the spec or in the workspace root) or in the VS Code setting `hypersweep.targets`; otherwise they run on this machine.',
      range: rangeOf(text, 'azureml:gpu-cluster'),
    }]);
    assert.deepEqual(loadSpec(`${MINIMAL}compute: local\n`).diagnostics, []);
  });

  test('not-honoured info for Azure-only objects', () => {
    const text = `${MINIMAL}identity:\n  type: managed\nqueue_settings:\n  job_tier: Spot\n`;
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics, [
      { severity: 'info', code: 'not-honoured', message: '`identity` is recorded but has no effect when HyperSweep runs the sweep.', range: rangeOf(text, 'identity') },
      { severity: 'info', code: 'not-honoured', message: '`queue_settings` is recorded but has no effect when HyperSweep runs the sweep.', range: rangeOf(text, 'queue_settings') },
    ]);
    assert.deepEqual(result.spec?.identity, { type: 'managed' });
  });
});
