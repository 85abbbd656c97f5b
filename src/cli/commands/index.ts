/** The command table: one entry per `hypersweep` command, in the order `--help` lists them. */
import type { Command } from '../command';
import { sampleCommand } from './sample';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [validateCommand, sampleCommand];
