/** The command table: one entry per `hypersweep` command, in the order `--help` lists them. */
import type { Command } from '../command';
import { analyzeCommand } from './analyze';
import { cancelCommand } from './cancel';
import { exportCommand } from './export';
import { extendCommand } from './extend';
import { resumeCommand } from './resume';
import { runCommand } from './run';
import { sampleCommand } from './sample';
import { statusCommand } from './status';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [runCommand, resumeCommand, extendCommand, statusCommand, analyzeCommand, exportCommand, cancelCommand, validateCommand, sampleCommand];
