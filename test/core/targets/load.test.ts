import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILE_START, loadSpec } from '../../../src/core/spec';
import { DEFAULT_LOCAL_TARGET, findTargetsFile, loadTargets, resolveTarget, targetNameOfCompute, type TargetDefinition } from '../../../src/core/targets';
import { MINIMAL, rangeOf } from '../spec/specTestHelpers';

let root = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'hs-targets-'));
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

const HOW = (name: string): string =>
  `define it under \`targets:\` in hypersweep.targets.yaml next to the spec or in the workspace root (e.g. \`${name}: {type: ssh, hosts: [myhost]}\`), or in the VS Code setting \`hypersweep.targets\``;

describe('findTargetsFile', () => {
  test('next to the spec first, then the workspace root, else undefined', () => {
    const ws = join(root, 'find');
    const specDir = join(ws, 'sweeps');
    mkdirSync(specDir, { recursive: true });
    assert.equal(findTargetsFile(specDir, ws), undefined);
    writeFileSync(join(ws, 'hypersweep.targets.yaml'), 'targets: {}\n');
    assert.equal(findTargetsFile(specDir, ws), join(ws, 'hypersweep.targets.yaml'));
    assert.equal(findTargetsFile(specDir), undefined);
    writeFileSync(join(specDir, 'hypersweep.targets.yaml'), 'targets: {}\n');
    assert.equal(findTargetsFile(specDir, ws), join(specDir, 'hypersweep.targets.yaml'));
  });
});

describe('loadTargets', () => {
  test('no file and no setting: only local', () => {
    assert.deepEqual(loadTargets({}), { targets: new Map([['local', DEFAULT_LOCAL_TARGET]]), diagnostics: [] });
  });

  test('file and setting merge; the file wins a name in both; ssh_config is resolved against each source', () => {
    const dir = join(root, 'merge');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ssh_config'), 'Host *\n');
    const file = join(dir, 'hypersweep.targets.yaml');
    writeFileSync(file, 'targets:\n  boxes:\n    type: ssh\n    hosts: [a]\n    ssh_config: ssh_config\n');
    const result = loadTargets({
      file,
      settingsJson: { boxes: { type: 'ssh', hosts: ['z'] }, gpu: { type: 'local', gpus: [0, 1] }, more: { type: 'ssh', hosts: ['b'], ssh_config: 'ssh_config' } },
      settingsBaseDir: dir,
    });
    assert.deepEqual(result.diagnostics, [{
      severity: 'warning', code: 'duplicate-target',
      message: `Target \`boxes\` is defined in ${file} and in the setting \`hypersweep.targets\`; the file's definition is used.`,
      range: FILE_START,
    }]);
    assert.deepEqual([...result.targets.entries()], [
      ['boxes', { type: 'ssh', name: 'boxes', hosts: [{ host: 'a' }], ssh_config: join(dir, 'ssh_config'), work_root: '~/.hypersweep', env: {} }],
      ['gpu', { type: 'local', name: 'gpu', gpus: ['0', '1'] }],
      ['more', { type: 'ssh', name: 'more', hosts: [{ host: 'b' }], ssh_config: join(dir, 'ssh_config'), work_root: '~/.hypersweep', env: {} }],
      ['local', DEFAULT_LOCAL_TARGET],
    ]);
  });

  test('setting problems name the setting and the line; a missing file is an error', () => {
    const result = loadTargets({ file: join(root, 'nope.yaml'), settingsJson: { x: { type: 'ssh', hosts: ['h'], slot: 2 } } });
    assert.deepEqual(result.diagnostics, [
      { severity: 'error', code: 'targets-file-missing', message: `The targets file ${join(root, 'nope.yaml')} does not exist.`, range: FILE_START },
      { severity: 'error', code: 'unknown-key', message: 'Setting `hypersweep.targets` (at `slot: 2`): Unknown key `slot` in target `x`; did you mean `slots`?', range: FILE_START },
    ]);
    assert.deepEqual([...result.targets.keys()], ['local']);
    assert.deepEqual(loadTargets({ settingsJson: [1] }).diagnostics.map((d) => d.code), ['wrong-type']);
  });

  test('a file defining local with GPU slots replaces the default local', () => {
    const file = join(root, 'local.yaml');
    writeFileSync(file, 'targets:\n  local:\n    gpus: [0, 1]\n');
    assert.deepEqual(loadTargets({ file }).targets.get('local'), { type: 'local', name: 'local', gpus: ['0', '1'] });
  });
});

