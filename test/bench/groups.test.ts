import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridGroup } from '../../bench/grid';

// The heavier groups (runner, journal, samplers) take seconds by design and run under `npm run
// bench`; the grid group is instant, so it stands here for the contract every group keeps.
describe('benchmark group contract', () => {
  test('the grid group returns finite, named results stamped with its name', async () => {
    const results = await gridGroup.run();
    assert.equal(results.length, 2);
    for (const r of results) {
      assert.equal(r.group, 'grid');
      assert.ok(Number.isFinite(r.value) && r.value >= 0, `${r.name}: ${r.value}`);
      assert.ok(r.name.length > 0 && r.unit === 'ms');
    }
  });
});
