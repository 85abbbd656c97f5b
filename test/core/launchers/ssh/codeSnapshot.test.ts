import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { largeUploadWarning, snapshotCodeFolder, type CodeSnapshot } from '../../../../src/core/launchers/ssh/codeSnapshot';
import { parseIgnoreFile } from '../../../../src/core/launchers/ssh/ignoreRules';
import { tempFolder } from '../support';

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const paths = (s: CodeSnapshot): string[] => s.files.map((f) => f.path);

void describe('ignore rules (.gitignore subset)', () => {
  const rules = parseIgnoreFile([
    '# comment', '', '*.ckpt', 'data/', '/build', 'docs/*.md', '!docs/keep.md', 'logs/**/tmp', '**/cache', 'a?c.txt', 'x[0-9].bin', 'trailing.txt   ',
  ].join('\n'));
  const cases: [string, boolean, boolean][] = [
    ['model.ckpt', false, true],
    ['sub/model.ckpt', false, true],
    ['data', true, true],
    ['sub/data', true, true],
    ['data', false, false], // dir-only pattern, a file named data stays
    ['build', true, true],
    ['sub/build', true, false], // anchored by the leading slash
    ['docs/readme.md', false, true],
    ['docs/keep.md', false, false], // re-included
    ['docs/sub/readme.md', false, false], // * does not cross /
    ['logs/tmp', true, true],
    ['logs/a/b/tmp', true, true],
    ['x/y/cache', true, true],
    ['abc.txt', false, true],
    ['abbc.txt', false, false],
    ['x7.bin', false, true],
    ['xa.bin', false, false],
    ['trailing.txt', false, true],
    ['train.py', false, false],
  ];
  for (const [path, isDir, ignored] of cases) {
    void test(`${path}${isDir ? '/' : ''} ${ignored ? 'is' : 'is not'} ignored`, () => {
      assert.equal(rules.ignores(path, isDir), ignored);
    });
  }
});

void describe('code snapshot', () => {
  let dir: { path: string; remove: () => void };
  beforeEach(() => {
    dir = tempFolder();
  });
  afterEach(() => dir.remove());

  void test('lists files in byte order, never .git/.hypersweep/node_modules/__pycache__, sizes add up', async () => {
    write(dir.path, {
      'train.py': 'print(1)\n', 'pkg/b.py': 'b', 'pkg/a.py': 'aa', 'Z.txt': 'z',
      '.git/HEAD': 'ref', '.hypersweep/s/journal.jsonl': '{}', 'node_modules/x/index.js': '', 'pkg/__pycache__/a.pyc': 'c',
    });
    const s = await snapshotCodeFolder(dir.path);
    assert.deepEqual(paths(s), ['Z.txt', 'pkg/a.py', 'pkg/b.py', 'train.py']);
    assert.equal(s.totalBytes, 1 + 2 + 1 + 9);
    assert.match(s.hash, /^[0-9a-f]{20}$/);
  });

  void test('the hash depends on content, names and the executable bit, and only on them', async () => {
    write(dir.path, { 'train.py': 'print(1)\n', 'pkg/a.py': 'a' });
    const first = await snapshotCodeFolder(dir.path);
    assert.equal((await snapshotCodeFolder(dir.path)).hash, first.hash);
    write(dir.path, { '.git/index': 'changed', '__pycache__/t.pyc': 'x' });
    assert.equal((await snapshotCodeFolder(dir.path)).hash, first.hash, 'excluded files do not count');
    write(dir.path, { 'pkg/a.py': 'b' });
    const edited = await snapshotCodeFolder(dir.path);
    assert.notEqual(edited.hash, first.hash);
    chmodSync(join(dir.path, 'train.py'), 0o755);
    assert.notEqual((await snapshotCodeFolder(dir.path)).hash, edited.hash);
  });

  void test('.amlignore wins over .gitignore; symlinks are kept as links', async () => {
    write(dir.path, { 'train.py': '', 'data/big.bin': 'x', 'out.log': 'l', '.gitignore': 'data/\n', '.amlignore': '*.log\n' });
    symlinkSync('train.py', join(dir.path, 'link.py'));
    assert.deepEqual(paths(await snapshotCodeFolder(dir.path)), ['.amlignore', '.gitignore', 'data/big.bin', 'link.py', 'train.py']);
    write(dir.path, { '.amlignore': '' });
    // An empty .amlignore still replaces .gitignore (as in Azure ML).
    assert.ok(paths(await snapshotCodeFolder(dir.path)).includes('data/big.bin'));
  });

  void test('.gitignore applies when there is no .amlignore', async () => {
    write(dir.path, { 'train.py': '', 'data/big.bin': 'x', 'runs/a/x.txt': 'x', '.gitignore': 'data/\nruns/*\n!runs/keep\n' });
    assert.deepEqual(paths(await snapshotCodeFolder(dir.path)), ['.gitignore', 'train.py']);
  });

  void test('a large upload warns with the 10 biggest files', () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ path: `f${i}.bin`, size: (i + 1) * 10 * 1024 * 1024 }));
    const snapshot = { hash: 'x', files, totalBytes: files.reduce((a, f) => a + f.size, 0) };
    const warning = largeUploadWarning(snapshot);
    assert.ok(warning);
    assert.match(warning, /780\.0 MB in 12 files/);
    assert.match(warning, /f11\.bin \(120\.0 MB\), f10\.bin/);
    assert.doesNotMatch(warning, /f1\.bin|f0\.bin/);
    assert.match(warning, /\.amlignore/);
    assert.equal(largeUploadWarning({ hash: 'x', files: [], totalBytes: 1000 }), undefined);
  });
});
