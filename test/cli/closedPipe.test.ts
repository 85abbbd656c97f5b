/**
 * A reader that closes the pipe early (`hypersweep export DIR | head -1`) ends the command
 * quietly: no EPIPE stack trace, the usual exit code. Runs the real CLI process; its stdout is
 * closed before it writes anything, so every write meets a closed pipe whatever its size.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { BIN, ROOT, ensureCliBuilt } from './support';

const SWEEP = join(ROOT, 'test', 'fixtures', 'vscode-workspace', '.hypersweep', 'dash-finished');
const folder = tempFolder('hypersweep-cli-pipe-');
after(() => folder.remove());

const SPEC = specYaml('--values ${{search_space.x}}', `
sampling_algorithm: random
search_space:
  x:
    type: uniform
    min_value: 0
    max_value: 1
limits:
  max_total_trials: 3
`);

/** Runs `hypersweep ...args` with its stdout closed by the reader at once. */
function runWithClosedStdout(args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: folder.path, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

before(async () => {
  await ensureCliBuilt();
  writeSpec(folder.path, SPEC, 'spec.yaml');
});

describe('a closed stdout pipe', () => {
  for (const args of [['export', SWEEP], ['export', SWEEP, '--format', 'csv'], ['status', SWEEP], ['status', SWEEP, '--json'], ['sample', 'spec.yaml', '--json', '--seed', '1'], ['validate', 'spec.yaml']]) {
    test(`hypersweep ${args.join(' ').replace(ROOT, '.')} ends quietly with exit 0`, async () => {
      const result = await runWithClosedStdout(args);
      assert.equal(result.signal, null);
      assert.doesNotMatch(result.stderr, /EPIPE|Error|    at /, result.stderr);
      assert.equal(result.code, 0, result.stderr);
    });
  }

  test('status of a folder without a sweep exits 2 (as the README table says)', () => {
    const result = spawnSync(process.execPath, [BIN, 'status', '.'], { cwd: folder.path, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /is not a sweep folder/);
  });

  test('`sample ... --json | head -1` in a shell with pipefail: one line, exit 0, nothing on stderr', () => {
    const command = `set -o pipefail; "${process.execPath}" "${BIN}" sample spec.yaml --json --seed 1 -n 50000 | head -1`;
    const result = spawnSync('bash', ['-c', command], { cwd: folder.path, encoding: 'utf8' });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^\{"sequence":0,"params":\{"x":[0-9.]+\}\}\n$/);
  });
});
