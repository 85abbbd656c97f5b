/**
 * The runner with proposals made off its thread (the Bayesian sampler's worker): while one is out,
 * the runner's queue keeps going (trials end, cancels are acted on), no second proposal is asked
 * for, the limits hold, nothing is created after a cancel, and the worker is closed with the
 * sweep. With the real worker, a sweep proposes exactly what the in-thread sampler proposes on
 * the journal's history at each trial, and so does the in-thread fallback when the worker's file
 * is missing (with a journaled warning).
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEvent } from '../../../src/core/journal/events';
import { applyEvent, historyForSampler } from '../../../src/core/journal/replay';
import { emptySweepState } from '../../../src/core/journal/state';
import { createSampler } from '../../../src/core/samplers';
import { nextSequence } from '../../../src/core/samplers/history';
import { ProposalWorkerClosedError, proposingOffThread, type OffThreadProposal, type OffThreadSampler, type ProposalWorkerSetup } from '../../../src/core/samplers/proposalWorkerClient';
import type { HistoryEntry, ProposeResult, Sampler } from '../../../src/core/samplers/sampler';
import type { SweepRunner } from '../../../src/core/scheduler/sweepRunner';
import type { SweepRunnerListener } from '../../../src/core/scheduler/runnerEvents';
import type { Params } from '../../../src/core/spec/model';
import { eventsOf, journalEvents, openFromFile, specYaml, tempFolder, writeSpec } from './support';

const folder = tempFolder('hypersweep-offthread-');
after(() => folder.remove());
let counter = 0;

/** A trial that reports once and ends, and one that reports and then runs until it is stopped. */
const QUICK = '1';
const HANGING = '5,hang';

/**
 * A stand-in for the worker-backed sampler whose answers the test releases: each call gets the
 * parameters `plan` gives, once `onCall` releases it. Counts the calls out at once.
 */
class HeldProposals implements OffThreadSampler {
  readonly name = 'held';
  outstanding = 0;
  mostOutstanding = 0;
  closed = false;
  private calls = 0;
  private readonly rejects = new Set<(error: Error) => void>();

  constructor(
    private readonly plan: (call: number, count: number) => Params[],
    private readonly onCall: (call: number, release: () => void) => void,
  ) {}

  propose(): ProposeResult {
    throw new Error('the runner must not propose on its own thread');
  }

  proposeOffThread(history: readonly HistoryEntry[], count: number): Promise<OffThreadProposal> {
    const call = this.calls++;
    this.outstanding++;
    this.mostOutstanding = Math.max(this.mostOutstanding, this.outstanding);
    const first = nextSequence(history);
    return new Promise<OffThreadProposal>((resolve, reject) => {
      this.rejects.add(reject);
      let released = false;
      this.onCall(call, () => {
        if (released) return;
        released = true;
        this.rejects.delete(reject);
        this.outstanding--;
        resolve({ result: { proposals: this.plan(call, count).map((params, i) => ({ sequence: first + i, params })), exhausted: false } });
      });
    });
  }

  close(): Promise<void> {
    this.closed = true;
    for (const reject of this.rejects) reject(new ProposalWorkerClosedError('closed'));
    this.rejects.clear();
    return Promise.resolve();
  }
}

/** The first call: a quick trial and a hanging one; later calls: quick trials, all different. */
function quickAndHanging(call: number, count: number): Params[] {
  if (call === 0) return [{ v: QUICK, s: 0 }, { v: HANGING, s: 1 }].slice(0, count);
  return Array.from({ length: count }, (_, i) => ({ v: QUICK, s: 10 * call + i }));
}

async function openHeld(sampler: HeldProposals, concurrency: number, listener: SweepRunnerListener): Promise<{ runner: SweepRunner; sweepDir: string }> {
  counter += 1;
  const dir = join(folder.path, `case_${counter}`);
  mkdirSync(dir, { recursive: true });
  const specPath = writeSpec(dir, specYaml('--delay 5 --values ${{search_space.v}} --tag ${{search_space.s}}', `
sampling_algorithm: random
search_space:
  v:
    type: choice
    values: ["${QUICK}", "${HANGING}"]
  s:
    type: randint
    upper: 100
limits:
  max_total_trials: 4
  max_concurrent_trials: ${concurrency}
`));
  return openFromFile(specPath, join(dir, 'sweep'), { offThread: () => sampler, listener });
}

