/**
 * What the runner and its proposal worker (proposalWorker.ts) say to each other. A proposal is a
 * pure function of (space, seed, options, history), so the worker is given the sampler's setup
 * once and each request carries the whole history snapshot: its answer is exactly what the
 * sampler would have answered on the runner's thread.
 */
import type { Sampling } from '../spec/model';
import type { HistoryEntry, ProposeResult, SamplerContext } from './sampler';

/** Everything the worker needs to build the same sampler as the runner (plain, cloneable data). */
export interface ProposalWorkerSetup {
  readonly sampling: Sampling;
  readonly context: SamplerContext;
  readonly options: { readonly scramble?: boolean };
}

export interface ProposalRequest {
  readonly id: number;
  readonly history: readonly HistoryEntry[];
  readonly count: number;
}

export type ProposalResponse =
  | { readonly id: number; readonly result: ProposeResult }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string } };

/** The response's shape, checked: a message from a thread is data, not a promise of its type. */
export function isProposalResponse(message: unknown): message is ProposalResponse {
  if (typeof message !== 'object' || message === null || !('id' in message) || typeof message.id !== 'number') return false;
  if ('result' in message) return typeof message.result === 'object' && message.result !== null;
  return 'error' in message && typeof message.error === 'object' && message.error !== null;
}
