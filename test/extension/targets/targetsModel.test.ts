import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepState, TrialRecord } from '../../../src/core/journal/state';
import { validateTargets } from '../../../src/core/targets';
import { DEFAULT_LOCAL_TARGET, type TargetDefinition } from '../../../src/core/targets/model';
import type { HostCheck } from '../../../src/extension/targets/hostCheck';
import { sshConfigHostAliases } from '../../../src/extension/targets/sshConfigHosts';
import { addTargetToFile, targetNameFor } from '../../../src/extension/targets/targetsFileEdit';
import { busySlots, checkKey, placementText, slotCount, targetRows, trialTaskName } from '../../../src/extension/targets/targetsModel';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hs-ext-targets-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function trial(id: string, status: TrialRecord['status'], placement?: TrialRecord['placement']): TrialRecord {
  return { id, status, ...(placement ? { placement } : {}) } as TrialRecord;
}

describe('Targets view model', () => {
  const boxes: TargetDefinition = {
    type: 'ssh', name: 'boxes', gpus: 'auto', work_root: '~/.hypersweep', env: {},
    hosts: [{ host: 'box1' }, { host: 'box2', gpus: ['0', '1'], trials_per_gpu: 2 }, { host: 'cpu', slots: 3 }],
  };
  const targets = new Map<string, TargetDefinition>([['boxes', boxes], ['local', DEFAULT_LOCAL_TARGET]]);

  test('busy slots count Running trials per target and host from their placement', () => {
    const states = [{ trials: [
      trial('a', 'Running', { target: 'boxes', host: 'box1', gpus: ['0'] }),
      trial('b', 'Running', { target: 'boxes', host: 'box1', gpus: ['1'] }),
      trial('c', 'Completed', { target: 'boxes', host: 'box2' }),
      trial('d', 'Running'),
    ] } as unknown as SweepState];
    assert.deepEqual([...busySlots(states).entries()].map(([t, m]) => [t, [...m.entries()]]), [['boxes', [['box1', 2]]], ['local', [['', 1]]]]);
  });

  test('slot counts follow the GPU layout; auto GPUs need a probe', () => {
    assert.equal(slotCount({}, 4), 4);
    assert.equal(slotCount({ slots: 2 }, 4), 2);
    assert.equal(slotCount({ gpus: ['0', '1', '2'], gpus_per_trial: 2 }, 4), 1);
    assert.equal(slotCount({ gpus: 'auto' }, 4), undefined);
    assert.equal(slotCount({ gpus: 'auto', trials_per_gpu: 2 }, 4, ['0', '1']), 4);
  });

  test('rows: local first, hosts with reachability, GPUs and free slots', () => {
    const ok: HostCheck = { host: 'box1', ok: true, checkedAt: 0, ms: 120, probe: { os: 'Linux', arch: 'x86_64', home: '/home/u', tools: { setsid: true, rsync: true, tar: true, python3: true, nvidiaSmi: true }, gpus: [{ index: '0', uuid: 'GPU-a', name: 'A100' }, { index: '1', uuid: 'GPU-b', name: 'A100' }] } };
    const bad: HostCheck = { host: 'cpu', ok: false, checkedAt: 0, ms: 10, error: { kind: 'unreachable', message: 'Could not connect to cpu (Connection refused).' } };
    const checks = new Map([[checkKey('boxes', 'box1'), ok], [checkKey('boxes', 'cpu'), bad]]);
    const busy = new Map([['boxes', new Map([['box1', 1]])]]);
    const rows = targetRows(targets, new Map([['boxes', 'file' as const]]), checks, busy, 8);
    assert.deepEqual(rows.map((r) => [r.label, r.description, r.contextValue]), [
      ['local', 'this machine · 8/8 free', 'target.local'],
      ['boxes', 'ssh · 3 hosts · 1 unreachable · 8/9 free', 'target.ssh'],
    ]);
    assert.deepEqual(rows[1]?.hosts.map((h) => [h.label, h.description, h.icon.id]), [
      ['box1', 'reachable · 2 GPUs (auto) · 1/2 free', 'pass'],
      ['box2', 'not checked · GPUs 0, 1 · 4/4 free', 'circle-large-outline'],
      ['cpu', 'unreachable · 3/3 free', 'error'],
    ]);
    assert.match(rows[1]?.hosts[2]?.tooltip ?? '', /Could not connect to cpu \(Connection refused\)\./);
  });

  test('placement text for the tree row and the task name', () => {
    assert.equal(placementText(undefined), undefined);
    assert.equal(placementText({ host: 'box1', gpus: ['0', '1'] }), 'box1 · GPU 0,1');
    assert.equal(placementText({ gpus: [] }), undefined);
    assert.equal(trialTaskName(trial('s_1', 'Running', { target: 'boxes', host: 'box1', gpus: ['1'] })), 's_1 @ box1 · GPU 1');
    assert.equal(trialTaskName(trial('s_2', 'Running')), 's_2');
  });
});

describe('ssh config aliases', () => {
  test('Host lines of the config and its includes (globs), without patterns, once each', () => {
    const conf = join(dir, 'config');
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'conf.d', 'a.conf'), 'Host box2 box1\n  HostName 10.0.0.2\n');
    writeFileSync(join(dir, 'conf.d', 'b.conf'), 'host=box3\n');
    writeFileSync(conf, `# mine\nHost box1\n  User me\nHost *.internal !bad\nInclude ${join(dir, 'conf.d')}/*.conf\nHost "quoted one"\nMatch host x\n`);
    assert.deepEqual(sshConfigHostAliases(conf), ['box1', 'box2', 'box3', 'quoted one']);
    assert.deepEqual(sshConfigHostAliases(join(dir, 'missing')), []);
  });
});

describe('adding a target to the file', () => {
  test('creates the file with a header, then appends keeping comments; the result validates', () => {
    const file = join(dir, 'hypersweep.targets.yaml');
    addTargetToFile(file, 'box1', { type: 'ssh', hosts: ['box1'], gpus: 'auto' });
    writeFileSync(file, readFileSync(file, 'utf8').replace('\ntargets:', '\n# keep me\ntargets:'));
    addTargetToFile(file, 'alice-10.0.0.7', { type: 'ssh', hosts: ['alice@10.0.0.7:2222'] });
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# HyperSweep execution targets/);
    assert.match(text, /# keep me\ntargets:\n {2}box1:\n {4}type: ssh\n {4}hosts: \[ box1 \]\n {4}gpus: auto\n {2}alice-10\.0\.0\.7:\n {4}type: ssh\n {4}hosts: \[ alice@10\.0\.0\.7:2222 \]\n$/);
    const result = validateTargets(text);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual([...result.targets.keys()], ['box1', 'alice-10.0.0.7']);
    assert.throws(() => addTargetToFile(file, 'box1', { type: 'ssh', hosts: ['x'] }), /already defines a target `box1`/);
  });

  test('target names from host strings', () => {
    assert.equal(targetNameFor('alice@10.0.0.7:2222'), '10.0.0.7');
    assert.equal(targetNameFor('gpu box'), 'gpu-box');
    assert.equal(targetNameFor('@@'), 'ssh-target');
  });
});
