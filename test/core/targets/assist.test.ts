import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { targetsCompletionsAt, targetsHoverAt } from '../../../src/core/targets/assist';

const TEXT = 'targets:\n  boxes:\n    type: ssh\n    hosts:\n      - host: a\n        \n    \n  local:\n    ';
const labels = (offset: number): string[] => targetsCompletionsAt(TEXT, offset, { hostAliases: ['box1', 'box2'] }).map((c) => c.label);

describe('targets file completion and hover', () => {
  test('keys fit the mapping at the cursor and are offered once', () => {
    assert.deepEqual(labels(TEXT.indexOf('        \n') + 8), ['gpus', 'slots', 'trials_per_gpu', 'gpus_per_trial']);
    assert.deepEqual(labels(TEXT.indexOf('    \n  local') + 4), ['ssh_config', 'gpus', 'slots', 'trials_per_gpu', 'gpus_per_trial', 'work_root', 'setup', 'env']);
    assert.deepEqual(labels(TEXT.length), ['type', 'gpus', 'slots', 'trials_per_gpu', 'gpus_per_trial']);
    assert.deepEqual(targetsCompletionsAt('', 0).map((c) => c.label), ['targets']);
  });

  test('type values insert the required keys in the document\'s indentation; hosts come from the ssh config', () => {
    const types = targetsCompletionsAt('targets:\n  x:\n    type: ', 'targets:\n  x:\n    type: '.length);
    assert.deepEqual(types.map((c) => [c.label, c.insertText]), [['local', 'local'], ['ssh', 'ssh\n    hosts: ${1:[box1]}'], ['slurm', 'slurm\n    login: ${1:local}\n    shared_dir: ${2:/shared/\\$USER/hypersweep}']]);
    assert.deepEqual(labels(TEXT.indexOf('host: a') + 7), ['box1', 'box2']);
  });

  test('hover explains keys, target names and types', () => {
    assert.match(targetsHoverAt(TEXT, TEXT.indexOf('hosts') + 1)?.markdown ?? '', /^\*\*hosts\*\* \(list, required\) in target `boxes`/);
    assert.match(targetsHoverAt(TEXT, TEXT.indexOf('boxes') + 1)?.markdown ?? '', /`compute: boxes`.*\n\n\*\*ssh\*\* target/s);
    assert.match(targetsHoverAt(TEXT, TEXT.indexOf('ssh') + 1)?.markdown ?? '', /^\*\*ssh\*\* target/);
    assert.equal(targetsHoverAt(TEXT, 0)?.markdown.startsWith('**targets**'), true);
  });
});
