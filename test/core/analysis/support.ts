/**
 * Sweep folders with known objectives for the analysis tests: every trial is journaled through the
 * real JournalWriter (created, started, its primary metric per step, ended) and the spec copy is
 * written beside it, so the analysis reads exactly what a runner leaves behind.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CancelReason, EventBody, TerminalStatus } from '../../../src/core/journal/events';
import type { Params } from '../../../src/core/spec/model';
import { LiveJournal, seededRandom } from '../../webview/liveJournal';

export interface KnownTrial {
  readonly params: Params;
  /** The primary metric per step; the last is the trial's final value. */
  readonly values: readonly number[];
  readonly status?: TerminalStatus;
  readonly reason?: CancelReason;
}

export interface KnownSweep {
  readonly dir: string;
  remove(): void;
}

/** Writes a sweep named `name` with `trials` (minimize `val_loss` unless told) and the spec copy `spec`. */
export async function writeKnownSweep(name: string, trials: readonly KnownTrial[], options: { spec?: string; goal?: 'minimize' | 'maximize' } = {}): Promise<KnownSweep> {
  const journal = await LiveJournal.create(name, seededRandom(1), { goal: options.goal ?? 'minimize', ...(options.spec !== undefined ? { spec: options.spec } : {}) });
  const bodies: EventBody[] = [];
  trials.forEach((trial, index) => {
    const trialId = `${name}_${index}`;
    const status = trial.status ?? 'Completed';
    bodies.push(
      { type: 'trial-created', trialId, index, sequence: index, params: trial.params },
      { type: 'trial-started', trialId, attempt: 1, pid: 20_000 + index, processStartTime: 1, target: 'local', argv: ['python', 'train.py'], cwd: '/work' },
      ...trial.values.map((value, step): EventBody => ({ type: 'metric', trialId, name: 'val_loss', value, step, timestamp: Date.UTC(2025, 0, 1) + step, source: 'stdout' })),
      {
        type: 'trial-ended', trialId, attempt: 1, status, ...(trial.reason !== undefined ? { reason: trial.reason } : {}),
        exitCode: status === 'Completed' ? 0 : status === 'Failed' ? 1 : null, signal: status === 'Canceled' ? 'SIGTERM' : null,
      },
    );
  });
  await journal.write(bodies);
  await journal.write([{ type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' }]);
  await journal.close();
  return { dir: journal.dir, remove: () => rmSync(dirname(journal.dir), { recursive: true, force: true }) };
}

export { seededRandom };
