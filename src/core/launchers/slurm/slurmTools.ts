/**
 * Running Slurm's client programs (sbatch, squeue, scontrol, scancel, sacct) on this machine
 * (`login: local`): argv without a shell, bounded by a timeout, never throwing.
 */
import { execFile } from 'node:child_process';

export interface ToolResult {
  /** Exit status; null when the program could not run or was killed by the timeout. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program is not on PATH. */
  readonly missing?: boolean;
}

/** Program names, overridable (tests, sites with wrappers). */
export interface SlurmCommands {
  readonly sbatch: string;
  readonly squeue: string;
  readonly scontrol: string;
  readonly scancel: string;
  readonly sacct: string;
}

export const DEFAULT_COMMANDS: SlurmCommands = { sbatch: 'sbatch', squeue: 'squeue', scontrol: 'scontrol', scancel: 'scancel', sacct: 'sacct' };

export function runTool(program: string, args: readonly string[], timeoutMs = 30_000): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(program, [...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ code: 0, stdout, stderr });
        return;
      }
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') resolve({ code: null, stdout: '', stderr: '', missing: true });
      else resolve({ code: typeof code === 'number' ? code : null, stdout, stderr: stderr || error.message });
    });
  });
}
