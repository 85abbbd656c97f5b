/** `hypersweep cancel DIR`: stops a running sweep from another terminal (or closes a crashed one). */
import { cancelSweep } from '../../core/scheduler/cancelSweep';
import type { Command } from '../command';
import { EXIT } from '../command';
import { readSweepFolder } from '../sweepFolder';

export const cancelCommand: Command = {
  spec: {
    name: 'cancel',
    usage: 'DIR',
    summary: 'Cancel the sweep in folder DIR: its runner stops the running trials (reason user) and ends the sweep Canceled.',
    flags: [],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const folder = await readSweepFolder(args.positionals[0] ?? '', io.cwd);
    const { outcome } = await cancelSweep(folder.dir, 'cli');
    const messages = {
      canceled: 'the sweep was canceled',
      requested: 'cancel requested; the runner is still stopping its trials',
      'already-ended': `the sweep had already ended (${folder.state.status})`,
      closed: 'no runner was alive; the sweep was closed as Canceled',
    } as const;
    io.stderr(`${messages[outcome]}\n`);
    return EXIT.ok;
  },
};
