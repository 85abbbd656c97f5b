/**
 * Opening a sweep for running: a new one (`openSweep`: folder, spec copy, first journal events) or
 * an existing one (`resumeSweep`: replay, recover trials a dead runner left behind). Both take the
 * runner lock, start the MLflow endpoint and hand a ready `SweepRunner` back.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { PriorTrial, SweepEndReason, TerminalStatus } from '../journal/events';
import { sweepPaths } from '../journal/layout';
import { journalDamageLines } from '../journal/damageReport';
import { acquireRunnerLock, type RunnerLock } from '../journal/lock';
import { readJournal } from '../journal/reader';
import { recordEvent } from '../journal/record';
import { replay } from '../journal/replay';
import { emptySweepState, type SweepState } from '../journal/state';
import { JournalWriter } from '../journal/writer';
import { createLauncher, type CreateLauncherOptions } from '../launchers';
import type { Launcher } from '../launchers/launcher';
import type { MetricListener } from '../metrics/metricSource';
import { startTrackingServer } from '../metrics/mlflow/server';
import { createPolicy } from '../policies';
import { createSampler, type Sampler } from '../samplers';
import { proposingOffThread, type ProposalWorkerSetup } from '../samplers/proposalWorkerClient';
import { hasErrors } from '../spec/diagnostics';
import type { Params, SweepSpec } from '../spec/model';
import { loadSpec, nodeFileSystem } from '../spec';
import { DEFAULT_LOCAL_TARGET, type TargetDefinition } from '../targets/model';
import { VERSION } from '../version';
import { peekTrialRequests } from './cancelRequest';
import type { SweepRunnerListener } from './runnerEvents';
import { reapLeftoverProcesses, reapStrayTrials } from './leftoverProcesses';
import { SweepRunner } from './sweepRunner';
import { SweepStartError } from './sweepStartError';
import { lostTrialIds } from './trialIds';
import { prepareLauncher } from './targetPreparation';

export { SweepStartError };

export interface RunnerSettings {
  /** Runs the trials; default: the launcher of the sweep's target (`createLauncher`). */
  readonly launcher?: Launcher;
  /** Options for the launcher made from the target (ssh program, nvidia-smi). */
  readonly launcherOptions?: CreateLauncherOptions;
  /** Progress and warnings from the target while it is prepared (probe, code sync). */
  readonly log?: (message: string) => void;
  readonly listener?: SweepRunnerListener;
  /** Custom stdout metric pattern (regex with `name` and `value` groups). */
  readonly metricPattern?: string;
  /** Grace between SIGTERM and SIGKILL when a trial is stopped, ms. */
  readonly stopGraceMs?: number;
  /** Moves the sampler's proposals off the runner's thread; default `proposingOffThread` (tests bring stand-ins). */
  readonly offThread?: (inThread: Sampler, setup: ProposalWorkerSetup) => Sampler;
}

export interface NewSweep extends RunnerSettings {
  readonly specPath: string;
  readonly specText: string;
  readonly spec: SweepSpec;
  readonly sweepDir: string;
  readonly name: string;
  readonly seed: number;
  readonly maxTotalTrials?: number;
  readonly concurrency?: number;
  readonly scramble?: boolean;
  /** Where trials run (resolved from `compute:` / `--target`); default the local machine. Journaled for resume. */
  readonly target?: TargetDefinition;
  /** Configurations to run first, exactly (`run --enqueue`), already checked against the space. */
  readonly enqueued?: { readonly source: string; readonly configs: readonly Params[] };
  /** Another sweep's trials as prior observations (`run --warm-start`), already projected onto the space. */
  readonly priors?: { readonly source: string; readonly summary: string; readonly trials: readonly PriorTrial[] };
}

/** `hypersweep extend`: more trials for an ended sweep, with a fresh timeout window. */
export interface SweepExtensionRequest {
  readonly addTrials: number;
  /** Seconds; default the spec's `limits.timeout`. */
  readonly timeout?: number;
}

/** The trial working directory: the spec's `code` (a file means its folder), else the spec's folder. */
export function resolveCodeDir(spec: SweepSpec, specDir: string): string {
  const code = spec.trial.code;
  if (code === undefined) return specDir;
  if (code.startsWith('azureml:')) {
    throw new SweepStartError(`trial.code "${code}" is an Azure ML code asset, which cannot run here; point code at a local folder.`);
  }
  const path = isAbsolute(code) ? code : resolve(specDir, code);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new SweepStartError(`trial.code folder ${path} does not exist; create it or fix the path in the spec.`);
  }
  return stats.isDirectory() ? path : dirname(path);
}

