/** The real file system for `loadSpec`'s `code` check (kept out of validate.ts so the core stays pure). */
import { statSync } from 'node:fs';
import type { SpecFileSystem } from './targetChecks';

export const nodeFileSystem: SpecFileSystem = {
  kind(path: string): 'file' | 'directory' | 'missing' {
    try {
      const stats = statSync(path);
      if (stats.isDirectory()) return 'directory';
      return stats.isFile() ? 'file' : 'missing';
    } catch {
      return 'missing';
    }
  },
};
