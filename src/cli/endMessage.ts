/** The sentence a sweep ended with (e.g. no host left, and how to continue), printed after its summary. */
import type { SweepState } from '../core/journal/state';
import type { CommandIO } from './command';

export function printEndMessage(state: SweepState, io: CommandIO): void {
  if (state.endMessage !== undefined && state.endReason === 'error') io.stderr(`hypersweep: ${state.endMessage}\n`);
}