const hanging = (runner: SweepRunner): string => runner.current.trials.find((t) => t.params.v === HANGING)?.id ?? 'none';
/**
 * Releases a held proposal after 20 s should the runner wait for it (the failure these tests look
 * for), so a test ends with a failed assertion instead of hanging. Not a timing check.
 */
function breakDeadlock(release: () => void): void {
  setTimeout(release, 20_000).unref();
}

const positionOf = (events: readonly JournalEvent[], match: (e: JournalEvent) => boolean): number => events.findIndex(match);

describe('a runner whose proposals are made off its thread', () => {
  test('keeps acting while a proposal is out (a trial is stopped and its end journaled), asks for one at a time, and keeps max_total_trials', async () => {
    let runner: SweepRunner | undefined;
    let openedBy = '';
    let releaseHeld: () => void = () => undefined;
    const sampler = new HeldProposals(quickAndHanging, (call, release) => {
      if (call !== 1) {
        release();
        return;
      }
      // Asked for when the quick trial ended: the hanging trial is canceled while this proposal
      // is out. Its end can be journaled only if the runner does not wait for the proposal.
      releaseHeld = () => {
        openedBy ||= 'journal';
        release();
      };
      runner?.cancelTrial(hanging(runner));
      breakDeadlock(() => {
        openedBy ||= 'deadlock breaker';
        release();
      });
    });
    const opened = await openHeld(sampler, 2, {
      event: (event, state) => {
        if (event.type === 'trial-ended' && state.trials.find((t) => t.id === event.trialId)?.params.v === HANGING) releaseHeld();
      },
    });
    runner = opened.runner;
    const state = await runner.start();
    assert.equal(openedBy, 'journal', 'the hanging trial ended while the proposal was out');
    assert.equal(sampler.mostOutstanding, 1, 'no second proposal while one was out');
    assert.equal(state.status, 'Completed');
    assert.equal(state.endReason, 'max_total_trials');
    assert.deepEqual(state.trials.map((t) => [t.sequence, t.status]), [[0, 'Completed'], [1, 'Canceled'], [2, 'Completed'], [3, 'Completed']]);
    const events = await journalEvents(opened.sweepDir);
    const hangingId = state.trials[1]?.id;
    const thirdId = state.trials[2]?.id;
    assert.ok(positionOf(events, (e) => e.type === 'trial-ended' && e.trialId === hangingId) < positionOf(events, (e) => e.type === 'trial-created' && e.trialId === thirdId));
    assert.equal(sampler.closed, true, 'the worker ends with the sweep');
  });

  test('a cancel while a proposal is out: the answer creates nothing, the sweep ends Canceled and the worker is closed', async () => {
    let runner: SweepRunner | undefined;
    let releaseAfterCancel: () => void = () => undefined;
    let releasedBy = '';
    const sampler = new HeldProposals(quickAndHanging, (call, release) => {
      if (call !== 1) {
        release();
        return;
      }
      releaseAfterCancel = () => {
        releasedBy ||= 'cancel journaled';
        release();
      };
      runner?.cancel('cli');
      breakDeadlock(() => {
        releasedBy ||= 'deadlock breaker';
        release();
      });
    });
    const opened = await openHeld(sampler, 2, {
      // The answer arrives once the cancel is journaled (the hanging trial may still be stopping).
      event: (event) => {
        if (event.type === 'cancel-requested') releaseAfterCancel();
      },
    });
    runner = opened.runner;
    const state = await runner.start();
    assert.equal(releasedBy, 'cancel journaled', 'the cancel was journaled while the proposal was out');
    assert.equal(state.status, 'Canceled');
    assert.equal(state.trials.length, 2);
    const events = await journalEvents(opened.sweepDir);
    const cancelAt = positionOf(events, (e) => e.type === 'cancel-requested');
    assert.ok(cancelAt > 0);
    assert.equal(events.slice(cancelAt).filter((e) => e.type === 'trial-created').length, 0);
    assert.equal(sampler.closed, true);
  });

  test('a cancel while a proposal is out and no trial runs: the sweep ends at once, the unanswered proposal is dropped', async () => {
    let runner: SweepRunner | undefined;
    const sampler = new HeldProposals(quickAndHanging, (call, release) => {
      if (call === 0) {
        release();
        return;
      }
      runner?.cancel('cli');
      // Answered only if the cancel waited for it (the failure).
      breakDeadlock(release);
    });
    const opened = await openHeld(sampler, 1, {});
    runner = opened.runner;
    const state = await runner.start();
    assert.equal(state.status, 'Canceled');
    assert.deepEqual(state.trials.map((t) => t.params), [{ v: QUICK, s: 0 }]);
    assert.equal(sampler.closed, true);
    assert.equal(sampler.outstanding, 1, 'the proposal out at the cancel was never answered');
  });
});

