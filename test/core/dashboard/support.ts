/**
 * A real small sweep for the dashboard tests: test/fixtures/dashboard/small.sweep.yaml run by the
 * real CLI (12 trials, bandit early termination), into a fresh temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ensureCliBuilt, ROOT } from '../../cli/support';

export const SMALL_SPEC = join(ROOT, 'test', 'fixtures', 'dashboard', 'small.sweep.yaml');

/** Runs the small sweep to its end and returns its sweep folder. */
export async function runSmallSweep(): Promise<string> {
  await ensureCliBuilt();
  const dir = join(mkdtempSync(join(tmpdir(), 'hypersweep-dash-')), 'dash-small');
  const result = spawnSync(process.execPath, [BIN, 'run', SMALL_SPEC, '--out', dir], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`the small sweep failed (exit ${String(result.status)}):\n${result.stderr}`);
  return dir;
}
