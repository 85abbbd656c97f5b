/** `hypersweep validate` on a targets file, and a spec's `compute:` checked against the targets its run would see. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, runCli } from './support';

const SPEC = (compute: string): string => `type: sweep\ncompute: ${compute}\nsampling_algorithm: random\nsearch_space:\n  lr: {type: uniform, min_value: 0, max_value: 1}\nobjective: {goal: maximize, primary_metric: acc}\nlimits: {max_total_trials: 2}\ntrial:\n  command: echo \${{search_space.lr}}\n`;

let cwd = '';
before(async () => {
  await ensureCliBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'hs-cli-targets-'));
  mkdirSync(join(cwd, 'specs'));
  writeFileSync(join(cwd, 'hypersweep.targets.yaml'), 'targets:\n  boxes:\n    type: ssh\n    hosts: [box1]\n');
  writeFileSync(join(cwd, 'specs', 'good.sweep.yaml'), SPEC('azureml:boxes'));
  writeFileSync(join(cwd, 'specs', 'typo.sweep.yaml'), SPEC('azureml:boxs'));
  mkdirSync(join(cwd, 'bad'));
  writeFileSync(join(cwd, 'bad', 'hypersweep.targets.yaml'), 'targets:\n  a:\n    type: ssh\n    hosts: [x, x]\n    slot: 2\n');
});
after(() => rmSync(cwd, { recursive: true, force: true }));

describe('hypersweep validate with targets', () => {
  test('a targets file is validated as one, with positions and codes', async () => {
    const result = await runCli(['validate', 'bad/hypersweep.targets.yaml'], cwd);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, [
      'bad/hypersweep.targets.yaml:4:16: error: Host `x` is listed twice in target `a`; list each host once (use `slots` or `gpus` for more trials on it). [duplicate-host]',
      'bad/hypersweep.targets.yaml:5:5: error: Unknown key `slot` in target `a`; did you mean `slots`? [unknown-key]',
      '1 file checked: 2 errors, 0 warnings, 0 info',
      '',
    ].join('\n'));
  });

  test('a spec naming a defined target gets an info; a misspelt one a warning with did-you-mean (exit 0)', async () => {
    const result = await runCli(['validate', 'specs/good.sweep.yaml', 'specs/typo.sweep.yaml'], cwd);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines[0], 'specs/good.sweep.yaml:2:10: info: `compute: azureml:boxes` runs trials on the target `boxes`. [execution-target]');
    assert.match(lines[1] ?? '', /^specs\/typo\.sweep\.yaml:2:10: warning: `compute: azureml:boxs` names no defined target, so trials run on this machine \(`local`\)\. Defined targets: `local`, `boxes`\. Did you mean `boxes`\? .*\[unknown-target\]$/);
  });
});
