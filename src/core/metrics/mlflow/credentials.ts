/**
 * Who may do what on the tracking endpoint. The runner holds one token with full access (never
 * given to a trial); every trial attempt gets its own token, which may read everything but write
 * only to its own run and to runs it created itself (nested runs), so one trial cannot log values
 * or set a status for another. Run and experiment creation is bounded per trial and in total, so
 * a script (or a flood) cannot grow the runner's memory without end.
 *
 * Tokens are 256 random bits. The runner's is compared in constant time; trial tokens are found
 * by their SHA-256 digest, so lookup timing says something about a digest, nothing about a token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MlflowError } from './errors';

export interface CredentialLimits {
  /** Runs one trial attempt may create with `runs/create` (its own run is not counted). */
  readonly runsPerTrial: number;
  /** Runs all callers together may create with `runs/create`. */
  readonly runsTotal: number;
  /** Experiments all callers together may create with `experiments/create`. */
  readonly experimentsTotal: number;
}

export const DEFAULT_CREDENTIAL_LIMITS: CredentialLimits = { runsPerTrial: 200, runsTotal: 2000, experimentsTotal: 200 };

/** The authenticated caller of one request. */
export type Caller = { readonly kind: 'runner' } | TrialCaller;

interface TrialCaller {
  readonly kind: 'trial';
  readonly trialId: string;
  /** The trial's own run and the runs it created. */
  readonly runIds: Set<string>;
  runsCreated: number;
}

const RUNNER: Caller = { kind: 'runner' };

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The digest a trial token is known by (what a journal may record about it). */
export function tokenDigest(token: string): string {
  return digest(token).toString('hex');
}

/** A fresh token: 64 hex characters. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export class Credentials {
  private readonly runnerDigest: Buffer;
  private readonly trials = new Map<string, TrialCaller>();
  private runsCreated = 0;
  private experimentsCreated = 0;

  constructor(
    runnerToken: string,
    private readonly limits: CredentialLimits = DEFAULT_CREDENTIAL_LIMITS,
  ) {
    this.runnerDigest = digest(runnerToken);
  }

  /** A token for one trial attempt, allowed to write to `runId` (and to runs it creates). */
  issue(trialId: string, runId: string): string {
    const token = newToken();
    this.trials.set(digest(token).toString('hex'), { kind: 'trial', trialId, runIds: new Set([runId]), runsCreated: 0 });
    return token;
  }

  /**
   * Accepts again the token of a trial an earlier runner started (known by its digest only: the
   * journal never holds a token), writing to the same run: a re-attached remote trial keeps the
   * MLFLOW_TRACKING_TOKEN and MLFLOW_RUN_ID it was started with.
   */
  adopt(tokenDigestHex: string, trialId: string, runId: string): void {
    const existing = this.trials.get(tokenDigestHex);
    if (existing) existing.runIds.add(runId);
    else this.trials.set(tokenDigestHex, { kind: 'trial', trialId, runIds: new Set([runId]), runsCreated: 0 });
  }

  /** The caller an `Authorization` header names, or undefined (no, malformed or unknown token). */
  identify(authorization: string | undefined): Caller | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const presented = digest(match?.[1] ?? '');
    if (timingSafeEqual(presented, this.runnerDigest) && match !== null) return RUNNER;
    return match === null ? undefined : this.trials.get(presented.toString('hex'));
  }

  /** Refuses (403) a write to a run the caller does not own. */
  authorizeRunWrite(caller: Caller, runId: string): void {
    if (caller.kind === 'runner' || caller.runIds.has(runId)) return;
    throw new MlflowError(
      'PERMISSION_DENIED',
      `Trial ${caller.trialId} may not write to run ${runId}: each trial's MLFLOW_TRACKING_TOKEN writes only to its own run (MLFLOW_RUN_ID) and to runs it created.`,
    );
  }

  /** Refuses a new run beyond the limits; call before creating it. */
  checkRunCreation(caller: Caller): void {
    if (this.runsCreated >= this.limits.runsTotal) {
      throw new MlflowError('RESOURCE_EXHAUSTED', `This sweep's tracking endpoint already holds ${this.limits.runsTotal} runs created through runs/create, its limit; log to the trial's own run (MLFLOW_RUN_ID) instead.`);
    }
    if (caller.kind === 'trial' && caller.runsCreated >= this.limits.runsPerTrial) {
      throw new MlflowError('RESOURCE_EXHAUSTED', `Trial ${caller.trialId} already created ${this.limits.runsPerTrial} runs, the limit per trial; log to the trial's own run (MLFLOW_RUN_ID) instead.`);
    }
  }

  /** Counts a run the caller created and lets it write there. */
  adoptRun(caller: Caller, runId: string): void {
    this.runsCreated++;
    if (caller.kind === 'trial') {
      caller.runsCreated++;
      caller.runIds.add(runId);
    }
  }

  /** Refuses a new experiment beyond the limit; call before creating it. */
  checkExperimentCreation(): void {
    if (this.experimentsCreated >= this.limits.experimentsTotal) {
      throw new MlflowError('RESOURCE_EXHAUSTED', `This sweep's tracking endpoint already holds ${this.limits.experimentsTotal} experiments created through experiments/create, its limit.`);
    }
  }

  /** Counts an experiment created through the API. */
  countExperiment(): void {
    this.experimentsCreated++;
  }
}
