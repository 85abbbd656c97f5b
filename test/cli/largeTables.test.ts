/**
 * Text tables of any length: `sample -n 130000` and the leaderboard of a sweep with 130,000 trials
 * once overflowed the stack (column widths were taken with Math.max(...column), which passes every
 * row as an argument).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { leaderboardTable } from '../../src/cli/leaderboardText';
import { makeEvent, type EventBody, type JournalEvent } from '../../src/core/journal/events';
import { replay } from '../../src/core/journal/replay';
import { tempFolder } from '../core/scheduler/support';
import { ensureCliBuilt, ROOT, runCli } from './support';

const COUNT = 130_000;
const folder = tempFolder('hypersweep-large-tables-');
after(() => folder.remove());

before(async () => {
  await ensureCliBuilt();
});

const SPEC = join(ROOT, 'examples', 'node-mlp', 'sweep.yaml');

void test('sample -n 130000 prints the whole table', async () => {
  const result = await runCli(['sample', SPEC, '-n', String(COUNT)], folder.path);
  assert.equal(result.code, 0, result.stderr.slice(0, 2000));
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, COUNT + 1);
  assert.match(lines.at(-1) ?? '', /^129999\s+\d/);
});

void test('sample -n 130000 --json prints one line per configuration', async () => {
  const result = await runCli(['sample', SPEC, '-n', String(COUNT), '--json'], folder.path);
  assert.equal(result.code, 0, result.stderr.slice(0, 2000));
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, COUNT);
  assert.equal((JSON.parse(lines.at(-1) ?? '{}') as { sequence: number }).sequence, COUNT - 1);
});

void test('the leaderboard of 130,000 trials is one table', () => {
  const bodies: EventBody[] = [
    {
      type: 'sweep-created', name: 's', specPath: '/x/s.yaml', specHash: 'h', sampler: 'random', seed: 1, goal: 'minimize',
      primaryMetric: 'loss', limits: { max_total_trials: COUNT }, policy: null, hypersweepVersion: 'test',
    },
  ];
  for (let i = 0; i < COUNT; i++) bodies.push({ type: 'trial-created', trialId: `s_${i}`, index: i, sequence: i, params: { lr: i / COUNT } });
  const state = replay(bodies.map((b, i) => makeEvent(b, 1000 + i) as JournalEvent));
  const lines = leaderboardTable(state).trimEnd().split('\n');
  assert.equal(lines.length, COUNT + 1);
  assert.match(lines[0] ?? '', /^rank\s+trial\s+status\s+loss\s+lr\s+duration$/);
});
