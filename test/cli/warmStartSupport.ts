/**
 * Shared set-up for the enqueue, warm-start and extend CLI tests: a folder with a seeded random
 * spec over a uniform, a choice and a quniform, whose trials run test/fixtures/warmstart/objective.js.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { replay } from '../../src/core/journal/replay';
import type { JournalEvent } from '../../src/core/journal/events';
import type { SweepState } from '../../src/core/journal/state';

export const OBJECTIVE = join(__dirname, '..', 'fixtures', 'warmstart', 'objective.js');

export interface SpecOptions {
  readonly trials: number;
  readonly concurrency?: number;
  readonly sampling?: string;
  readonly timeout?: number;
  /** Replaces the search space (YAML under `search_space:`, indented by two). */
  readonly space?: string;
}

export const DEFAULT_SPACE = `  x:
    type: uniform
    min_value: -2
    max_value: 2
  k:
    type: choice
    values: [a, b, c]
  q:
    type: quniform
    min_value: 0
    max_value: 1
    q: 0.25`;

/** Writes `<dir>/<file>` with a sweep spec; trials write `<dir>/started/<id>` and wait while `<dir>/gate` exists. */
export function writeObjectiveSpec(dir: string, file: string, options: SpecOptions): string {
  mkdirSync(dir, { recursive: true });
  const space = options.space ?? DEFAULT_SPACE;
  const placeholders = [...space.matchAll(/^ {2}(\w+):$/gm)].map((m) => `--${m[1] ?? ''} \${{search_space.${m[1] ?? ''}}}`).join(' ');
  const text = [
    'type: sweep',
    'trial:',
    `  command: node ${JSON.stringify(OBJECTIVE)} ${placeholders} --started ${JSON.stringify(join(dir, 'started'))} --gate ${JSON.stringify(join(dir, 'gate'))}`,
    'objective:',
    '  goal: minimize',
    '  primary_metric: loss',
    `sampling_algorithm: ${options.sampling ?? '{type: random, seed: 7}'}`,
    'search_space:',
    space,
    'limits:',
    `  max_total_trials: ${options.trials}`,
    `  max_concurrent_trials: ${options.concurrency ?? 1}`,
    ...(options.timeout !== undefined ? [`  timeout: ${options.timeout}`] : []),
    '',
  ].join('\n');
  const path = join(dir, file);
  writeFileSync(path, text);
  return path;
}

export async function sweepJournal(sweepDir: string): Promise<{ events: JournalEvent[]; state: SweepState }> {
  const contents = await readJournal(join(sweepDir, 'journal.jsonl'));
  return { events: [...contents.events], state: replay(contents.events) };
}
