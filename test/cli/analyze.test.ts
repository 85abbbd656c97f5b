/**
 * `hypersweep analyze` through the real CLI on a real sweep whose objective is known
 * (loss = 3·x + 1.5·w + 2·[opt = sgd], d a dummy): the importance table, the top 10% per parameter, a
 * sentence per parameter, and the JSON document.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tempFolder, writeSpec } from '../core/scheduler/support';
import { KNOWN_OBJECTIVE_SPEC } from './knownObjective';
import { ensureCliBuilt, runCli, type CliResult } from './support';


const folder = tempFolder('hypersweep-cli-analyze-');
after(() => folder.remove());
let run: CliResult;

before(async () => {
  await ensureCliBuilt();
  writeSpec(folder.path, KNOWN_OBJECTIVE_SPEC, 'known.yaml');
  run = await runCli(['run', 'known.yaml', '--out', 'known'], folder.path);
});

interface AnalysisDocument {
  format: string;
  trials: number;
  importance: Record<string, number>;
  top_10_percent: Record<string, { min: number; max: number } | { values: Record<string, number> }>;
  parameters: { name: string; importance: number; advice: string; searched: unknown }[];
}

void describe('hypersweep analyze', () => {
  test('--json: shares summing to 1 in the known order, the dummy near 0, and the top 10% per parameter', async () => {
    assert.equal(run.code, 0, run.stderr);
    const result = await runCli(['analyze', 'known', '--json'], folder.path);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout) as AnalysisDocument;
    assert.equal(doc.format, 'hypersweep-analysis/1');
    assert.equal(doc.trials, 60);
    const { x = 0, w = 0, d = 1, opt = 0 } = doc.importance;
    assert.ok(Math.abs(Object.values(doc.importance).reduce((a, b) => a + b, 0) - 1) < 1e-9);
    // Var(2·[sgd]) = 1, Var(3x) = 0.75, Var(1.5w) = 0.19 (shares 0.52, 0.39, 0.10); d explains nothing.
    assert.deepEqual(doc.parameters.map((p) => p.name).slice(0, 2).sort(), ['opt', 'x']);
    assert.deepEqual(doc.parameters.map((p) => p.name).slice(2), ['w', 'd']);
    assert.ok(x > 0.3 && opt > 0.3 && w > d && d < 0.02, JSON.stringify(doc.importance));
    // 6 of 60 trials are the top 10%: all adam, with x in the lower half.
    assert.deepEqual(doc.top_10_percent.opt, { values: { adam: 6 } });
    const xRange = doc.top_10_percent.x;
    assert.ok(xRange && 'max' in xRange && xRange.max < 0.5 && xRange.min >= 0, JSON.stringify(xRange));
    const dRange = doc.top_10_percent.d;
    assert.ok(dRange && 'min' in dRange && dRange.min >= Math.exp(-9.2) && dRange.max <= Math.exp(-2.3));
    assert.deepEqual(doc.parameters.find((p) => p.name === 'd')?.searched, { min: Math.exp(-9.2), max: Math.exp(-2.3) });
  });

  test('the text: a table of importance, top 10% and searched ranges, then one sentence per parameter', async () => {
    const result = await runCli(['analyze', 'known'], folder.path);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^sweep known: loss \(minimize\) over 60 completed and early-stopped trials$/m);
    assert.match(result.stdout, /^parameter\s+importance\s+top 10% \(6 trials\)\s+searched$/m);
    assert.match(result.stdout, /^x\s+\d+\.\d% █+\s+0\.\d+\.\.0\.\d+\s+0\.\.1$/m);
    assert.match(result.stdout, /^opt\s+.*adam \(6\)\s+adam, sgd$/m);
    assert.match(result.stdout, /^x matters( most)? \(\d+%\); the top 10% lie in 0\.\d+\.\.0\.\d+, narrower than the searched 0\.\.1: search 0\.\d+\.\.0\.\d+ next$/m);
    assert.match(result.stdout, /^opt matters( most)? \(\d+%\); the top 10% all use adam: keep adam$/m);
    assert.match(result.stdout, /^d hardly matters \((<1|\d)%\): any value in 1\.01e-4\.\.0\.1 does as well; fix it or drop it from the search$/m);
  });

  test('a folder that is not a sweep and a bad --seed are usage errors', async () => {
    const notSweep = await runCli(['analyze', 'nowhere'], folder.path);
    assert.equal(notSweep.code, 2);
    assert.match(notSweep.stderr, /nowhere is not a sweep folder/);
    const badSeed = await runCli(['analyze', 'known', '--seed', '-3'], folder.path);
    assert.equal(badSeed.code, 2);
  });
});
