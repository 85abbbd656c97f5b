/** `hypersweep status DIR [--json]`: the leaderboard of a sweep, live or finished, from its journal. */
import { readSweepSpace } from '../../core/results/sweepSpace';
import { resultsJson } from '../../core/results/exportResults';
import { stringifyKeepingNegativeZero } from '../../shared/negativeZeroJson';
import { leaderboard } from '../../core/results/leaderboard';
import { warningLines } from '../../core/results/sweepOutcome';
import { booleanFlag } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { leaderboardTable, sweepSummary } from '../leaderboardText';
import { runningPlacements } from '../placementText';
import { readSweepFolder } from '../sweepFolder';
import { originLines } from '../../core/warmstart/describeOrigins';

export const statusCommand: Command = {
  spec: {
    name: 'status',
    usage: 'DIR',
    summary: 'Show the sweep in folder DIR: its status and the leaderboard (rank, trial, status, best primary value, parameters).',
    flags: [{ name: 'json', kind: 'boolean', description: 'print the results document with a `ranking` list of trial ids' }],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const folder = await readSweepFolder(args.positionals[0] ?? '', io.cwd);
    const { state } = folder;
    // Before anything else, so a trial missing from the board is seen to come from a damaged line.
    for (const line of folder.damage) (booleanFlag(args, 'json') ? io.stderr : io.stdout)(`warning: ${line}\n`);
    if (booleanFlag(args, 'json')) {
      const ranking = leaderboard(state).filter((r) => r.rank !== undefined).map((r) => r.trial.id);
      const origins = { ...(state.priors ? { priors: state.priors } : {}), ...(state.enqueued ? { enqueued: state.enqueued } : {}), ...(state.extensions ? { extensions: state.extensions } : {}) };
      io.stdout(stringifyKeepingNegativeZero({ ...resultsJson(state), orphaned: folder.orphaned, ranking, ...origins }, undefined, 2) + '\n');
      return EXIT.ok;
    }
    io.stdout(sweepSummary(state));
    for (const line of originLines(state)) io.stdout(`${line}\n`);
    if (folder.orphaned) {
      io.stdout(`its runner is no longer alive: continue it with \`hypersweep resume ${args.positionals[0] ?? ''}\`\n`);
    }
    if (state.endReason === 'error' && state.endMessage !== undefined) io.stdout(`${state.endMessage}\n`);
    io.stdout(runningPlacements(state.trials));
    for (const warning of warningLines(state)) io.stdout(`warning: ${warning}\n`);
    io.stdout('\n' + leaderboardTable(state, Number.POSITIVE_INFINITY, readSweepSpace(folder.dir)));
    return EXIT.ok;
  },
};
