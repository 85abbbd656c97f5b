import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpec } from '../../../src/core/spec';
import { completionsAt } from '../../../src/core/spec/assist/completions';
import { hoverAt } from '../../../src/core/spec/assist/hover';
import { sweepJsonSchemaText } from '../../../src/core/spec/jsonSchema';
import { MINIMAL, rangeOf, withCode } from './specTestHelpers';

function withPolicy(block: string): string {
  return `${MINIMAL}early_termination:\n${block}`;
}

void describe('early_termination: asha and hyperband in the spec', () => {
  void test('asha loads with its defaults filled in, and an info says Azure ML does not accept it', () => {
    const text = withPolicy('  type: asha\n  max_resource: 81\n');
    const result = loadSpec(text);
    assert.deepEqual(result.spec?.early_termination, {
      type: 'asha', evaluation_interval: 0, delay_evaluation: 0, min_resource: 1, reduction_factor: 3, max_resource: 81, brackets: 1,
    });
    const infos = withCode(result.diagnostics, 'azure-incompatible');
    assert.equal(infos.length, 1);
    assert.equal(infos[0]?.severity, 'info');
    assert.match(infos[0]?.message ?? '', /Azure ML does not accept this: `asha` early termination is a HyperSweep extension/);
    assert.deepEqual(infos[0]?.range, rangeOf(text, 'asha'));
    assert.deepEqual(result.diagnostics.filter((d) => d.severity !== 'info'), []);
  });

  void test('hyperband keeps every key as written (CamelCase type accepted)', () => {
    const result = loadSpec(withPolicy('  type: Hyperband\n  min_resource: 2\n  max_resource: 54\n  reduction_factor: 3\n  brackets: 2\n  delay_evaluation: 1\n'));
    assert.deepEqual(result.spec?.early_termination, {
      type: 'hyperband', evaluation_interval: 0, delay_evaluation: 1, min_resource: 2, reduction_factor: 3, max_resource: 54, brackets: 2,
    });
  });

  const bad: readonly { readonly name: string; readonly block: string; readonly at: string; readonly message: RegExp }[] = [
    { name: 'reduction_factor below 2', block: '  type: asha\n  reduction_factor: 1\n', at: '1', message: /reduction_factor/ },
    { name: 'min_resource below 1', block: '  type: asha\n  min_resource: 0\n', at: '0', message: /min_resource/ },
    { name: 'brackets below 1', block: '  type: hyperband\n  max_resource: 9\n  brackets: 0\n', at: '0', message: /brackets/ },
    { name: 'a fractional reduction_factor', block: '  type: asha\n  reduction_factor: 2.5\n', at: '2.5', message: /reduction_factor/ },
    { name: 'max_resource not above min_resource', block: '  type: asha\n  min_resource: 9\n  max_resource: 9\n', at: '9', message: /`max_resource` \(9\) must be greater than `min_resource` \(9\)/ },
    { name: 'hyperband without max_resource or brackets', block: '  type: hyperband\n', at: 'hyperband', message: /`hyperband` needs `max_resource` \(or `brackets`\)/ },
  ];
  for (const row of bad) {
    void test(`${row.name}: a positioned error and no spec`, () => {
      const text = withPolicy(row.block);
      const result = loadSpec(text);
      assert.equal(result.spec, undefined);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0]?.message ?? '', row.message);
      // The value is the last occurrence of `at` in the policy block.
      const offset = text.lastIndexOf(row.at);
      assert.equal(errors[0]?.range.start.offset, offset, JSON.stringify(errors[0]?.range));
      assert.equal(errors[0]?.range.start.line, text.slice(0, offset).split('\n').length);
    });
  }

  void test('independent problems are all reported in one run: a bad reduction_factor, max_resource not above min_resource, the info', () => {
    const text = withPolicy('  type: hyperband\n  min_resource: 3\n  max_resource: 3\n  reduction_factor: 1\n');
    const result = loadSpec(text);
    assert.equal(result.spec, undefined);
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.code, d.range.start.line]).sort(), [
      ['error', 'out-of-range', text.slice(0, text.indexOf('max_resource: 3')).split('\n').length],
      ['error', 'out-of-range', text.slice(0, text.indexOf('reduction_factor: 1')).split('\n').length],
      ['info', 'azure-incompatible', text.slice(0, text.indexOf('hyperband')).split('\n').length],
    ].sort());
  });

  void test('completion offers the two types and their keys; hover explains them', () => {
    const text = withPolicy('  type: ');
    const types = completionsAt(text, text.length).map((c) => c.label);
    assert.ok(types.includes('asha') && types.includes('hyperband'), types.join(', '));
    const keysText = withPolicy('  type: asha\n  ');
    const keys = completionsAt(keysText, keysText.length).map((c) => c.label);
    for (const key of ['min_resource', 'max_resource', 'reduction_factor', 'brackets', 'evaluation_interval']) assert.ok(keys.includes(key), `${key} in ${keys.join(', ')}`);
    const hoverText = withPolicy('  type: asha\n  reduction_factor: 3\n');
    const onType = hoverAt(hoverText, hoverText.indexOf('asha') + 1);
    assert.match(onType?.markdown ?? '', /Asynchronous successive halving[\s\S]*HyperSweep extension: Azure ML does not accept it/);
    const onKey = hoverAt(hoverText, hoverText.indexOf('reduction_factor') + 1);
    assert.match(onKey?.markdown ?? '', /top 1\/eta of each rung are promoted/);
  });

  void test('the JSON schema knows the types and their keys', () => {
    const schema = sweepJsonSchemaText();
    for (const needle of ['"asha"', '"hyperband"', '"min_resource"', '"max_resource"', '"reduction_factor"', '"brackets"']) assert.ok(schema.includes(needle), needle);
  });
});
