/**
 * Preparing the sweep's target once, before the first trial starts or is followed again: the
 * launcher checks its hosts, syncs the code and opens tunnels. A target that cannot be used ends the
 * sweep before anything runs, with the launcher's message (which names the host and the fix) in the
 * journal, and the folder stays resumable once the cause is fixed.
 */
import { recordEvent } from '../journal/record';
import type { SweepState } from '../journal/state';
import type { JournalWriter } from '../journal/writer';
import { TargetUnavailableError, type Launcher, type SweepContext } from '../launchers/launcher';
import { SweepStartError } from './sweepStartError';

export async function prepareLauncher(launcher: Launcher, context: SweepContext, writer: JournalWriter, state: SweepState): Promise<void> {
  if (!launcher.prepare) return;
  try {
    await launcher.prepare(context);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    // A TargetUnavailableError already names the target, the host and the fix.
    const message = error instanceof TargetUnavailableError ? cause : `target ${launcher.target} cannot be used: ${cause}`;
    await recordEvent(writer, state, { type: 'sweep-ended', status: 'Failed', reason: 'error', message });
    await launcher.dispose?.().catch(() => undefined);
    throw new SweepStartError(`${message}\nWhen it is fixed, continue this sweep with \`hypersweep resume ${context.sweepDir}\`.`);
  }
}