/** The target's launcher; a target that cannot be used stops the sweep before anything starts. */
function launcherFor(target: TargetDefinition, settings: RunnerSettings): Launcher {
  try {
    return createLauncher(target, settings.launcherOptions);
  } catch (error) {
    throw new SweepStartError(error instanceof Error ? error.message : String(error));
  }
}

async function takeLock(sweepDir: string): Promise<RunnerLock> {
  mkdirSync(sweepDir, { recursive: true });
  const result = await acquireRunnerLock(sweepDir);
  if (!result.ok) throw new SweepStartError(result.message);
  return result.lock;
}

/** Forwards MLflow reports to a runner that is created after the endpoint. */
class LateListener implements MetricListener {
  runner: SweepRunner | undefined;
  metric(report: Parameters<MetricListener['metric']>[0]): void {
    this.runner?.mlflowMetric(report);
  }
  param(report: { trialId: string; key: string; value: string }): void {
    this.runner?.mlflowParam(report.trialId, report.key, report.value, 'param');
  }
  tag(report: { trialId: string; key: string; value: string }): void {
    this.runner?.mlflowParam(report.trialId, report.key, report.value, 'tag');
  }
  recorded(): Promise<void> {
    return this.runner?.reportsRecorded() ?? Promise.resolve();
  }
}

interface Assembly {
  readonly sweepDir: string;
  readonly name: string;
  readonly spec: SweepSpec;
  readonly specDir: string;
  readonly state: SweepState;
  readonly writer: JournalWriter;
  readonly lock: RunnerLock;
  readonly seed: number;
  readonly scramble: boolean;
  /** Undefined: as many trials as the target has slots once it is prepared (remote slots are known only then). */
  readonly concurrency: number | undefined;
  readonly maxTotalTrials: number;
  readonly pending: readonly string[];
  readonly reattach?: readonly string[];
  readonly launcher: Launcher;
  /** The outcome of a sweep that had ended, resumed only to run re-runs (see SweepRunnerParts). */
  readonly rerunOnly?: { readonly status: TerminalStatus; readonly reason: SweepEndReason };
  /** Ids a damaged journal mentions for trials it lost: no new trial takes them. */
  readonly reservedTrialIds?: ReadonlySet<string>;
}

async function assemble(a: Assembly, settings: RunnerSettings): Promise<SweepRunner> {
  const listener = new LateListener();
  const tracking = await startTrackingServer({ listener, artifactRoot: resolve(a.sweepDir, 'mlruns') });
  try {
    const codeDir = resolveCodeDir(a.spec, a.specDir);
    await prepareLauncher(a.launcher, { sweepDir: a.sweepDir, sweepName: a.name, codeDir, trackingPort: tracking.port, ...(settings.log ? { log: settings.log } : {}), ...(a.spec.limits.trial_timeout ? { trialTimeoutSec: a.spec.limits.trial_timeout } : {}) }, a.writer, a.state);
    const setup = { sampling: a.spec.sampling, context: { space: a.spec.search_space, seed: a.seed, goal: a.spec.objective.goal }, options: { scramble: a.scramble } };
    // The Bayesian sampler proposes in a worker thread, so trials' output and the MLflow endpoint never wait on it.
    const sampler = (settings.offThread ?? proposingOffThread)(createSampler(setup.sampling, setup.context, setup.options), setup);
    const runner = new SweepRunner({
      sweepDir: a.sweepDir,
      name: a.name,
      spec: a.spec,
      specDir: a.specDir,
      codeDir,
      state: a.state,
      writer: a.writer,
      lock: a.lock,
      launcher: a.launcher,
      sampler,
      policy: a.spec.early_termination ? createPolicy(a.spec.early_termination) : undefined,
      tracking,
      concurrency: a.concurrency ?? Math.max(1, a.launcher.slots),
      maxTotalTrials: a.maxTotalTrials,
      pending: a.pending,
      ...(a.reattach ? { reattach: a.reattach } : {}),
      ...(a.rerunOnly ? { rerunOnly: a.rerunOnly } : {}),
      ...(a.reservedTrialIds ? { reservedTrialIds: a.reservedTrialIds } : {}),
      ...(settings.metricPattern !== undefined ? { metricPattern: settings.metricPattern } : {}),
      ...(settings.stopGraceMs !== undefined ? { stopGraceMs: settings.stopGraceMs } : {}),
      ...(settings.listener ? { listener: settings.listener } : {}),
    });
    listener.runner = runner;
    return runner;
  } catch (error) {
    await tracking.close();
    await a.launcher.dispose?.().catch(() => undefined);
    throw error instanceof Error && error.name !== 'Error' ? new SweepStartError(error.message) : error;
  }
}

