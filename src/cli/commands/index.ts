/** The command table: one entry per `hypersweep` command, in the order `--help` lists them. */
import type { Command } from '../command';
import { cancelCommand } from './cancel';
import { exportCommand } from './export';
import { resumeCommand } from './resume';
import { runCommand } from './run';
import { sampleCommand } from './sample';
import { statusCommand } from './status';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [runCommand, resumeCommand, statusCommand, exportCommand, cancelCommand, validateCommand, sampleCommand];