describe('resolveTarget', () => {
  const boxes: TargetDefinition = { type: 'ssh', name: 'gpu-boxes', hosts: [{ host: 'a' }], work_root: '~/.hypersweep', env: {} };
  const targets = new Map<string, TargetDefinition>([['gpu-boxes', boxes], ['local', DEFAULT_LOCAL_TARGET]]);

  test('compute names a target with or without azureml:, or as a full resource id', () => {
    assert.deepEqual(resolveTarget('azureml:gpu-boxes', targets), { target: boxes });
    assert.deepEqual(resolveTarget('gpu-boxes', targets), { target: boxes });
    assert.deepEqual(resolveTarget('azureml:/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/gpu-boxes', targets), { target: boxes });
    assert.equal(targetNameOfCompute('AzureML:x'), 'x');
    assert.equal(targetNameOfCompute(''), undefined);
  });

  test('absent or local compute runs locally without a word', () => {
    assert.deepEqual(resolveTarget(undefined, targets), { target: DEFAULT_LOCAL_TARGET });
    assert.deepEqual(resolveTarget('local', new Map()), { target: DEFAULT_LOCAL_TARGET });
  });

  test('an undefined compute runs locally with a warning that says how to define the target', () => {
    assert.deepEqual(resolveTarget('azureml:gpu-cluster', targets), {
      target: DEFAULT_LOCAL_TARGET,
      warning: `\`compute: azureml:gpu-cluster\` names no defined target, so trials run on this machine (\`local\`). To run them on \`gpu-cluster\`, ${HOW('gpu-cluster')}.`,
    });
  });

  test('the override wins over compute; an unknown override is an error listing the names', () => {
    assert.deepEqual(resolveTarget('azureml:gpu-boxes', targets, 'local'), { target: DEFAULT_LOCAL_TARGET });
    assert.deepEqual(resolveTarget(undefined, targets, 'gpu-boxes'), { target: boxes });
    assert.deepEqual(resolveTarget('gpu-boxes', targets, 'gpu-box'), {
      error: `No target named \`gpu-box\`. Defined targets: \`local\`, \`gpu-boxes\`. To add it, ${HOW('gpu-box')}.`,
    });
  });
});

describe('loadSpec: compute against the defined targets', () => {
  test('without a targets lookup: an info that promises nothing', () => {
    const text = `${MINIMAL}compute: azureml:gpu-cluster\n`;
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'info', code: 'execution-target',
      message: '`compute: azureml:gpu-cluster` runs trials on the target `gpu-cluster` if it is defined in hypersweep.targets.yaml (next to the spec or in the workspace root) or in the VS Code setting `hypersweep.targets`; otherwise they run on this machine.',
      range: rangeOf(text, 'azureml:gpu-cluster'),
    }]);
  });

  test('a defined name: info naming the target', () => {
    const text = `${MINIMAL}compute: gpu-boxes\n`;
    assert.deepEqual(loadSpec(text, { targetNames: ['local', 'gpu-boxes'] }).diagnostics, [{
      severity: 'info', code: 'execution-target', message: '`compute: gpu-boxes` runs trials on the target `gpu-boxes`.', range: rangeOf(text, 'gpu-boxes'),
    }]);
  });

  test('unknown-target: a warning with the defined names, did-you-mean and a fix keeping the azureml: prefix', () => {
    const text = `${MINIMAL}compute: azureml:gpu-boxs\n`;
    const result = loadSpec(text, { targetNames: ['local', 'gpu-boxes'] });
    assert.deepEqual(result.diagnostics, [{
      severity: 'warning', code: 'unknown-target',
      message: `\`compute: azureml:gpu-boxs\` names no defined target, so trials run on this machine (\`local\`). Defined targets: \`local\`, \`gpu-boxes\`. Did you mean \`gpu-boxes\`? To run them on \`gpu-boxs\`, ${HOW('gpu-boxs')}.`,
      range: rangeOf(text, 'azureml:gpu-boxs'),
      fix: { title: 'Replace with `azureml:gpu-boxes`', edits: [{ range: rangeOf(text, 'azureml:gpu-boxs'), newText: 'azureml:gpu-boxes' }] },
    }]);
    assert.ok(result.spec, 'a warning does not block the run');
  });
});
