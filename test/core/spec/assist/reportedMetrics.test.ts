import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportedMetricNames } from '../../../../src/core/spec/assist';

function created(specPath: string, primaryMetric: string): string {
  return JSON.stringify({
    v: 1, type: 'sweep-created', t: 1, name: 's', specPath, specHash: 'x', sampler: 'random', seed: 1, goal: 'maximize',
    primaryMetric, limits: { max_total_trials: 2 }, policy: null, hypersweepVersion: '0.1.0',
  });
}

function metric(name: string): string {
  return JSON.stringify({ v: 1, type: 'metric', t: 2, trialId: 's_0', name, value: 1, step: 0, timestamp: 2, source: 'stdout' });
}

async function sweep(root: string, folder: string, lines: readonly string[]): Promise<void> {
  await mkdir(join(root, folder), { recursive: true });
  await writeFile(join(root, folder, 'journal.jsonl'), lines.map((l) => `${l}\n`).join(''));
}

describe('reportedMetricNames', () => {
  test('collects metric names from the journals of sweeps of this spec only, most reported first', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hs-metrics-'));
    try {
      const spec = join(root, 'train.sweep.yaml');
      await sweep(root, 'a', [created(spec, 'acc'), metric('loss'), metric('acc'), metric('loss')]);
      await sweep(root, 'b', [created(join(root, '..', root.split('/').pop() ?? '', 'train.sweep.yaml'), 'acc'), metric('f1')]);
      await sweep(root, 'other', [created(join(root, 'other.sweep.yaml'), 'mse'), metric('mse')]);
      await mkdir(join(root, 'not-a-sweep'));
      await writeFile(join(root, 'stray.txt'), 'x');
      assert.deepEqual(await reportedMetricNames(root, spec), ['loss', 'acc', 'f1']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('a missing sweeps folder gives no names', async () => {
    assert.deepEqual(await reportedMetricNames(join(tmpdir(), 'hs-no-such-folder-xyz'), '/x.sweep.yaml'), []);
  });
});
