import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec, nodeFileSystem } from '../../../src/core/spec';

const AZURE = join(__dirname, '..', '..', 'fixtures', 'spec', 'azure');
const files = readdirSync(AZURE).filter((name) => /\.ya?ml$/.test(name)).sort();

describe('real Azure ML sweep specs load unchanged', () => {
  test('there are at least 6 fixtures, each naming its source', () => {
    assert.ok(files.length >= 6);
    for (const name of files) assert.match(readFileSync(join(AZURE, name), 'utf8'), /^# Source: Azure\//, name);
  });

  for (const name of files) {
    test(`${name} loads with no errors`, () => {
      const result = loadSpec(readFileSync(join(AZURE, name), 'utf8'), { specDir: AZURE, fileSystem: nodeFileSystem });
      assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.ok(result.spec);
    });
  }

  test('hello-sweep.yml: the full model', () => {
    const result = loadSpec(readFileSync(join(AZURE, 'hello-sweep.yml'), 'utf8'), { specDir: AZURE, fileSystem: nodeFileSystem });
    const spec = result.spec;
    assert.ok(spec);
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['not-provisioned']);
    const { trial, search_space: space, ...rest } = spec;
    assert.deepEqual(rest, {
      type: 'sweep',
      display_name: 'hello-sweep-example',
      experiment_name: 'hello-sweep-example',
      description: 'Hello sweep job example.',
      tags: {},
      properties: {},
      inputs: { A: { kind: 'literal', value: 0.5 } },
      outputs: {},
      sampling: { type: 'random', rule: 'random', form: 'string' },
      objective: { goal: 'minimize', primary_metric: 'random_metric' },
      limits: { max_total_trials: 4, max_concurrent_trials: 2, timeout: 3600 },
    });
    assert.equal(trial.command, 'python hello-sweep.py --A ${{inputs.A}} --B ${{search_space.B}} --C ${{search_space.C}}');
    assert.equal(trial.code, 'src');
    assert.equal(trial.environment, 'azureml:sklearn-1.0@latest');
    assert.deepEqual(trial.environment_variables, {});
    assert.equal(trial.commandRange?.start.line, 5);
    assert.deepEqual(space.parameters.map((p) => [p.name, p.range?.start.line]), [['B', 16], ['C', 19]]);
    const [b, c] = space.parameters.map((p) => ({ ...p.distribution, range: undefined }));
    assert.deepEqual(b, { type: 'choice', values: ['hello', 'world', 'hello_world'], range: undefined });
    assert.deepEqual(c, { type: 'uniform', min_value: 0.1, max_value: 1, range: undefined });
  });

  test('the recursive SDK search space becomes nested options', () => {
    const spec = loadSpec(readFileSync(join(AZURE, 'sdk-recursive-search-space.yaml'), 'utf8')).spec;
    const conv = spec?.search_space.parameters[1]?.distribution;
    assert.equal(conv?.type, 'choice');
    if (conv?.type !== 'choice') return;
    assert.equal(conv.values.length, 8);
    const first = conv.values[0];
    assert.ok(typeof first === 'object');
    assert.deepEqual(first.entries.map((e) => e.name), ['const_val', 'val1']);
    assert.equal(first.entries[0]?.value, 999);
  });

  test('SDK input types: literal, typed literal and data inputs', () => {
    const spec = loadSpec(readFileSync(join(AZURE, 'sdk-input-types.yml'), 'utf8')).spec;
    assert.deepEqual(spec?.inputs, {
      test_dataset: { kind: 'data', type: 'uri_folder', path: '/subscriptions/d511f82f-71ba-49a4-8233-d7be8a3650f4/resourceGroups/RLTesting/providers/Microsoft.MachineLearningServices/workspaces/AnkitWS/data/fake-dataset/versions/2' },
      test_url: { kind: 'data', type: 'uri_file', path: 'azureml://fake/url.json', mode: 'ro_mount' },
      test_string_literal: { kind: 'literal', value: 'literal string' },
      test_literal_valued_int: { kind: 'literal', value: 42 },
    });
    assert.deepEqual(spec?.properties, { '_azureml.ComputeTargetType': 'amlcompute' });
  });
});
