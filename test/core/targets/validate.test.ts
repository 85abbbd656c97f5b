import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DiagnosticFix, Severity, SourceRange } from '../../../src/core/spec';
import { validateTargets } from '../../../src/core/targets';
import { positionAt, rangeOf } from '../spec/specTestHelpers';

/** One expected diagnostic at the `nth` occurrence of `needle`. */
function at(text: string, severity: Severity, code: string, message: string, needle: string, nth = 0, fix?: DiagnosticFix): Diagnostic {
  const range = rangeOf(text, needle, nth);
  return fix ? { severity, code, message, range, fix } : { severity, code, message, range };
}

/** The range of the target name `name` (a key at indent 2). */
function keyRange(text: string, name: string): SourceRange {
  const offset = text.indexOf(`\n  ${name}:`) + 3;
  return { start: positionAt(text, offset), end: positionAt(text, offset + name.length) };
}

/** The text after applying a fix's edits (back to front). */
function applyFix(text: string, fix: DiagnosticFix | undefined): string {
  assert.ok(fix, 'expected a fix');
  let out = text;
  for (const edit of [...fix.edits].sort((a, b) => b.range.start.offset - a.range.start.offset)) {
    out = out.slice(0, edit.range.start.offset) + edit.newText + out.slice(edit.range.end.offset);
  }
  return out;
}

const GOOD = `targets:
  gpu-boxes:
    type: ssh
    hosts: [box1, alice@10.0.0.7:2222]
    ssh_config: ./ssh_config
    gpus: auto
    trials_per_gpu: 2
    work_root: ~/hs
    setup: source ~/venv/bin/activate
    env: {WANDB_MODE: offline, OMP_NUM_THREADS: 4}
  cpus:
    type: ssh
    hosts:
      - host: small
        slots: 2
      - host: big
        gpus: [0, 1, GPU-8d2c3e]
        gpus_per_trial: 2
  local:
    gpus: [0, 1]
  cluster:
    type: slurm
    login: login1
    shared_dir: /shared/me
`;

describe('validateTargets: the shapes it reads', () => {
  test('a valid file gives the definitions of the model, with defaults and ssh_config resolved against the file', () => {
    const fileSystem = { kind: (): 'file' => 'file' };
    const result = validateTargets(GOOD, { fileDir: '/proj', fileSystem });
    // A Slurm login node reached over SSH (`login: login1`) is a supported form.
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual([...result.targets.entries()], [
      ['gpu-boxes', {
        type: 'ssh', name: 'gpu-boxes', gpus: 'auto', trials_per_gpu: 2,
        hosts: [{ host: 'box1' }, { host: 'alice@10.0.0.7:2222' }],
        ssh_config: '/proj/ssh_config', work_root: '~/hs', setup: 'source ~/venv/bin/activate',
        env: { WANDB_MODE: 'offline', OMP_NUM_THREADS: '4' },
      }],
      ['cpus', {
        type: 'ssh', name: 'cpus', work_root: '~/.hypersweep', env: {},
        hosts: [{ host: 'small', slots: 2 }, { host: 'big', gpus: ['0', '1', 'GPU-8d2c3e'], gpus_per_trial: 2 }],
      }],
      ['local', { type: 'local', name: 'local', gpus: ['0', '1'] }],
      ['cluster', { type: 'slurm', name: 'cluster', login: 'login1', shared_dir: '/shared/me', sbatch_args: [] }],
    ]);
  });

  test('an empty file is a warning and defines nothing', () => {
    const result = validateTargets('');
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.code, d.message]), [
      ['warning', 'empty-file', 'The targets file is empty; define targets under `targets:` (only `local` is available).'],
    ]);
    assert.equal(result.targets.size, 0);
  });

  test('yaml-syntax and multiple-documents come from the spec parser, worded for the targets file', () => {
    const broken = validateTargets('targets:\n  a: [\n');
    assert.ok(broken.diagnostics.some((d) => d.code === 'yaml-syntax' && d.severity === 'error'));
    const text = 'targets: {}\n---\ntargets: {}\n';
    assert.deepEqual(validateTargets(text).diagnostics, [{
      severity: 'error', code: 'multiple-documents',
      message: 'Only one YAML document is allowed in a targets file; put every target under the one `targets:` mapping.',
      range: { start: positionAt(text, 12), end: positionAt(text, text.length) },
    }]);
  });
});

