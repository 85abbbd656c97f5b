/**
 * Code snapshots synced to real sshd hosts: rsync with unchanged files hard-linked to the previous
 * snapshot, tar over ssh on a host without rsync, and nothing sent when the host has the snapshot.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { snapshotCodeFolder } from '../../../../src/core/launchers/ssh/codeSnapshot';
import { syncSnapshot } from '../../../../src/core/launchers/ssh/codeSync';
import { probeHost } from '../../../../src/core/launchers/ssh/probe';
import { SshHost } from '../../../../src/core/launchers/ssh/sshHost';
import { sshPoolSkipReason, startSshPool, type SshPool } from '../../../support/sshPool';
import { tempFolder } from '../support';

const skip = sshPoolSkipReason();
if (skip !== undefined) process.stdout.write(`# skipping the code sync tests: ${skip}\n`);

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** Every file under `dir`, relative, sorted (as root sees the remote user's home). */
function tree(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel === '' ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? tree(dir, path) : [path];
  }).sort();
}

void describe('code sync to real sshd', { skip, timeout: 120_000 }, () => {
  let pool: SshPool;
  let code: { path: string; remove: () => void };
  const hosts: SshHost[] = [];

  before(async () => {
    pool = await startSshPool({ withoutRsync: ['hs-b'] });
    code = tempFolder();
    write(code.path, {
      'train.py': 'print("hi")\n', 'pkg/model.py': 'x = 1\n', 'name with space.txt': 'ok', 'data/big.bin': 'excluded',
      '.gitignore': 'data/\n', '.git/HEAD': 'ref', '__pycache__/a.pyc': 'c',
    });
  });
  after(async () => {
    for (const h of hosts) await h.close();
    await pool.stop();
    code.remove();
  });

  void test('rsync: first copy, then "present", then a new snapshot that hard-links unchanged files', async () => {
    const host = new SshHost('hs-a', await pool.connection());
    hosts.push(host);
    const probe = await probeHost(host);
    const first = await snapshotCodeFolder(code.path);
    const sync = await syncSnapshot(host, first, code.path, '~/.hypersweep', probe);
    assert.equal(sync.method, 'rsync');
    const home = pool.host('hs-a').home;
    assert.equal(sync.remoteDir, `${home}/.hypersweep/code/${first.hash}`);
    assert.deepEqual(tree(sync.remoteDir), ['.complete', '.gitignore', 'name with space.txt', 'pkg/model.py', 'train.py']);
    assert.equal(readFileSync(join(sync.remoteDir, 'train.py'), 'utf8'), 'print("hi")\n');
    assert.equal(statSync(join(sync.remoteDir, 'train.py')).uid, pool.host('hs-a').uid);

    const again = await syncSnapshot(host, first, code.path, '~/.hypersweep', probe);
    assert.deepEqual({ method: again.method, remoteDir: again.remoteDir }, { method: 'present', remoteDir: sync.remoteDir });

    // Same size and the same mtime: rsync's quick check alone would link the old file.
    const before = statSync(join(code.path, 'pkg/model.py'));
    write(code.path, { 'pkg/model.py': 'x = 2\n' });
    utimesSync(join(code.path, 'pkg/model.py'), before.atime, before.mtime);
    const second = await snapshotCodeFolder(code.path);
    assert.notEqual(second.hash, first.hash);
    const next = await syncSnapshot(host, second, code.path, '~/.hypersweep', probe);
    assert.equal(next.method, 'rsync');
    assert.equal(readFileSync(join(next.remoteDir, 'pkg/model.py'), 'utf8'), 'x = 2\n');
    assert.equal(readFileSync(join(sync.remoteDir, 'pkg/model.py'), 'utf8'), 'x = 1\n', 'the first snapshot is unchanged');
    assert.equal(statSync(join(next.remoteDir, 'train.py')).ino, statSync(join(sync.remoteDir, 'train.py')).ino, 'unchanged file hard-linked');
    // No temporary folders left behind.
    assert.deepEqual(readdirSync(join(home, '.hypersweep/code')).sort(), [first.hash, second.hash].sort());
    write(code.path, { 'pkg/model.py': 'x = 1\n' });
  });

  void test('tar over ssh when the host has no rsync, into an absolute work root', async () => {
    const host = new SshHost('hs-b', await pool.connection());
    hosts.push(host);
    const probe = await probeHost(host);
    assert.equal(probe.tools.rsync, false);
    const snapshot = await snapshotCodeFolder(code.path);
    const root = `${pool.host('hs-b').home}/work root`;
    const sync = await syncSnapshot(host, snapshot, code.path, root, probe);
    assert.equal(sync.method, 'tar');
    assert.equal(sync.remoteDir, `${root}/code/${snapshot.hash}`);
    assert.deepEqual(tree(sync.remoteDir), ['.complete', '.gitignore', 'name with space.txt', 'pkg/model.py', 'train.py']);
    assert.equal(readFileSync(join(sync.remoteDir, 'name with space.txt'), 'utf8'), 'ok');
    assert.equal((await syncSnapshot(host, snapshot, code.path, root, probe)).method, 'present');
    assert.deepEqual(readdirSync(join(root, 'code')), [snapshot.hash]);
  });

  void test('a failed upload leaves no snapshot folder behind', async () => {
    const host = new SshHost('hs-a', await pool.connection());
    hosts.push(host);
    const probe = await probeHost(host);
    const snapshot = await snapshotCodeFolder(code.path);
    // A file listed in the snapshot that vanished before the upload: tar fails reading it.
    const broken = { ...snapshot, hash: 'f'.repeat(20), files: [...snapshot.files, { path: 'gone.py', size: 1 }] };
    await assert.rejects(syncSnapshot(host, broken, code.path, '~/hs-fail', probe, { method: 'tar' }));
    const codeRoot = join(pool.host('hs-a').home, 'hs-fail/code');
    assert.equal(existsSync(join(codeRoot, broken.hash)), false);
    assert.deepEqual(readdirSync(codeRoot), []);
  });
});
