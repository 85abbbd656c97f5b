/**
 * The metric names earlier sweeps of a spec reported, for `primary_metric` completion. It reads
 * the journal of every sweep folder under the sweeps folder and keeps the sweeps whose
 * `sweep-created` event names this spec file.
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { readJournal } from '../../journal/reader';
import { sweepPaths } from '../../journal/layout';

/** Reported metric names, most reported first (ties by name); [] when nothing can be read. */
export async function reportedMetricNames(sweepsFolder: string, specPath: string): Promise<string[]> {
  let folders: string[];
  try {
    folders = (await fs.readdir(sweepsFolder, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const wanted = resolve(specPath);
  const counts = new Map<string, number>();
  for (const folder of folders) {
    let events;
    try {
      events = (await readJournal(sweepPaths(join(sweepsFolder, folder)).journal)).events;
    } catch {
      continue; // A folder without a readable journal is not a sweep; skip it.
    }
    const created = events[0];
    if (created?.type !== 'sweep-created' || resolve(created.specPath) !== wanted) continue;
    counts.set(created.primaryMetric, counts.get(created.primaryMetric) ?? 0);
    for (const event of events) {
      if (event.type === 'metric') counts.set(event.name, (counts.get(event.name) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}
