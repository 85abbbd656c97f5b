/**
 * Shared helpers for the runner tests: temporary sweep folders, spec files that run the
 * configurable trial fixture, opening a sweep in-process through the real session code, and
 * reading the journal back through the real reader.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { JournalEvent } from '../../../src/core/journal/events';
import { readJournal } from '../../../src/core/journal/reader';
import { openSweep, type RunnerSettings } from '../../../src/core/scheduler/sweepSession';
import type { SweepRunner } from '../../../src/core/scheduler/sweepRunner';
import { hasErrors } from '../../../src/core/spec/diagnostics';
import { loadSpec, nodeFileSystem } from '../../../src/core/spec';
import type { TargetDefinition } from '../../../src/core/targets/model';

/** The configurable trial program (see its header for the options). */
export const TRIAL_SCRIPT = join(__dirname, '..', '..', 'fixtures', 'scheduler', 'trial.js');

/** A fresh temporary folder and a function that removes it. */
export function tempFolder(prefix = 'hypersweep-scheduler-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes `text` as `<dir>/<fileName>` and returns the path. */
export function writeSpec(dir: string, text: string, fileName = 'sweep.yaml'): string {
  const path = join(dir, fileName);
  writeFileSync(path, text);
  return path;
}

/**
 * A sweep spec (YAML text) whose trial runs the fixture with `trialArgs` (which may hold
 * `${{search_space.x}}` placeholders). `sections` is appended verbatim (search_space, limits, ...).
 */
export function specYaml(trialArgs: string, sections: string, primary = 'loss', goal = 'minimize'): string {
  return [
    'type: sweep',
    'trial:',
    `  command: node ${JSON.stringify(TRIAL_SCRIPT)} ${trialArgs}`,
    'objective:',
    `  goal: ${goal}`,
    `  primary_metric: ${primary}`,
    sections.trim(),
    '',
  ].join('\n');
}

export interface InProcessSweep {
  readonly runner: SweepRunner;
  readonly sweepDir: string;
}

/** Opens a new sweep from a spec file with the real session code (real launcher, journal, lock). */
export async function openFromFile(specPath: string, sweepDir: string, options: { seed?: number; name?: string; target?: TargetDefinition } & RunnerSettings = {}): Promise<InProcessSweep> {
  const text = readFileSync(specPath, 'utf8');
  const loaded = loadSpec(text, { fileName: specPath, specDir: dirname(specPath), fileSystem: nodeFileSystem });
  if (!loaded.spec || hasErrors(loaded.diagnostics)) {
    throw new Error(`test spec does not validate: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  }
  const { seed, name, ...settings } = options;
  const runner = await openSweep({
    specPath, specText: text, spec: loaded.spec, sweepDir, name: name ?? 'sw', seed: seed ?? 7, stopGraceMs: 500, ...settings,
  });
  return { runner, sweepDir };
}

/** Every complete event of the sweep's journal. */
export async function journalEvents(sweepDir: string): Promise<JournalEvent[]> {
  return (await readJournal(join(sweepDir, 'journal.jsonl'))).events;
}

/** The events of one type, narrowed. */
export function eventsOf<T extends JournalEvent['type']>(events: readonly JournalEvent[], type: T): Extract<JournalEvent, { type: T }>[] {
  return events.filter((e): e is Extract<JournalEvent, { type: T }> => e.type === type);
}