describe('a Bayesian sweep with max_concurrent_trials: 1', () => {
  /** Runs the sweep and returns its trials' (sequence, params) and its warnings. */
  async function bayesianSweep(name: string, offThread?: (inThread: Sampler, setup: ProposalWorkerSetup) => Sampler) {
    const dir = join(folder.path, name);
    mkdirSync(dir, { recursive: true });
    const specPath = writeSpec(dir, specYaml('--delay 1 --values ${{search_space.x}}', `
sampling_algorithm: bayesian
search_space:
  x:
    type: uniform
    min_value: 0
    max_value: 1
  model:
    type: choice
    values:
      - kind: svm
        c:
          type: loguniform
          min_value: -3
          max_value: 3
      - kind: tree
        depth:
          type: randint
          upper: 5
limits:
  max_total_trials: 9
  max_concurrent_trials: 1
`));
    const { runner, sweepDir } = await openFromFile(specPath, join(dir, 'sweep'), { seed: 21, ...(offThread ? { offThread } : {}) });
    const state = await runner.start();
    assert.equal(state.status, 'Completed');
    const events = await journalEvents(sweepDir);
    return { events, created: eventsOf(events, 'trial-created').map((e) => ({ sequence: e.sequence, params: e.params })), warnings: state.warnings.map((w) => w.message) };
  }

  /** What the in-thread sampler proposes on the journal's history just before each trial-created. */
  function inThreadProposals(events: readonly JournalEvent[]): { sequence: number; params: Params }[] {
    const state = emptySweepState();
    const out: { sequence: number; params: Params }[] = [];
    for (const event of events) {
      if (event.type === 'trial-created') {
        const info = state.info;
        assert.ok(info);
        const sampler = createSampler({ type: 'bayesian', form: 'string' }, { space: spaceOfSweep, seed: info.seed, goal: info.goal });
        const [proposal] = sampler.propose(historyForSampler(state), 1).proposals;
        assert.ok(proposal);
        out.push({ sequence: proposal.sequence, params: proposal.params });
      }
      applyEvent(state, event);
    }
    return out;
  }

  const spaceOfSweep = {
    parameters: [
      { name: 'x', distribution: { type: 'uniform' as const, min_value: 0, max_value: 1 } },
      { name: 'model', distribution: { type: 'choice' as const, values: [
        { kind: 'nested' as const, entries: [{ name: 'kind', value: 'svm' }, { name: 'c', value: { type: 'loguniform' as const, min_value: -3, max_value: 3 } }] },
        { kind: 'nested' as const, entries: [{ name: 'kind', value: 'tree' }, { name: 'depth', value: { type: 'randint' as const, upper: 5 } }] },
      ] } },
    ],
  };

  test('proposes in the worker exactly what the in-thread sampler proposes on the history at each trial; the in-thread fallback too', async () => {
    const worker = await bayesianSweep('worker');
    assert.equal(worker.created.length, 9);
    assert.deepEqual(worker.warnings, []);
    assert.deepStrictEqual(worker.created, inThreadProposals(worker.events));
    const fallback = await bayesianSweep('fallback', (inThread, setup) => proposingOffThread(inThread, setup, join(folder.path, 'noSuchWorker.js')));
    assert.deepStrictEqual(fallback.created, worker.created);
    assert.equal(fallback.warnings.length, 1);
    assert.match(fallback.warnings[0] ?? '', /proposal worker thread is not used \(it could not start: its file .*noSuchWorker\.js is missing/);
  });
});
