import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridSize } from '../../src/core/space';
import { gridYaml, largeSpecYaml, lineCount, loadValidSpec, mixedSpaceYaml, noopSweepYaml } from '../../bench/specs';

describe('benchmark specs load through the real loadSpec', () => {
  test('the mixed 20-dimension space has all five kinds, for random and Sobol', () => {
    for (const rule of ['random', 'sobol'] as const) {
      const spec = loadValidSpec(mixedSpaceYaml(20, rule));
      const kinds = new Set(spec.search_space.parameters.map((p) => p.distribution.type));
      assert.equal(spec.search_space.parameters.length, 20);
      assert.deepEqual([...kinds].sort(), ['choice', 'loguniform', 'normal', 'quniform', 'uniform']);
      assert.equal(spec.sampling.type === 'random' ? spec.sampling.rule : undefined, rule);
    }
  });

  test('the large spec has at least 5,000 lines and hundreds of keys', () => {
    const text = largeSpecYaml(5000);
    const lines = lineCount(text);
    assert.ok(lines >= 5000 && lines < 5050, `got ${lines} lines`);
    assert.ok(loadValidSpec(text).search_space.parameters.length > 500);
  });

  test('the grid spec has 10^12 points', () => {
    const spec = loadValidSpec(gridYaml(12, 10));
    assert.equal(spec.sampling.type, 'grid');
    assert.equal(gridSize(spec.search_space), 1e12);
  });

  test('the no-op sweep runs `true` with the asked limits', () => {
    const spec = loadValidSpec(noopSweepYaml(1000, 8));
    assert.match(spec.trial.command, /^true /);
    assert.equal(spec.limits.max_total_trials, 1000);
    assert.equal(spec.limits.max_concurrent_trials, 8);
  });

  test('a spec with errors is refused with the error in the message', () => {
    assert.throws(() => loadValidSpec('type: sweep\n'), /does not validate/);
  });

  test('lineCount counts lines with or without a final newline', () => {
    assert.equal(lineCount('a\nb\n'), 2);
    assert.equal(lineCount('a\nb'), 2);
  });
});
