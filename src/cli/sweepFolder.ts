/** Reading a sweep folder for the viewing commands (`status`, `export`), with clear errors. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sweepPaths } from '../core/journal/layout';
import { journalDamageLines } from '../core/journal/damageReport';
import { inspectRunnerLock } from '../core/journal/lock';
import { readJournal } from '../core/journal/reader';
import { replay } from '../core/journal/replay';
import type { SweepState } from '../core/journal/state';
import { UsageError } from './args';

export interface SweepFolder {
  readonly dir: string;
  readonly state: SweepState;
  /** `Running` in the journal but no live runner: the sweep crashed and can be resumed. */
  readonly orphaned: boolean;
  /** `file:line: what` for each damaged journal line (see damageReport.ts); empty when intact. */
  readonly damage: readonly string[];
}

export async function readSweepFolder(path: string, cwd: string): Promise<SweepFolder> {
  const dir = resolve(cwd, path);
  if (!existsSync(sweepPaths(dir).journal)) {
    throw new UsageError(`${path} is not a sweep folder (no journal.jsonl); sweeps live in .hypersweep/<name>/`);
  }
  const journal = sweepPaths(dir).journal;
  const contents = await readJournal(journal);
  const state = replay(contents.events);
  let orphaned = false;
  if (state.status === 'Running') {
    const lock = await inspectRunnerLock(dir);
    orphaned = lock.state !== 'held' || lock.alive === false;
  }
  const damage = journalDamageLines(journal, contents, state, { live: state.status === 'Running' && !orphaned });
  return { dir, state, orphaned, damage };
}
