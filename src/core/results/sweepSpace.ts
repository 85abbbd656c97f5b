/**
 * The search space of the spec copy a sweep folder keeps (`spec.yaml`), for display only: branch
 * names of nested choices and log axes. A missing or no longer valid copy costs those, never the
 * view, so every failure is `undefined`.
 */
import { readFileSync } from 'node:fs';
import { sweepPaths } from '../journal/layout';
import type { SearchSpace } from '../spec/model';
import { loadSpec } from '../spec/validate';

export function readSweepSpace(sweepDir: string): SearchSpace | undefined {
  try {
    return loadSpec(readFileSync(sweepPaths(sweepDir).spec, 'utf8')).spec?.search_space;
  } catch {
    return undefined;
  }
}
