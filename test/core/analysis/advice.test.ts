/**
 * What `analyze` and the Importance tab say per parameter, on a sweep folder with a known
 * objective: the top 10%'s range against the searched one (judged on the log scale for a log
 * distribution), the values of a choice, and a negligible choice named with every searched value.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSweep } from '../../../src/core/analysis/analysis';
import { readSweepState } from '../../../src/core/journal/record';
import { readSweepSpace } from '../../../src/core/results/sweepSpace';
import { seededRandom, writeKnownSweep, type KnownSweep, type KnownTrial } from './support';

const SPEC = `type: sweep
trial:
  command: python train.py
sampling_algorithm: random
search_space:
  lr:
    type: loguniform
    min_value: ${Math.log(1e-5)}
    max_value: ${Math.log(1e-1)}
  opt:
    type: choice
    values: [adam, sgd]
  color:
    type: choice
    values: [red, green, blue]
objective:
  goal: maximize
  primary_metric: val_loss
limits:
  max_total_trials: 100
`;

let sweep: KnownSweep | undefined;
after(() => sweep?.remove());

test('top 10% ranges, choice counts and sentences; maximize picks the highest values', async () => {
  const random = seededRandom(17);
  // Highest when lr is near 1e-3 (on the log scale) and opt is adam; color does nothing.
  const trials = Array.from({ length: 100 }, (): KnownTrial => {
    const lr = 10 ** (-5 + 4 * random());
    const opt = random() < 0.5 ? 'adam' : 'sgd';
    const color = ['red', 'green', 'blue'][Math.floor(random() * 3)] ?? 'red';
    return { params: { lr, opt, color }, values: [-Math.abs(Math.log10(lr) + 3) - (opt === 'sgd' ? 1.5 : 0)] };
  });
  sweep = await writeKnownSweep('advice', trials, { spec: SPEC, goal: 'maximize' });
  const analysis = analyzeSweep(await readSweepState(sweep.dir), readSweepSpace(sweep.dir));
  const byName = new Map(analysis.parameters.map((p) => [p.name, p]));
  const lr = byName.get('lr');
  assert.equal(lr?.top?.kind, 'range');
  if (lr?.top?.kind === 'range') assert.ok(lr.top.min > 1e-4 && lr.top.max < 1e-2, `top lr ${lr.top.min}..${lr.top.max}`);
  // The searched range is e^min..e^max of the spec's natural-log bounds.
  const searched = lr?.searched?.kind === 'range' ? lr.searched : undefined;
  assert.ok(searched && Math.abs(searched.min / 1e-5 - 1) < 1e-9 && Math.abs(searched.max / 0.1 - 1) < 1e-9, JSON.stringify(searched));
  assert.match(lr?.sentence ?? '', /^lr matters( most)? \(\d+%\); the top 10% lie in .+, narrower than the searched 1e-5\.\.0\.1: search .+ next$/);
  assert.deepEqual(byName.get('opt')?.top, { kind: 'values', values: [{ value: 'adam', count: 10 }] });
  assert.match(byName.get('opt')?.sentence ?? '', /^opt matters( most)? \(\d+%\); the top 10% all use adam: keep adam$/);
  assert.match(byName.get('color')?.sentence ?? '', /^color hardly matters \((<1|\d)%\): any of red, green, blue does as well; fix it to one value$/);
});
