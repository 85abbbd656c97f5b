/**
 * The Bayesian sampler's proposals in a worker thread (proposalWorkerClient.ts): the same
 * proposals as on the runner's thread for the same history, the caller's event loop free while
 * one is computed, and a worker that is missing or dies replaced by in-thread proposals with a
 * warning. Real worker threads throughout (the real entry from sources, or stand-in fixtures).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createSampler } from '../../../src/core/samplers';
import { isOffThreadSampler, ProposalWorkerClosedError, proposingOffThread, type OffThreadSampler, type ProposalWorkerSetup } from '../../../src/core/samplers/proposalWorkerClient';
import type { HistoryEntry, TrialState } from '../../../src/core/samplers/sampler';
import type { SearchSpace } from '../../../src/core/spec/model';
import { discreteSpace, everySpace, mixedSpace } from './helpers';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'samplers');
const ROOT = join(__dirname, '..', '..', '..');


function bayesianSetup(space: SearchSpace, seed: number, goal: 'minimize' | 'maximize' = 'minimize'): ProposalWorkerSetup {
  return { sampling: { type: 'bayesian', form: 'string' }, context: { space, seed, goal }, options: {} };
}

function offThread(setup: ProposalWorkerSetup, entry?: string): OffThreadSampler {
  const inThread = createSampler(setup.sampling, setup.context, setup.options);
  const sampler = entry === undefined ? proposingOffThread(inThread, setup) : proposingOffThread(inThread, setup, entry);
  assert.ok(isOffThreadSampler(sampler), 'the Bayesian sampler proposes off the thread');
  return sampler;
}

/** A deterministic score for a configuration (any number will do: it only has to vary). */
function score(params: unknown, step: number): number {
  const text = JSON.stringify(params);
  let h = step + 1;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 1_000_003;
  return h / 1_000_003;
}

/** Trial states as a sweep leaves them: mostly completed, some failed, stopped, silent or still running. */
const STATES: readonly TrialState[] = ['completed', 'completed', 'running', 'completed', 'failed', 'canceled', 'completed', 'pending', 'completed'];

