/**
 * The proposal worker's entry (a worker thread, built to dist/proposalWorker.js next to the CLI):
 * builds the sweep's sampler once from the setup in `workerData` and answers each request with
 * its proposals, so a slow proposal (the Bayesian sampler: tens to hundreds of ms) never holds
 * up the runner's event loop. See proposalWorkerClient.ts for the runner's side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSampler } from './index';
import type { ProposalRequest, ProposalResponse, ProposalWorkerSetup } from './proposalWorkerProtocol';

const setup = workerData as ProposalWorkerSetup;
// Built once: the sampler's caches (encodings of earlier configurations) last the whole sweep.
const sampler = createSampler(setup.sampling, setup.context, setup.options);

parentPort?.on('message', (request: ProposalRequest) => {
  let response: ProposalResponse;
  try {
    response = { id: request.id, result: sampler.propose(request.history, request.count) };
  } catch (error) {
    // The same failure the sampler would have thrown on the runner's thread: the runner reports it.
    const e = error instanceof Error ? error : new Error(String(error));
    response = { id: request.id, error: { name: e.name, message: e.message } };
  }
  parentPort?.postMessage(response);
});
