/**
 * Where `run --warm-start` reads another sweep's trials from. Each kind of source is a
 * `PriorSourceReader`: it says whether a path is its kind and reads the trials as plain facts
 * (configuration, status, best primary value). Adding a source (an Optuna journal, say) is one
 * more reader in `PRIOR_SOURCE_READERS`; projecting the trials onto this sweep's space is the same
 * for every source (projectPriors.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sweepPaths } from '../journal/layout';
import { readJournal } from '../journal/reader';
import { replay } from '../journal/replay';
import { RESULTS_FORMAT } from '../results/exportResults';
import { optunaJournalReader } from '../results/optunaJournalImport';
import type { Goal, Params } from '../spec/model';

/** One finished trial of the source, as the source reports it. */
export interface SourceTrial {
  readonly id: string;
  readonly params: Params;
  /** The source's own status word (`Completed`, `Canceled`, `Failed`, `Running`, ...). */
  readonly status: string;
  /** Best primary value; null when the trial reported none. */
  readonly value: number | null;
}

export interface PriorSourceData {
  /** What the source is, for the summary (`sweep folder .hypersweep/a`). */
  readonly kind: string;
  /** The objective the source optimised, when it says (priors must measure the same metric). */
  readonly primaryMetric?: string;
  readonly goal?: Goal;
  readonly trials: readonly SourceTrial[];
}

export interface PriorSourceReader {
  /** Whether `path` is this kind of source (cheap: a look at the path, not a full read). */
  accepts(path: string): boolean;
  read(path: string): Promise<PriorSourceData>;
}

/** A path that is not a source any reader accepts, or one that cannot be read. */
export class PriorSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriorSourceError';
  }
}

/** A HyperSweep sweep folder (its journal, replayed as every view does). */
export const sweepFolderReader: PriorSourceReader = {
  accepts: (path) => existsSync(sweepPaths(path).journal),
  async read(path) {
    const state = replay((await readJournal(sweepPaths(path).journal)).events);
    return {
      kind: 'sweep folder',
      ...(state.info ? { primaryMetric: state.info.primaryMetric, goal: state.info.goal } : {}),
      trials: state.trials.map((t) => ({ id: t.id, params: t.params, status: t.status, value: t.bestPrimary ?? null })),
    };
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A results file from `hypersweep export --format json` or `run --output`. */
export const resultsFileReader: PriorSourceReader = {
  accepts: (path) => existsSync(path) && statSync(path).isFile(),
  read(path) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch (error) {
      throw new PriorSourceError(`${path} is not JSON (${error instanceof Error ? error.message : String(error)}); give a sweep folder or a file from \`hypersweep export --format json\`.`);
    }
    if (!isRecord(doc) || doc['format'] !== RESULTS_FORMAT || !Array.isArray(doc['trials'])) {
      throw new PriorSourceError(`${path} is not a HyperSweep results file (format "${RESULTS_FORMAT}"); write one with \`hypersweep export DIR --format json -o FILE\`.`);
    }
    const sweep = isRecord(doc['sweep']) ? doc['sweep'] : {};
    const objective = isRecord(sweep['objective']) ? sweep['objective'] : {};
    const trials: SourceTrial[] = doc['trials'].flatMap((t: unknown, i) => {
      if (!isRecord(t) || !isRecord(t['params'])) return [];
      const best = t['best'];
      return [{
        id: typeof t['id'] === 'string' ? t['id'] : `#${i}`,
        params: t['params'] as Params,
        status: typeof t['status'] === 'string' ? t['status'] : 'unknown',
        value: typeof best === 'number' ? best : null,
      }];
    });
    const primaryMetric = objective['primary_metric'];
    const goal = objective['goal'];
    return Promise.resolve({
      kind: 'results file',
      ...(typeof primaryMetric === 'string' ? { primaryMetric } : {}),
      ...(goal === 'maximize' || goal === 'minimize' ? { goal } : {}),
      trials,
    });
  },
};

/**
 * The readers, tried in order: the first that accepts a path reads it (an Optuna journal before the
 * results file, which takes any file).
 */
export const PRIOR_SOURCE_READERS: readonly PriorSourceReader[] = [
  sweepFolderReader,
  optunaJournalReader((message) => new PriorSourceError(message)),
  resultsFileReader,
];

/** Reads the source at `path` with the first reader that accepts it. */
export async function readPriorSource(path: string, readers: readonly PriorSourceReader[] = PRIOR_SOURCE_READERS): Promise<PriorSourceData> {
  const reader = readers.find((r) => r.accepts(path));
  if (!reader) {
    const folder = existsSync(path) && statSync(path).isDirectory();
    throw new PriorSourceError(folder
      ? `${path} is a folder without ${join('', 'journal.jsonl')}: give a sweep folder (.hypersweep/<name>), a results file from \`hypersweep export --format json\` or an Optuna journal.`
      : `${path} does not exist: give a sweep folder (.hypersweep/<name>), a results file from \`hypersweep export --format json\` or an Optuna journal.`);
  }
  return reader.read(path);
}
