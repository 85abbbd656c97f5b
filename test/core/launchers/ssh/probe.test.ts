import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { expandRemotePath, missingToolsError, parseProbeOutput } from '../../../../src/core/launchers/ssh/probe';

const output = [
  'Welcome! (a login file printing to stdout is ignored)',
  'HSPROBE os Linux x86_64',
  'HSPROBE home /home/alice',
  'HSPROBE tool setsid 1', 'HSPROBE tool rsync 0', 'HSPROBE tool tar 1', 'HSPROBE tool python3 1', 'HSPROBE tool nvidia-smi 1',
  'HSPROBE gpu 0, GPU-1111-aaaa, NVIDIA A100-SXM4-80GB',
  'HSPROBE gpu 1, GPU-2222-bbbb, NVIDIA A100-SXM4-80GB',
  '',
].join('\r\n');

void describe('host probe', () => {
  void test('reads OS, home, tools and GPUs from the marked lines only', () => {
    const probe = parseProbeOutput('box1', output);
    assert.deepEqual(probe, {
      os: 'Linux', arch: 'x86_64', home: '/home/alice',
      tools: { setsid: true, rsync: false, tar: true, python3: true, nvidiaSmi: true },
      gpus: [{ index: '0', uuid: 'GPU-1111-aaaa', name: 'NVIDIA A100-SXM4-80GB' }, { index: '1', uuid: 'GPU-2222-bbbb', name: 'NVIDIA A100-SXM4-80GB' }],
    });
    assert.equal(missingToolsError('box1', probe), undefined, 'rsync is optional');
  });

  void test('missing setsid and tar is one missing-tool error naming the host and the fix', () => {
    const probe = parseProbeOutput('box1', output.replace('setsid 1', 'setsid 0').replace('tar 1', 'tar 0'));
    const error = missingToolsError('box1', probe);
    assert.ok(error);
    assert.equal(error.kind, 'missing-tool');
    assert.match(error.message, /box1 has no setsid and tar/);
    assert.match(error.fix, /util-linux/);
  });

  void test('output that is not the probe\'s is a clear error', () => {
    assert.throws(() => parseProbeOutput('box1', 'bash: oops\n'), /box1 printed nothing HyperSweep can read/);
  });

  void test('remote paths: ~ and relative paths resolve against the probe\'s home', () => {
    const probe = parseProbeOutput('box1', output);
    assert.equal(expandRemotePath('~/.hypersweep', probe), '/home/alice/.hypersweep');
    assert.equal(expandRemotePath('~', probe), '/home/alice');
    assert.equal(expandRemotePath('work', probe), '/home/alice/work');
    assert.equal(expandRemotePath('/scratch/hs', probe), '/scratch/hs');
  });
});
