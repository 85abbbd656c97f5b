/**
 * The machine that talks to Slurm and reads the shared folder: this one (`login: local`), or the
 * cluster's login node over SSH (`login: <alias>`, sshLogin.ts). The Slurm launcher does
 * everything through this seam: running sbatch/squeue/scontrol/scancel/sacct, writing the trial's
 * files into the shared folder, reading exit files and tailing output by byte offset.
 */
import { access, constants, mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool, type ToolResult } from './slurmTools';

export interface LoginNode {
  /** `local`, or the ssh alias: for messages. */
  readonly name: string;
  /** Runs a Slurm client program (argv, no shell on this side); never throws. */
  run(program: string, args: readonly string[]): Promise<ToolResult>;
  /** Creates `dir` (and its parents), first removing whatever was there when `fresh`. */
  makeDir(dir: string, fresh?: boolean): Promise<void>;
  /** Writes whole files (path -> text), the executable ones with mode 0755. */
  writeFiles(files: ReadonlyMap<string, string>, executable?: ReadonlySet<string>): Promise<void>;
  /** Throws when `dir` is not writable. */
  checkWritable(dir: string): Promise<void>;
  /** A file's size, or undefined when it does not exist. */
  size(path: string): Promise<number | undefined>;
  /** A small file's text, or undefined when it cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** Up to `max` bytes of `path` from byte `offset`; undefined when the file does not exist. */
  readFrom(path: string, offset: number, max: number): Promise<Buffer | undefined>;
  /**
   * Every regular file at or below what each pattern matches, with its size in bytes, in pattern
   * order. A pattern is an absolute path whose `*` components match any one name that does not
   * start with a dot, as a shell glob does; a pattern matching nothing adds nothing. Never throws.
   */
  listFiles(patterns: readonly string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

/** The runner is on the login node: Slurm's programs and the shared folder are right here. */
export class LocalLogin implements LoginNode {
  readonly name = 'local';

  run(program: string, args: readonly string[]): Promise<ToolResult> {
    return runTool(program, args);
  }

  async makeDir(dir: string, fresh = false): Promise<void> {
    if (fresh) await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
  }

  async writeFiles(files: ReadonlyMap<string, string>, executable: ReadonlySet<string> = new Set()): Promise<void> {
    for (const [path, text] of files) await writeFile(path, text, executable.has(path) ? { mode: 0o755 } : {});
  }

  checkWritable(dir: string): Promise<void> {
    return access(dir, constants.W_OK);
  }

  async size(path: string): Promise<number | undefined> {
    try {
      return (await stat(path)).size;
    } catch {
      return undefined;
    }
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  async readFrom(path: string, offset: number, max: number): Promise<Buffer | undefined> {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch {
      return undefined;
    }
    try {
      const buffer = Buffer.alloc(max);
      const { bytesRead } = await handle.read(buffer, 0, max, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async listFiles(patterns: readonly string[]): Promise<Map<string, number>> {
    const files = new Map<string, number>();
    for (const pattern of patterns) {
      for (const path of await expandPattern(pattern)) await addFiles(path, files);
    }
    return files;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The paths a pattern of listFiles matches (`*` = one name without a leading dot). */
async function expandPattern(pattern: string): Promise<string[]> {
  let matched = ['/'];
  for (const part of pattern.split('/').filter((p) => p !== '')) {
    if (part !== '*') {
      matched = matched.map((dir) => join(dir, part));
      continue;
    }
    const next: string[] = [];
    for (const dir of matched) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names.sort()) if (!name.startsWith('.')) next.push(join(dir, name));
    }
    matched = next;
  }
  return matched;
}

/** Adds `path` (a file) or every file below it (a folder); what vanished meanwhile is skipped. */
async function addFiles(path: string, files: Map<string, number>): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return;
  if (info.isFile()) {
    files.set(path, info.size);
    return;
  }
  if (!info.isDirectory()) return;
  const names = await readdir(path).catch(() => [] as string[]);
  for (const name of names.sort()) await addFiles(join(path, name), files);
}
