/**
 * Reading Slurm's answers about jobs. Status comes from ONE `squeue` call for all of the sweep's
 * jobs per poll (never a `sacct` per job: that is what overloads a cluster's database). A job that
 * is no longer in `squeue` has ended; then its exit file says how, and when there is none (the
 * node died before the wrapper could write it), `scontrol show job` (kept for MinJobAge after the
 * end) and `sacct` (only where accounting exists) say why.
 */

/** The squeue output format: job id, state, reason (why pending), node list. Pipe-separated. */
export const SQUEUE_FORMAT = '%i|%T|%r|%N';

/** One job as squeue shows it. */
export interface QueuedJob {
  readonly jobId: string;
  /** PENDING, RUNNING, COMPLETING, CONFIGURING, SUSPENDED, ... */
  readonly state: string;
  /** Why the job waits (Resources, Priority, ReqNodeNotAvail, ...); undefined when `None`. */
  readonly reason?: string;
  /** Node the job runs on; undefined while pending. */
  readonly node?: string;
}

/** Parses one line of `squeue -h -o '%i|%T|%r|%N'`; undefined for a line that is not one. */
export function parseSqueueLine(line: string): QueuedJob | undefined {
  const fields = line.trim().split('|');
  if (fields.length < 4) return undefined;
  const [jobId = '', state = '', reason = '', ...nodeParts] = fields;
  if (!/^\d+(_\d+)?$/.test(jobId) || !/^[A-Z_]+$/.test(state)) return undefined;
  const node = nodeParts.join('|').trim();
  return {
    jobId,
    state,
    ...(reason !== '' && reason !== 'None' && reason !== '(null)' ? { reason } : {}),
    ...(node !== '' && node !== '(null)' ? { node } : {}),
  };
}

/** Parses the whole squeue output into a map by job id. */
export function parseSqueue(text: string): Map<string, QueuedJob> {
  const jobs = new Map<string, QueuedJob>();
  for (const line of text.split('\n')) {
    const job = parseSqueueLine(line);
    if (job) jobs.set(job.jobId, job);
  }
  return jobs;
}

/** How an ended job ended, as scontrol or sacct tell it. */
export interface EndedJob {
  readonly state: string;
  readonly exitCode?: number;
  readonly signal?: number;
  readonly reason?: string;
  readonly node?: string;
}

function exitParts(text: string | undefined): { exitCode?: number; signal?: number } {
  const match = /^(\d+):(\d+)$/.exec(text ?? '');
  if (!match) return {};
  const signal = Number(match[2]);
  return { exitCode: Number(match[1]), ...(signal > 0 ? { signal } : {}) };
}

/** Parses `scontrol show job ID` (`Key=Value` words); undefined when the job is unknown. */
export function parseScontrolJob(text: string): EndedJob | undefined {
  const fields = new Map<string, string>();
  for (const match of text.matchAll(/(?:^|\s)([A-Za-z/:]+)=(\S*)/g)) {
    const [, key, value] = match;
    if (key !== undefined && value !== undefined && !fields.has(key)) fields.set(key, value);
  }
  const state = fields.get('JobState');
  if (state === undefined) return undefined;
  const reason = fields.get('Reason');
  const node = fields.get('NodeList');
  return {
    state,
    ...exitParts(fields.get('ExitCode')),
    ...(reason !== undefined && reason !== 'None' ? { reason } : {}),
    ...(node !== undefined && node !== '(null)' ? { node } : {}),
  };
}

/** Parses `sacct -X -n -P -j ID -o State,ExitCode,NodeList`; undefined without a line. */
export function parseSacct(text: string): EndedJob | undefined {
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (line === undefined) return undefined;
  const [stateText = '', exit, node] = line.trim().split('|');
  // `CANCELLED by 1001`: the state is the first word.
  const state = stateText.split(' ')[0] ?? '';
  if (!/^[A-Z_]+$/.test(state)) return undefined;
  return { state, ...exitParts(exit), ...(node !== undefined && node !== '' && node !== 'None assigned' ? { node } : {}) };
}

/** States meaning the machine was lost, not the trial's fault: the runner runs the trial again. */
export const HOST_FAILURE_STATES: ReadonlySet<string> = new Set(['NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL']);

/** States in which a job is still in the system (squeue shows it). */
export function isActiveState(state: string): boolean {
  return !['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'DEADLINE', ...HOST_FAILURE_STATES].includes(state);
}