/** Creates the sweep folder and journal and returns a runner ready to `start()`. */
export async function openSweep(sweep: NewSweep): Promise<SweepRunner> {
  const specDir = dirname(sweep.specPath);
  resolveCodeDir(sweep.spec, specDir);
  // A test (or embedder) may bring its own launcher: then no target definition is journaled.
  const target = sweep.launcher && !sweep.target ? undefined : (sweep.target ?? DEFAULT_LOCAL_TARGET);
  const launcher = sweep.launcher ?? launcherFor(target ?? DEFAULT_LOCAL_TARGET, sweep);
  const lock = await takeLock(sweep.sweepDir);
  let writer: JournalWriter | undefined;
  try {
    const paths = sweepPaths(sweep.sweepDir);
    writeFileSync(paths.spec, sweep.specText);
    writer = await JournalWriter.open(paths.journal);
    const maxTotalTrials = sweep.maxTotalTrials ?? sweep.spec.limits.max_total_trials;
    // A target that must be prepared (SSH hosts, GPUs detected there) knows its slots only after
    // `prepare`: the default concurrency is then taken at start, on every resume alike.
    const configured = sweep.concurrency ?? sweep.spec.limits.max_concurrent_trials;
    const concurrency = configured !== undefined ? Math.max(1, configured) : launcher.prepare ? undefined : Math.max(1, launcher.slots);
    const state = emptySweepState();
    const sobol = sweep.spec.sampling.type === 'random' && sweep.spec.sampling.rule === 'sobol';
    // The sampler name carries `-unscrambled` so a resume rebuilds exactly the same sequence.
    const samplerName = sobol ? (sweep.scramble === false ? 'sobol-unscrambled' : 'sobol') : sweep.spec.sampling.type;
    await recordEvent(writer, state, {
      type: 'sweep-created',
      name: sweep.name,
      specPath: sweep.specPath,
      specHash: createHash('sha256').update(sweep.specText).digest('hex'),
      sampler: samplerName,
      seed: sweep.seed,
      goal: sweep.spec.objective.goal,
      primaryMetric: sweep.spec.objective.primary_metric,
      limits: { ...sweep.spec.limits, max_total_trials: maxTotalTrials, ...(concurrency !== undefined ? { max_concurrent_trials: concurrency } : {}) },
      policy: sweep.spec.early_termination ?? null,
      hypersweepVersion: VERSION,
      ...(target ? { target } : {}),
    });
    // Journaled before any trial, so a resume knows them whatever moment the runner died at.
    if (sweep.enqueued) await recordEvent(writer, state, { type: 'configs-enqueued', source: sweep.enqueued.source, configs: sweep.enqueued.configs });
    if (sweep.priors) await recordEvent(writer, state, { type: 'priors-loaded', ...sweep.priors });
    await recordEvent(writer, state, { type: 'runner-started', pid: process.pid, host: lock.owner.host, resume: false });
    return await assemble(
      { sweepDir: sweep.sweepDir, name: sweep.name, spec: sweep.spec, specDir, state, writer, lock, seed: sweep.seed, scramble: sweep.scramble ?? true, concurrency, maxTotalTrials, pending: [], launcher },
      sweep,
    );
  } catch (error) {
    await writer?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

/**
 * Resumes the sweep in `sweepDir` after a crash, a kill or a stop: trials whose runner died are
 * marked interrupted (their leftover processes killed) and run again with the same parameters,
 * and the sampler continues where the journal says it was.
 */
export async function resumeSweep(sweepDir: string, settings: RunnerSettings = {}, extension?: SweepExtensionRequest): Promise<SweepRunner> {
  const paths = sweepPaths(sweepDir);
  const lock = await takeLock(sweepDir);
  let writer: JournalWriter | undefined;
  try {
    const contents = await readJournal(paths.journal);
    const state = replay(contents.events);
    // Said before anything runs: a trial a damaged line lost is then created anew, not silently.
    for (const line of journalDamageLines(paths.journal, contents, state)) settings.log?.(`warning: ${line}`);
    const info = state.info;
    if (!info) throw new SweepStartError(`The journal ${paths.journal} has no sweep-created event; this folder cannot be resumed.`);
    // A sweep that ran to its end has nothing left to run (resuming it would only rewrite its end
    // time), unless the user asked for a trial to be run again: then the resumed runner runs that.
    const ranToEnd = state.status === 'Completed' || (state.status === 'Failed' && state.endReason === 'all_trials_failed');
    if (extension && state.status !== 'Completed' && state.status !== 'Canceled') {
      throw new SweepStartError(state.status === 'Failed'
        ? `The sweep in ${sweepDir} ended Failed (${state.endReason ?? 'unknown reason'}); only a Completed or Canceled sweep can be extended. Fix the cause and start a new sweep with \`hypersweep run\`.`
        : `The sweep in ${sweepDir} has not ended (${state.status}); only a Completed or Canceled sweep can be extended. Wait for it to end, or continue it with \`hypersweep resume\`.`);
    }
    if (extension && state.endReason === 'space_exhausted') {
      throw new SweepStartError(`The sweep in ${sweepDir} ran every configuration of its search space; there is nothing more to run. Widen the space in a new spec and warm-start from this sweep (\`hypersweep run SPEC --warm-start ${sweepDir}\`).`);
    }
    if (!extension && ranToEnd && peekTrialRequests(sweepDir, 'rerun').length === 0) {
      throw new SweepStartError(`The sweep in ${sweepDir} already ended ${state.status}; there is nothing to resume. Start a new sweep with \`hypersweep run\`.`);
    }
    // Kept before runner-started reopens the sweep: a re-run of an ended sweep keeps this outcome.
    const rerunOnly = !extension && ranToEnd && state.status !== 'Running' && state.status !== 'NotStarted' && state.endReason !== undefined
      ? { status: state.status, reason: state.endReason } : undefined;
    let specText: string;
    try {
      specText = readFileSync(paths.spec, 'utf8');
    } catch {
      throw new SweepStartError(`The spec copy ${paths.spec} is missing; the sweep cannot be resumed without it.`);
    }
    const specDir = dirname(info.specPath);
    const loaded = loadSpec(specText, { fileName: paths.spec, specDir, fileSystem: nodeFileSystem });
    if (!loaded.spec || hasErrors(loaded.diagnostics)) {
      const first = loaded.diagnostics.find((d) => d.severity === 'error');
      throw new SweepStartError(`The spec as run (${paths.spec}) no longer validates: ${first?.message ?? 'unknown error'}`);
    }
    writer = await JournalWriter.open(paths.journal);
    if (extension) {
      // N more trials than the sweep has made, whatever ended it (a canceled sweep's unused budget
      // is not run silently; `resume` does that). Re-runs never counted, and do not here.
      const sampled = state.trials.filter((t) => t.rerunOf === undefined).length;
      await recordEvent(writer, state, {
        type: 'sweep-extended', addTrials: extension.addTrials, maxTotalTrials: sampled + extension.addTrials,
        ...(extension.timeout !== undefined ? { timeout: extension.timeout } : {}),
      });
    }
    await recordEvent(writer, state, { type: 'runner-started', pid: process.pid, host: lock.owner.host, resume: true });
    const launcher = settings.launcher ?? launcherFor(info.target ?? DEFAULT_LOCAL_TARGET, settings);
    // A trial started just before the last runner died may run unjournaled: end it before re-runs.
    // (Remote targets keep trials running on purpose and follow them again: not here.)
    if (!launcher.reattach) {
      for (const warning of await reapStrayTrials(sweepDir, state)) await recordEvent(writer, state, warning);
    }
    const pending: string[] = [];
    const reattach: string[] = [];
    for (const trial of state.trials) {
      if (trial.status === 'Running' && trial.handle !== undefined && launcher.reattach) {
        // Still running on its host, maybe: the runner follows it again (or re-runs it if gone).
        reattach.push(trial.id);
      } else if (trial.status === 'Running') {
        await reapLeftoverProcesses(trial);
        await recordEvent(writer, state, { type: 'trial-interrupted', trialId: trial.id, attempt: trial.attempts });
        pending.push(trial.id);
      } else if (trial.status === 'Queued' || trial.status === 'Interrupted') {
        pending.push(trial.id);
      }
    }
    return await assemble(
      {
        sweepDir, name: info.name, spec: loaded.spec, specDir, state, writer, lock, seed: info.seed, scramble: info.sampler !== 'sobol-unscrambled',
        concurrency: info.limits.max_concurrent_trials, maxTotalTrials: (state.info ?? info).limits.max_total_trials, pending, reattach, launcher,
        ...(rerunOnly ? { rerunOnly } : {}), reservedTrialIds: lostTrialIds(contents.events, state),
      },
      settings,
    );
  } catch (error) {
    await writer?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}
