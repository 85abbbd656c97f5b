import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChannelDeduplicator } from '../../../src/core/scheduler/channelDeduplicator';

describe('ChannelDeduplicator', () => {
  test('one channel: every report counts', () => {
    const d = new ChannelDeduplicator();
    assert.deepEqual([1, 2, 3].map(() => d.accept('loss', 'stdout')), [true, true, true]);
  });

  test('both channels: the n-th report of each is one interval, whichever comes first', () => {
    const d = new ChannelDeduplicator();
    const seen = [
      d.accept('loss', 'stdout'), // interval 1
      d.accept('loss', 'mlflow'), // interval 1 again
      d.accept('loss', 'mlflow'), // interval 2 (mlflow first this time)
      d.accept('loss', 'stdout'), // interval 2 again
      d.accept('acc', 'mlflow'), // other names are counted apart
    ];
    assert.deepEqual(seen, [true, false, true, false, true]);
  });

  test('the number of accepted reports is the larger channel count, for any interleaving', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<'stdout' | 'mlflow'>('stdout', 'mlflow'), { maxLength: 60 }), (sources) => {
        const d = new ChannelDeduplicator();
        const accepted = sources.filter((s) => d.accept('m', s)).length;
        const stdout = sources.filter((s) => s === 'stdout').length;
        assert.equal(accepted, Math.max(stdout, sources.length - stdout));
      }),
    );
  });
});