describe('validateTargets: every diagnostic code', () => {
  test('wrong-type: the file, a target, a host and an env value', () => {
    assert.deepEqual(validateTargets('- a\n').diagnostics, [at('- a\n', 'error', 'wrong-type', 'The targets file must be a mapping with `targets:`, got a list.', '- a')]);
    const text = 'targets:\n  a: 3\n  b:\n    type: ssh\n    hosts: [[x]]\n    env: {A: [1]}\n';
    assert.deepEqual(validateTargets(text).diagnostics, [
      at(text, 'error', 'wrong-type', 'target `a` must be a mapping with `type` (local, ssh or slurm), got number 3.', '3'),
      at(text, 'error', 'wrong-type', 'A host in target `b` must be a string (`box1`, `alice@10.0.0.7:2222`) or a mapping with `host`, got a list.', '[x]'),
      at(text, 'error', 'wrong-type', '`env.A` in target `b` must be a string, number or boolean, got a list.', '[1]'),
    ]);
  });

  test('unknown-key with did-you-mean and its fix; a key of another type is named as such', () => {
    const text = 'targets:\n  a:\n    type: ssh\n    hosts: [h]\n    work_rot: /x\n  local:\n    hosts: [h]\n';
    const result = validateTargets(text);
    const fix = { title: 'Replace with `work_root`', edits: [{ range: rangeOf(text, 'work_rot'), newText: 'work_root' }] };
    assert.deepEqual(result.diagnostics, [
      at(text, 'error', 'unknown-key', 'Unknown key `work_rot` in target `a`; did you mean `work_root`?', 'work_rot', 0, fix),
      at(text, 'error', 'unknown-key', 'Unknown key `hosts` in target `local` (`hosts` belongs to another target type). Allowed: `type`, `gpus`, `slots`, `trials_per_gpu`, `gpus_per_trial`.', 'hosts', 1),
    ]);
    assert.equal(applyFix(text, result.diagnostics[0]?.fix).includes('    work_root: /x\n'), true);
    assert.deepEqual([...validateTargets('target:\n  a: {}\n').diagnostics.map((d) => [d.code, d.message])], [
      ['unknown-key', 'Unknown key `target` in the targets file; did you mean `targets`?'],
      ['missing-key', 'Missing required key `targets` in the targets file.'],
    ]);
  });

  test('missing-key: type (except for local), hosts, slurm login', () => {
    const text = 'targets:\n  a:\n    hosts: [h]\n  b:\n    type: ssh\n  c:\n    type: slurm\n    shared_dir: /s\n';
    assert.deepEqual(validateTargets(text).diagnostics, [
      { severity: 'error', code: 'missing-key', message: 'Missing required key `type` in target `a`; write `type: ssh` for a pool of SSH hosts or `type: local` for this machine.', range: keyRange(text, 'a') },
      { severity: 'error', code: 'missing-key', message: 'Missing required key `hosts` in target `b`.', range: keyRange(text, 'b') },
      { severity: 'error', code: 'missing-key', message: 'Missing required key `login` in target `c`.', range: keyRange(text, 'c') },
    ]);
  });

  test('invalid-value: an unknown type with did-you-mean, and no missing-key noise for it', () => {
    const text = 'targets:\n  a:\n    type: sssh\n    hosts: [h]\n';
    assert.deepEqual(validateTargets(text).diagnostics, [
      at(text, 'error', 'invalid-value', 'Invalid value `sssh` for `type` in target `a`; expected one of `local`, `ssh`, `slurm`. Did you mean `ssh`?', 'sssh', 0,
        { title: 'Replace with `ssh`', edits: [{ range: rangeOf(text, 'sssh'), newText: 'ssh' }] }),
    ]);
  });

  test('out-of-range: slots, trials_per_gpu and gpus_per_trial are at least 1', () => {
    const text = 'targets:\n  a:\n    type: ssh\n    hosts: [h]\n    slots: 0\n  local:\n    gpus: auto\n    gpus_per_trial: 0\n';
    assert.deepEqual(validateTargets(text).diagnostics, [
      at(text, 'error', 'out-of-range', '`slots` must be at least 1, got 0.', '0'),
      at(text, 'error', 'out-of-range', '`gpus_per_trial` must be at least 1, got 0.', '0', 1),
    ]);
  });

  test('bad-target-name', () => {
    const text = 'targets:\n  "my box":\n    type: local\n';
    assert.deepEqual(validateTargets(text).diagnostics, [
      at(text, 'error', 'bad-target-name', 'Target name `my box` must start with a letter or digit and hold only letters, digits, `.`, `_` and `-` (it is what `compute:` and `--target` say).', '"my box"'),
    ]);
  });

  test('local-redefined: `local` can only be type local; the fix makes it so', () => {
    const text = 'targets:\n  local:\n    type: ssh\n    hosts: [h]\n';
    const result = validateTargets(text);
    assert.deepEqual(result.diagnostics, [
      at(text, 'error', 'local-redefined', '`local` always means this machine and can only be `type: local` (to give it GPU slots); give the ssh target another name.', 'ssh', 0,
        { title: 'Replace with `local`', edits: [{ range: rangeOf(text, 'ssh'), newText: 'local' }] }),
    ]);
    assert.equal(result.targets.size, 0);
  });

  test('slots-with-gpus and packing-conflict, each with a fix removing the line', () => {
    const text = 'targets:\n  local:\n    gpus: [0, 1]\n    slots: 3\n    trials_per_gpu: 2\n    gpus_per_trial: 2\n';
    const result = validateTargets(text);
    const line = (needle: string) => {
      const start = text.indexOf(needle) - 4;
      const end = text.indexOf('\n', start) + 1;
      return { range: { start: positionAt(text, start), end: positionAt(text, end) }, newText: '' };
    };
    assert.deepEqual(result.diagnostics, [
      at(text, 'error', 'slots-with-gpus', 'target `local` sets both `slots` and `gpus`; with GPUs there is one slot per GPU (or `trials_per_gpu` per GPU). Remove `slots`, or remove `gpus` for a CPU host.', 'slots', 0,
        { title: 'Remove `slots`', edits: [line('slots')] }),
      at(text, 'error', 'packing-conflict', 'target `local` sets both `trials_per_gpu` and `gpus_per_trial`; a GPU is either shared by several trials or grouped with others for one trial. Keep one.', 'gpus_per_trial', 0,
        { title: 'Remove `gpus_per_trial`', edits: [line('gpus_per_trial')] }),
    ]);
    const fixed = applyFix(applyFix(text, result.diagnostics[1]?.fix), result.diagnostics[0]?.fix);
    assert.equal(fixed, 'targets:\n  local:\n    gpus: [0, 1]\n    trials_per_gpu: 2\n');
    assert.deepEqual(validateTargets(fixed).diagnostics, []);
  });

  test('packing-without-gpus warns; a host inherits the pool\'s gpus', () => {
    const text = 'targets:\n  a:\n    type: ssh\n    hosts: [{host: h, trials_per_gpu: 2}]\n  b:\n    type: ssh\n    gpus: auto\n    hosts: [{host: h, gpus_per_trial: 2}]\n';
    assert.deepEqual(validateTargets(text).diagnostics, [
      at(text, 'warning', 'packing-without-gpus', '`trials_per_gpu` has no effect in host `h` of target `a` without `gpus`; add `gpus: auto` or a list of GPU ids.', 'trials_per_gpu'),
    ]);
  });

  test('too-few-gpus, bad-gpu, duplicate-gpu', () => {
    const text = 'targets:\n  local:\n    gpus: [0]\n    gpus_per_trial: 2\n  x:\n    type: local\n    gpus: []\n  y:\n    type: local\n    gpus: [0, cuda1, 0]\n';
    const result = validateTargets(text);
    assert.deepEqual(result.diagnostics, [
      at(text, 'error', 'too-few-gpus', '`gpus_per_trial: 2` in target `local` needs at least 2 GPUs, but `gpus` lists 1.', '2'),
      at(text, 'error', 'bad-gpu', '`gpus` in target `x` lists no GPU; write `gpus: auto`, list GPU ids, or remove `gpus` for CPU slots.', '[]'),
      at(text, 'error', 'bad-gpu', 'GPU id string "cuda1" in target `y` is not a GPU index (0, 1, ...) or a `GPU-`/`MIG-` UUID as `nvidia-smi -L` prints them.', 'cuda1'),
      at(text, 'error', 'duplicate-gpu', 'GPU `0` is listed twice in target `y`; each GPU is one slot.', '0', 2,
        { title: 'Remove the second `0`', edits: [{ range: { start: positionAt(text, text.indexOf('cuda1') + 5), end: positionAt(text, text.lastIndexOf('0]') + 1) }, newText: '' }] }),
    ]);
    assert.equal(result.targets.size, 0);
  });

  test('bad-host: options, spaces, bad ports; duplicate-host with a fix in block and flow lists', () => {
    const text = 'targets:\n  a:\n    type: ssh\n    hosts: [box1, -oProxyCommand=touch, "a b", u@h:70000, box1]\n  b:\n    type: ssh\n    hosts:\n      - h2\n      - h2\n';
    const result = validateTargets(text);
    assert.deepEqual(result.diagnostics, [
      at(text, 'error', 'bad-host', 'Host `-oProxyCommand=touch` in target `a` starts with `-`, which ssh would read as an option; write an alias from your ssh config or `user@host[:port]`.', '-oProxyCommand=touch'),
      at(text, 'error', 'bad-host', 'Host `a b` in target `a` contains white space; write an alias from your ssh config or `user@host[:port]`.', '"a b"'),
      at(text, 'error', 'bad-host', 'Host `u@h:70000` in target `a` has port 70000, outside 1..65535; write an alias from your ssh config or `user@host[:port]`.', 'u@h:70000'),
      at(text, 'error', 'duplicate-host', 'Host `box1` is listed twice in target `a`; list each host once (use `slots` or `gpus` for more trials on it).', 'box1', 1,
        { title: 'Remove the second `box1`', edits: [{ range: { start: positionAt(text, text.indexOf('u@h:70000') + 9), end: positionAt(text, text.indexOf('box1]') + 4) }, newText: '' }] }),
      at(text, 'error', 'duplicate-host', 'Host `h2` is listed twice in target `b`; list each host once (use `slots` or `gpus` for more trials on it).', 'h2', 1,
        { title: 'Remove the second `h2`', edits: [{ range: { start: positionAt(text, text.lastIndexOf('      - h2')), end: positionAt(text, text.length) }, newText: '' }] }),
    ]);
  });

  test('empty-hosts and bad-env-name', () => {
    const text = 'targets:\n  a:\n    type: ssh\n    hosts: []\n    env: {1X: y}\n';
    assert.deepEqual(validateTargets(text).diagnostics, [
      at(text, 'error', 'empty-hosts', '`hosts` in target `a` is empty; list at least one ssh alias or `user@host[:port]`.', '[]'),
      at(text, 'error', 'bad-env-name', '`1X` in `env` of target `a` is not a variable name a shell accepts (letters, digits, `_`, not starting with a digit).', '1X'),
    ]);
  });

  test('ssh-config-missing names the path looked for', () => {
    const text = 'targets:\n  a:\n    type: ssh\n    hosts: [h]\n    ssh_config: conf/ssh\n';
    const result = validateTargets(text, { fileDir: '/proj', fileSystem: { kind: () => 'missing' } });
    assert.deepEqual(result.diagnostics, [
      at(text, 'warning', 'ssh-config-missing', 'The ssh config `conf/ssh` of target `a` does not exist (looked for /proj/conf/ssh); ssh would refuse to start. Fix the path (relative to this file) or remove `ssh_config` to use your own ~/.ssh/config.', 'conf/ssh'),
    ]);
    assert.equal(result.targets.get('a')?.type, 'ssh');
  });

  test('a Slurm target with `login: local` has no warning', () => {
    const text = 'targets:\n  cluster:\n    type: slurm\n    login: local\n    shared_dir: /shared/me\n    gres: gpu:1\n';
    const result = validateTargets(text);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.targets.get('cluster'), { type: 'slurm', name: 'cluster', login: 'local', shared_dir: '/shared/me', sbatch_args: [], gres: 'gpu:1' });
  });

  test('one broken target does not hide the others', () => {
    const text = 'targets:\n  a:\n    type: ssh\n    hosts: []\n  b:\n    type: local\n    gpus: [3]\n';
    assert.deepEqual([...validateTargets(text).targets.keys()], ['b']);
  });
});