describe('proposals in the worker thread', () => {
  for (const [label, space, seed] of [['every distribution and a nested choice', everySpace, 11], ['the mixed space', mixedSpace, 5], ['a small discrete space with nested choice', discreteSpace, 2]] as const) {
    test(`are the in-thread sampler's proposals for the same history: ${label}`, async () => {
      const setup = bayesianSetup(space, seed);
      const sampler = offThread(setup);
      try {
        const history: HistoryEntry[] = [];
        for (let step = 0; step < 16; step++) {
          const count = step % 4 === 3 ? 3 : 1;
          const answer = await sampler.proposeOffThread(history, count);
          // A fresh in-thread sampler on the same snapshot: a proposal depends on nothing else.
          const expected = createSampler(setup.sampling, setup.context).propose(history, count);
          assert.equal(answer.warning, undefined, 'the worker was used');
          assert.deepStrictEqual(answer.result, expected);
          for (const proposal of answer.result.proposals) {
            const state = STATES[history.length % STATES.length] ?? 'completed';
            const primary = state === 'pending' || state === 'running' ? [] : state === 'canceled' ? [score(proposal.params, 0), score(proposal.params, 1)] : [history.length === 6 ? Number.NaN : score(proposal.params, 0)];
            history.push({ sequence: proposal.sequence, params: proposal.params, state, primary });
          }
          if (answer.result.exhausted) break;
        }
        // An enqueued trial in the history (an observation with a sequence that is not the sampler's).
        history.push({ sequence: 0, params: history[0]?.params ?? {}, state: 'completed', primary: [0.5], origin: 'enqueued' });
        assert.deepStrictEqual((await sampler.proposeOffThread(history, 2)).result, createSampler(setup.sampling, setup.context).propose(history, 2));
      } finally {
        await sampler.close();
      }
    });
  }

  test('a failure of the sampler is the same failure as on the runner thread', async () => {
    const setup = bayesianSetup(mixedSpace, 1);
    const sampler = offThread(setup);
    try {
      // A count the sampler refuses: the error it throws on the runner's thread.
      let inThread: Error | undefined;
      try {
        createSampler(setup.sampling, setup.context).propose([], -1);
      } catch (error) {
        inThread = error as Error;
      }
      assert.ok(inThread);
      await assert.rejects(sampler.proposeOffThread([], -1), (error: Error) => error.name === inThread?.name && error.message === inThread.message);
      // The worker goes on answering after a failed request.
      assert.equal((await sampler.proposeOffThread([], 1)).result.proposals.length, 1);
    } finally {
      await sampler.close();
    }
  });

  test("leaves the caller's event loop free: an HTTP request and a timer on this thread are answered while the worker proposes", async () => {
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const setup = { ...bayesianSetup(mixedSpace, 1), gate };
    const sampler = offThread(setup, join(FIXTURES, 'gatedProposalWorker.js'));
    const order: string[] = [];
    const server = createServer((_request, response) => {
      order.push('http answered');
      response.end('ok');
    });
    try {
      const proposal = sampler.proposeOffThread([], 1).then((answer) => {
        order.push('proposal answered');
        return answer;
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const reply = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(await reply.text(), 'ok');
      await new Promise<void>((resolve) => setTimeout(() => {
        order.push('timer fired');
        resolve();
      }, 1));
      // Only now may the worker finish: had the proposal held this thread, nothing above could have run.
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      const answer = await proposal;
      assert.deepEqual(order, ['http answered', 'timer fired', 'proposal answered']);
      assert.deepEqual(answer.result.proposals[0]?.params, { gate: 'opened' });
    } finally {
      server.close();
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      await sampler.close();
    }
  });

  test('a missing worker file: proposals are made in-thread, the same ones, with one warning', async () => {
    const setup = bayesianSetup(everySpace, 3);
    const sampler = offThread(setup, join(FIXTURES, 'noSuchWorker.js'));
    const first = await sampler.proposeOffThread([], 2);
    assert.match(first.warning ?? '', /proposal worker thread is not used \(it could not start: its file .*noSuchWorker\.js is missing; rebuild with `npm run build`\)/);
    assert.deepStrictEqual(first.result, createSampler(setup.sampling, setup.context).propose([], 2));
    const second = await sampler.proposeOffThread([], 1);
    assert.equal(second.warning, undefined, 'warned once');
    await sampler.close();
  });

  test('a worker that dies during a request: that request and later ones are answered in-thread, with one warning', async () => {
    const setup = bayesianSetup(mixedSpace, 4);
    const sampler = offThread(setup, join(FIXTURES, 'exitingProposalWorker.js'));
    const first = await sampler.proposeOffThread([], 1);
    assert.match(first.warning ?? '', /it exited \(code 3\)/);
    assert.deepStrictEqual(first.result, createSampler(setup.sampling, setup.context).propose([], 1));
    assert.equal((await sampler.proposeOffThread([], 1)).warning, undefined);
    await sampler.close();
  });

  test('close() ends the worker: a request still out rejects, later ones are refused', async () => {
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const setup = { ...bayesianSetup(mixedSpace, 1), gate };
    const sampler = offThread(setup, join(FIXTURES, 'gatedProposalWorker.js'));
    const outstanding = sampler.proposeOffThread([], 1);
    // Let the request reach the worker before it is closed.
    await new Promise((resolve) => setImmediate(resolve));
    const closing = sampler.close();
    await assert.rejects(outstanding, ProposalWorkerClosedError);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    await closing;
    await assert.rejects(sampler.proposeOffThread([], 1), ProposalWorkerClosedError);
  });

  test('an idle worker does not keep the process alive: a process that never closes it still exits', () => {
    const script = [
      `const { createSampler } = require(${JSON.stringify(join(ROOT, 'src/core/samplers/index.ts'))});`,
      `const { proposingOffThread } = require(${JSON.stringify(join(ROOT, 'src/core/samplers/proposalWorkerClient.ts'))});`,
      `const setup = ${JSON.stringify(bayesianSetup(mixedSpace, 9))};`,
      'const sampler = proposingOffThread(createSampler(setup.sampling, setup.context), setup);',
      "sampler.proposeOffThread([], 1).then((a) => console.log(a.warning ?? 'proposed', a.result.proposals.length));",
    ].join('\n');
    // The timeout only breaks a hang (which is the failure); nothing is measured.
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.signal, null, 'the process ended by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'proposed 1');
  });
});
