import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BenchArgsError, parseBenchArgs, selectGroups, usage } from '../../bench/args';

const GROUPS = [{ name: 'samplers' }, { name: 'spec' }, { name: 'grid' }, { name: 'runner' }, { name: 'metrics' }, { name: 'journal' }];

describe('parseBenchArgs', () => {
  test('no arguments: table, all groups', () => {
    assert.deepEqual(parseBenchArgs([]), { json: false, filters: [], help: false });
  });

  test('--json and filters in any order, filters lower-cased', () => {
    assert.deepEqual(parseBenchArgs(['Journal', '--json', 'grid']), { json: true, filters: ['journal', 'grid'], help: false });
  });

  test('--help and -h ask for usage', () => {
    assert.equal(parseBenchArgs(['--help']).help, true);
    assert.equal(parseBenchArgs(['-h']).help, true);
  });

  test('an unknown option is a clear error naming the valid ones', () => {
    assert.throws(() => parseBenchArgs(['--jsn']), (e: unknown) => e instanceof BenchArgsError && e.message.includes('--jsn') && e.message.includes('--json'));
  });
});

describe('selectGroups', () => {
  test('no filter keeps every group in order', () => {
    assert.deepEqual(selectGroups(GROUPS, []), GROUPS);
  });

  test('a filter is a substring of the group name', () => {
    assert.deepEqual(selectGroups(GROUPS, ['sp']).map((g) => g.name), ['spec']);
    assert.deepEqual(selectGroups(GROUPS, ['r']).map((g) => g.name), ['samplers', 'grid', 'runner', 'metrics', 'journal']);
  });

  test('a filter that matches nothing is an error listing the groups', () => {
    assert.throws(() => selectGroups(GROUPS, ['journl']), (e: unknown) => e instanceof BenchArgsError && e.message.includes('journl') && e.message.includes('journal'));
  });

  test('law: the selection is the groups matching some filter, in the original order', () => {
    fc.assert(fc.property(fc.subarray(GROUPS.map((g) => g.name)), (names) => {
      const picked = selectGroups(GROUPS, names);
      assert.deepEqual(picked, GROUPS.filter((g) => names.length === 0 || names.some((n) => g.name.includes(n))));
    }));
  });

  test('usage lists every group', () => {
    const text = usage(GROUPS.map((g) => g.name));
    for (const g of GROUPS) assert.ok(text.includes(g.name));
  });
});
