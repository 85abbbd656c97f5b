/**
 * A code folder as an immutable snapshot named by its content: the same files give the same hash,
 * so a host that already has `code/<hash>/` needs nothing, and a trial always runs the code the
 * sweep started with even if the user edits the folder mid-sweep. Excludes follow Azure ML:
 * `.amlignore`, else `.gitignore`, plus folders that are never code.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseIgnoreFile, type IgnoreRules } from './ignoreRules';

/** Never part of a snapshot, at any depth: VCS data, HyperSweep's own sweeps, dependencies, bytecode. */
export const ALWAYS_EXCLUDED = ['.git', '.hypersweep', 'node_modules', '__pycache__'] as const;

export interface SnapshotFile {
  /** Relative to the code folder, `/`-separated. */
  readonly path: string;
  readonly size: number;
}

export interface CodeSnapshot {
  /** 20 hex characters of a SHA-256 over every file's path, kind and contents. */
  readonly hash: string;
  /** Every file in the snapshot, sorted by path (symbolic links included, as links). */
  readonly files: readonly SnapshotFile[];
  readonly totalBytes: number;
}

/** Above this, starting a sweep warns and names the biggest files. */
export const LARGE_UPLOAD_BYTES = 100 * 1024 * 1024;

async function loadIgnoreRules(dir: string): Promise<IgnoreRules | undefined> {
  for (const name of ['.amlignore', '.gitignore']) {
    try {
      return parseIgnoreFile(await readFile(join(dir, name), 'utf8'));
    } catch {
      // Not there: try the next one.
    }
  }
  return undefined;
}

interface Entry {
  readonly path: string;
  readonly kind: 'file' | 'exec' | 'link';
  readonly size: number;
}

async function walk(root: string, rel: string, rules: IgnoreRules | undefined, out: Entry[]): Promise<void> {
  const entries = await readdir(rel === '' ? root : join(root, rel), { withFileTypes: true });
  for (const entry of entries) {
    if ((ALWAYS_EXCLUDED as readonly string[]).includes(entry.name)) continue;
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    const isDir = entry.isDirectory();
    if (rules?.ignores(path, isDir)) continue;
    if (isDir) {
      await walk(root, path, rules, out);
    } else if (entry.isSymbolicLink()) {
      out.push({ path, kind: 'link', size: 0 });
    } else if (entry.isFile()) {
      const info = await lstat(join(root, path));
      out.push({ path, kind: (info.mode & 0o111) !== 0 ? 'exec' : 'file', size: info.size });
    }
    // Sockets, FIFOs and devices are not code.
  }
}

/** Hashes the code folder `dir` (see {@link CodeSnapshot}). */
export async function snapshotCodeFolder(dir: string): Promise<CodeSnapshot> {
  const rules = await loadIgnoreRules(dir);
  const entries: Entry[] = [];
  await walk(dir, '', rules, entries);
  // Byte order of the UTF-8 path, the same on every machine and locale.
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const digests = new Array<string>(entries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const i = next++;
      const entry = entries[i];
      if (entry === undefined) continue;
      const full = join(dir, entry.path);
      const content = entry.kind === 'link' ? Buffer.from(await readlink(full)) : await readFile(full);
      digests[i] = createHash('sha256').update(content).digest('hex');
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const tree = createHash('sha256');
  entries.forEach((entry, i) => tree.update(`${entry.kind} ${digests[i] ?? ''} ${entry.path}\0`));
  return {
    hash: tree.digest('hex').slice(0, 20),
    files: entries.map((e) => ({ path: e.path, size: e.size })),
    totalBytes: entries.reduce((sum, e) => sum + e.size, 0),
  };
}

/**
 * A warning when the snapshot is larger than `thresholdBytes`, naming the 10 biggest files and
 * how to leave them out; undefined otherwise.
 */
export function largeUploadWarning(snapshot: CodeSnapshot, thresholdBytes = LARGE_UPLOAD_BYTES): string | undefined {
  if (snapshot.totalBytes <= thresholdBytes) return undefined;
  const biggest = [...snapshot.files].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1)).slice(0, 10);
  return `The code folder is ${formatBytes(snapshot.totalBytes)} in ${snapshot.files.length} files, and it is copied to every host. ` +
    `The biggest: ${biggest.map((f) => `${f.path} (${formatBytes(f.size)})`).join(', ')}. ` +
    'List data, checkpoints and environments in .amlignore (or .gitignore) to leave them out.';
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} B`;
}
