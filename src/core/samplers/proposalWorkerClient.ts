/**
 * Runs a sampler's proposals in a worker thread (proposalWorker.ts), so the runner's event loop —
 * trial output, the MLflow endpoint, journal writes, stop decisions — never waits on one. Only the
 * Bayesian sampler is worth it (tens to hundreds of ms a proposal); grid, random and Sobol answer
 * in microseconds and stay on the runner's thread.
 *
 * One long-lived worker per sweep, started at the first proposal, holding the event loop open only
 * while a request is out, and terminated by `close()`. If it cannot start or dies, proposals are
 * made on the runner's thread (the same sampler, so the same proposals) with a warning, never a crash.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isProposalResponse, type ProposalRequest, type ProposalResponse, type ProposalWorkerSetup } from './proposalWorkerProtocol';
import type { HistoryEntry, ProposeResult, Sampler } from './sampler';

export type { ProposalWorkerSetup } from './proposalWorkerProtocol';

/** Proposals and, once, why they were made on the runner's thread after all. */
export interface OffThreadProposal {
  readonly result: ProposeResult;
  readonly warning?: string;
}

/** A sampler whose proposals can be awaited off the caller's thread. `propose` still works in-thread. */
export interface OffThreadSampler extends Sampler {
  /** The same result as `propose(history, count)`, computed in the worker. */
  proposeOffThread(history: readonly HistoryEntry[], count: number): Promise<OffThreadProposal>;
  /** Ends the worker; requests still out reject with `ProposalWorkerClosedError`. */
  close(): Promise<void>;
}

export function isOffThreadSampler(sampler: Sampler): sampler is OffThreadSampler {
  return 'proposeOffThread' in sampler && typeof sampler.proposeOffThread === 'function';
}

/** A request answered after `close()`: nobody is waiting for it any more. */
export class ProposalWorkerClosedError extends Error {
  override readonly name = 'ProposalWorkerClosedError';
}

/**
 * The worker's entry file: dist/proposalWorker.js beside the bundled CLI (or extension), or the
 * TypeScript source beside this file when the engine runs from sources under tsx (tests, benches).
 */
export function defaultProposalWorkerEntry(): string {
  return join(__dirname, __filename.endsWith('.ts') ? 'proposalWorker.ts' : 'proposalWorker.js');
}

/**
 * `inThread` with its proposals moved to a worker thread when it is the Bayesian sampler (built
 * again in the worker from `setup`); any other sampler is returned as it is.
 */
export function proposingOffThread(inThread: Sampler, setup: ProposalWorkerSetup, entry = defaultProposalWorkerEntry()): Sampler {
  if (setup.sampling.type !== 'bayesian') return inThread;
  return new WorkerBackedSampler(inThread, setup, entry);
}

interface OutstandingRequest {
  readonly history: readonly HistoryEntry[];
  readonly count: number;
  readonly resolve: (proposal: OffThreadProposal) => void;
  readonly reject: (error: Error) => void;
}

class WorkerBackedSampler implements OffThreadSampler {
  readonly name: string;
  private worker: Worker | undefined;
  /** Why the worker is not used (it could not start, or died): proposals are made in-thread. */
  private broken: string | undefined;
  private warned = false;
  private closed = false;
  private nextId = 0;
  private readonly outstanding = new Map<number, OutstandingRequest>();

  constructor(private readonly inThread: Sampler, private readonly setup: ProposalWorkerSetup, private readonly entry: string) {
    this.name = inThread.name;
  }

  propose(history: readonly HistoryEntry[], count: number): ProposeResult {
    return this.inThread.propose(history, count);
  }

  proposeOffThread(history: readonly HistoryEntry[], count: number): Promise<OffThreadProposal> {
    if (this.closed) return Promise.reject(new ProposalWorkerClosedError('the proposal worker was closed'));
    const worker = this.broken === undefined ? (this.worker ?? this.start()) : undefined;
    if (worker === undefined) return this.proposeInThread(history, count);
    const id = this.nextId++;
    return new Promise<OffThreadProposal>((resolve, reject) => {
      this.outstanding.set(id, { history, count, resolve, reject });
      // Held open only while an answer is awaited: an idle worker never keeps the process alive.
      worker.ref();
      const request: ProposalRequest = { id, history, count };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.settleAll((request) => request.reject(new ProposalWorkerClosedError('the proposal worker was closed')));
    if (worker) await worker.terminate();
  }

  private start(): Worker | undefined {
    try {
      const worker = launchWorker(this.entry, this.setup);
      worker.unref();
      worker.on('message', (message: unknown) => this.answer(message));
      worker.on('error', (error) => this.breakDown(`it failed: ${error.message}`));
      worker.on('messageerror', (error) => this.breakDown(`a message could not be read: ${error.message}`));
      worker.on('exit', (code) => {
        if (!this.closed && this.worker === worker) this.breakDown(`it exited (code ${code})`);
      });
      this.worker = worker;
      return worker;
    } catch (error) {
      this.broken = `it could not start: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    }
  }

  private answer(message: unknown): void {
    if (!isProposalResponse(message)) {
      this.breakDown('it sent a message that is not an answer');
      return;
    }
    const request = this.outstanding.get(message.id);
    if (!request) return;
    this.outstanding.delete(message.id);
    if (this.outstanding.size === 0) this.worker?.unref();
    settle(request, message);
  }

  /** The worker is gone: what it was asked is answered in-thread, and so is every later request. */
  private breakDown(why: string): void {
    if (this.broken !== undefined || this.closed) return;
    this.broken = why;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate().catch(() => undefined);
    this.settleAll((request) => {
      this.proposeInThread(request.history, request.count).then(request.resolve, request.reject);
    });
  }

  private settleAll(action: (request: OutstandingRequest) => void): void {
    const requests = [...this.outstanding.values()];
    this.outstanding.clear();
    for (const request of requests) action(request);
  }

  private proposeInThread(history: readonly HistoryEntry[], count: number): Promise<OffThreadProposal> {
    try {
      const result = this.inThread.propose(history, count);
      if (this.warned) return Promise.resolve({ result });
      this.warned = true;
      const warning = `the proposal worker thread is not used (${this.broken ?? 'unknown reason'}); proposals are made on the runner's thread, which then waits for each one`;
      return Promise.resolve({ result, warning });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function settle(request: OutstandingRequest, response: ProposalResponse): void {
  if ('result' in response) {
    request.resolve({ result: response.result });
    return;
  }
  const error = new Error(response.error.message);
  error.name = response.error.name;
  request.reject(error);
}

function launchWorker(entry: string, setup: ProposalWorkerSetup): Worker {
  if (!existsSync(entry)) throw new Error(`its file ${entry} is missing; rebuild with \`npm run build\``);
  if (entry.endsWith('.ts')) {
    // The engine runs from its TypeScript sources (tsx): a thread does not inherit the loader, so
    // the worker registers it before loading its entry.
    const loader = createRequire(__filename).resolve('tsx/cjs/api');
    const code = `require(${JSON.stringify(loader)}).register(); require(${JSON.stringify(entry)});`;
    return new Worker(code, { eval: true, workerData: setup });
  }
  return new Worker(entry, { workerData: setup });
}
