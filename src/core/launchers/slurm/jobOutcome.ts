/**
 * How an ended Slurm job ended, for the runner. Order of evidence: the wrapper's exit file (written
 * atomically by the job itself), then `scontrol show job` (the controller keeps ended jobs for
 * MinJobAge), then `sacct` where accounting exists. NODE_FAIL, PREEMPTED and BOOT_FAIL are a lost
 * machine (host failure: the runner runs the trial again); TIMEOUT is the trial's time limit.
 */
import { join } from 'node:path';
import type { LoginNode } from './loginNode';
import type { StopReason, TrialExit } from '../launcher';
import { HOST_FAILURE_STATES, parseSacct, parseScontrolJob, type EndedJob } from './squeue';
import type { SlurmCommands } from './slurmTools';

/** The number in `<dir>/exit`, or undefined when the wrapper has not written it. */
export async function readExitFile(login: LoginNode, trialDir: string): Promise<number | undefined> {
  const text = (await login.readText(join(trialDir, 'exit')))?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** What the controller (then accounting) knows about an ended job. */
export async function askSlurm(login: LoginNode, commands: SlurmCommands, jobId: string): Promise<EndedJob | undefined> {
  const shown = await login.run(commands.scontrol, ['show', 'job', jobId]);
  const fromController = shown.code === 0 ? parseScontrolJob(shown.stdout) : undefined;
  if (fromController) return fromController;
  const accounted = await login.run(commands.sacct, ['-X', '-n', '-P', '-j', jobId, '-o', 'State,ExitCode,NodeList']);
  return accounted.code === 0 ? parseSacct(accounted.stdout) : undefined;
}

const SIGNALS: Readonly<Record<number, string>> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

/** The trial's exit from the job's end, given why HyperSweep stopped it (if it did). */
export function exitFrom(jobId: string, exitFile: number | undefined, ended: EndedJob | undefined, stopReason: StopReason | undefined): TrialExit {
  const stopped = stopReason !== undefined ? { stopReason } : {};
  if (ended !== undefined && HOST_FAILURE_STATES.has(ended.state)) {
    const where = ended.node !== undefined ? ` on node ${ended.node}` : '';
    return { exitCode: null, signal: null, hostFailure: `Slurm job ${jobId} ended ${ended.state}${where}${ended.reason !== undefined ? ` (${ended.reason})` : ''}`, ...stopped };
  }
  if (stopReason !== undefined) return { exitCode: null, signal: 'SIGTERM', stopReason };
  if (ended?.state === 'TIMEOUT') return { exitCode: null, signal: 'SIGTERM', stopReason: 'trial_timeout' };
  if (exitFile !== undefined) return { exitCode: exitFile, signal: null };
  if (ended === undefined) {
    return { exitCode: null, signal: null, hostFailure: `Slurm job ${jobId} left the queue without an exit file, and neither scontrol nor sacct know how it ended` };
  }
  if (ended.state === 'CANCELLED') return { exitCode: null, signal: 'SIGTERM', error: `Slurm job ${jobId} was cancelled outside HyperSweep (scancel)` };
  if (ended.state === 'OUT_OF_MEMORY') return { exitCode: null, signal: 'SIGKILL', error: `Slurm job ${jobId} ran out of memory: raise \`mem\` in the target` };
  if (ended.signal !== undefined) return { exitCode: null, signal: SIGNALS[ended.signal] ?? `signal ${ended.signal}` };
  return { exitCode: ended.exitCode ?? null, signal: null, ...(ended.exitCode === undefined ? { error: `Slurm job ${jobId} ended ${ended.state}` } : {}) };
}
