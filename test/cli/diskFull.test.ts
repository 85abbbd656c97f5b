/**
 * A full or read-only disk is the user's to fix, not a bug: `run` and `resume` name the disk and say
 * to free space and resume (exit 75) instead of "internal error ... Please report this", and a
 * resume after freeing space finishes the sweep with nothing lost. The disk is a real 1 MB tmpfs
 * (mounting needs root, as in CI; elsewhere those tests are skipped); EDQUOT, which needs quotas,
 * is checked on the message function.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { diskErrorCode, diskFullMessage, DiskFullError } from '../../src/cli/diskFull';
import { EXIT } from '../../src/cli/command';
import { replay } from '../../src/core/journal/replay';
import { journalEvents, specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';

const TRIAL = join(__dirname, '..', 'fixtures', 'scheduler', 'big_output_trial.js');
const folder = tempFolder('hypersweep-disk-full-');
const disk = join(folder.path, 'disk');
mkdirSync(disk);

function mount(options: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', disk], { encoding: 'utf8' }).status === 0;
}
function remount(options: string): void {
  const result = spawnSync('mount', ['-o', `remount,${options}`, disk], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}
const mounted = process.getuid?.() === 0 && mount('size=1m');
after(() => {
  if (mounted) spawnSync('umount', ['-l', disk]);
  folder.remove();
});

// Three trials, one at a time; the first prints 1.5 MB, more than the 1 MB disk holds.
const SPEC = specYaml('--delay 1 --values 1', '') .replace(/command: .*/, `command: node ${JSON.stringify(TRIAL)} \${{search_space.bytes}}`) + `
sampling_algorithm: grid
search_space:
  bytes:
    type: choice
    values: [1500000, 10, 20]
limits:
  max_total_trials: 3
  max_concurrent_trials: 1
`;

before(async () => {
  await ensureCliBuilt();
  writeSpec(folder.path, SPEC, 'fill.yaml');
});

void test('a full disk stops run with the disk-full message and exit 75; after freeing space resume finishes the sweep', { skip: mounted ? false : 'needs root to mount a tmpfs' }, async () => {
  const sweepDir = join(disk, 'sw');
  const run = await runCli(['run', 'fill.yaml', '--out', sweepDir], folder.path);
  assert.equal(run.code, EXIT.diskFull, run.stderr);
  assert.doesNotMatch(run.stderr, /internal error|Please report/);
  assert.match(run.stderr, new RegExp(`^hypersweep run: the disk holding ${sweepDir} is full \\(ENOSPC\\): free space and run \`hypersweep resume ${sweepDir}\` \\(nothing journaled is lost\\)\\.$`, 'm'));

  remount('size=50m');
  const resume = await runCli(['resume', sweepDir], folder.path);
  assert.equal(resume.code, 0, resume.stderr);
  const state = replay(await journalEvents(sweepDir));
  assert.equal(state.status, 'Completed');
  assert.deepEqual(state.trials.map((t) => [t.params['bytes'], t.status, t.bestPrimary]), [[1500000, 'Completed', 1], [10, 'Completed', 1], [20, 'Completed', 1]]);
});

void test('a read-only disk stops run with the read-only message and exit 75', { skip: mounted ? false : 'needs root to mount a tmpfs' }, async () => {
  remount('ro');
  try {
    const sweepDir = join(disk, 'ro-sweep');
    const run = await runCli(['run', 'fill.yaml', '--out', sweepDir], folder.path);
    assert.equal(run.code, EXIT.diskFull, run.stderr);
    assert.match(run.stderr, new RegExp(`^hypersweep run: the disk holding ${sweepDir} is read-only \\(EROFS\\): make it writable and run \`hypersweep resume ${sweepDir}\``, 'm'));
  } finally {
    remount('rw');
  }
});

void test('disk errors are recognised through wrappers and named with their folder', () => {
  const quota = Object.assign(new Error('EDQUOT: disk quota exceeded, write'), { code: 'EDQUOT', path: '/data/out/results.json' });
  assert.equal(diskErrorCode(new Error('Writing the journal failed', { cause: quota })), 'EDQUOT');
  assert.equal(diskErrorCode(new Error('Writing the journal /x failed: ENOSPC: no space left on device, write.')), 'ENOSPC');
  assert.equal(diskErrorCode(new Error('ENOENT: no such file')), undefined);
  assert.equal(diskFullMessage('export', quota, '/cwd'), 'hypersweep export: the disk holding /data/out is over its quota (EDQUOT): free space and run the command again.\n');
  assert.equal(
    diskFullMessage('run', new DiskFullError('/s/sw', 'ENOSPC', { cause: quota }), '/cwd'),
    'hypersweep run: the disk holding /s/sw is full (ENOSPC): free space and run `hypersweep resume /s/sw` (nothing journaled is lost).\n',
  );
});
