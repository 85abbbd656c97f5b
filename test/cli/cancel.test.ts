/**
 * Stopping a running `hypersweep run` from outside: `hypersweep cancel` from another process,
 * Ctrl-C (SIGINT) once and twice, and the runner lock that keeps a second runner off a live sweep
 * but lets `resume` take over from a runner killed with SIGKILL. Real processes throughout; no
 * trial process may survive.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { replay } from '../../src/core/journal/replay';
import { livePids, livePidsInSession } from '../core/launchers/support';
import { specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli, startCli, waitUntil } from './support';

const folder = tempFolder('hypersweep-cli-cancel-');
after(() => folder.remove());
before(ensureCliBuilt);
let counter = 0;

interface Case {
  readonly dir: string;
  readonly specPath: string;
  readonly sweepDir: string;
  readonly pidDir: string;
}

/** A folder with a spec whose `trials` trials run `trialArgs` (which may use the pid folder `PIDS`). */
function newCase(trialArgs: string, trials: number): Case {
  counter += 1;
  const dir = join(folder.path, `case_${counter}`);
  mkdirSync(dir, { recursive: true });
  const pidDir = join(dir, 'pids');
  const yaml = specYaml(`${trialArgs.replace('PIDS', JSON.stringify(pidDir))} --tag \${{search_space.i}}`, `
sampling_algorithm: grid
search_space:
  i:
    type: choice
    values: [${Array.from({ length: trials }, (_, i) => i).join(', ')}]
limits:
  max_total_trials: ${trials}
  max_concurrent_trials: ${trials}
`);
  return { dir, specPath: writeSpec(dir, yaml), sweepDir: join(dir, 'sweep'), pidDir };
}

function pidsWritten(c: Case): number[] {
  return existsSync(c.pidDir) ? readdirSync(c.pidDir).map(Number) : [];
}

function metricLines(c: Case): number {
  const path = join(c.sweepDir, 'journal.jsonl');
  return existsSync(path) ? (readFileSync(path, 'utf8').match(/"type":"metric"/g) ?? []).length : 0;
}

async function journal(c: Case) {
  const contents = await readJournal(join(c.sweepDir, 'journal.jsonl'));
  return { ...contents, state: replay(contents.events) };
}

async function assertNoSurvivors(pids: readonly number[]): Promise<void> {
  assert.ok(pids.length > 0);
  assert.ok(await waitUntil(() => livePids(pids).length === 0, 5000), `trial processes still alive: ${livePids(pids).join(' ')}`);
}

void describe('hypersweep cancel', () => {
  void test('cancels a run from another process; the trial and its SIGTERM-ignoring children are gone', async () => {
    const c = newCase('--values 1 --fork 2 --ignore-term --pid-dir PIDS', 1);
    const run = startCli(['run', c.specPath, '--out', c.sweepDir], c.dir);
    assert.ok(await waitUntil(() => pidsWritten(c).length === 3), `trial never started: ${run.output()}`);
    const cancel = await runCli(['cancel', c.sweepDir], c.dir);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stderr, /the sweep was canceled/);
    const result = await run.done;
    assert.equal(result.code, 130, result.stderr);
    const { state, events } = await journal(c);
    assert.equal(state.status, 'Canceled');
    assert.equal(state.endReason, 'user');
    assert.equal(state.cancelRequested?.by, 'cli');
    assert.equal(state.trials[0]?.status, 'Canceled');
    assert.equal(state.trials[0]?.reason, 'user');
    assert.equal(events.at(-1)?.type, 'sweep-ended');
    await assertNoSurvivors(pidsWritten(c));
    const leader = state.trials[0]?.pid;
    assert.ok(leader !== undefined);
    assert.deepEqual(livePidsInSession(leader), [], 'nothing is left in the trial process group');
  });
});

void describe('hypersweep cancel of a crashed sweep', () => {
  void test('closes the sweep as Canceled and kills what the dead runner left running', async () => {
    const c = newCase('--values 1,hang --fork 1 --ignore-term --pid-dir PIDS', 1);
    const run = startCli(['run', c.specPath, '--out', c.sweepDir], c.dir);
    assert.ok(await waitUntil(() => pidsWritten(c).length === 2), `trial never started: ${run.output()}`);
    run.child.kill('SIGKILL');
    await run.done;
    const status = await runCli(['status', c.sweepDir], c.dir);
    assert.match(status.stdout, /its runner is no longer alive: continue it with `hypersweep resume/);
    const cancel = await runCli(['cancel', c.sweepDir], c.dir);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stderr, /no runner was alive; the sweep was closed as Canceled/);
    const { state, events } = await journal(c);
    assert.deepEqual([state.status, state.endReason], ['Canceled', 'user']);
    assert.deepEqual([state.trials[0]?.status, state.trials[0]?.reason], ['Canceled', 'user']);
    assert.equal(events.at(-1)?.type, 'sweep-ended');
    assert.equal(existsSync(join(c.sweepDir, 'runner.lock')), false);
    await assertNoSurvivors(pidsWritten(c));
  });
});

void describe('Ctrl-C', () => {
  void test('one SIGINT cancels the sweep: exit 130, journal ends with sweep-ended Canceled', async () => {
    const c = newCase('--values 1,hang --pid-dir PIDS', 2);
    const run = startCli(['run', c.specPath, '--out', c.sweepDir], c.dir);
    assert.ok(await waitUntil(() => pidsWritten(c).length === 2), `trials never started: ${run.output()}`);
    run.child.kill('SIGINT');
    const result = await run.done;
    assert.equal(result.code, 130, result.stderr);
    const { state, events, problems } = await journal(c);
    assert.deepEqual(problems, []);
    assert.equal(state.cancelRequested?.by, 'signal');
    assert.deepEqual({ type: events.at(-1)?.type, status: state.status, reason: state.endReason }, { type: 'sweep-ended', status: 'Canceled', reason: 'user' });
    assert.deepEqual(state.trials.map((t) => [t.status, t.reason]), [['Canceled', 'user'], ['Canceled', 'user']]);
    await assertNoSurvivors(pidsWritten(c));
  });

  void test('a second SIGINT right after the first kills the trials and still ends the journal cleanly', async () => {
    // The trials ignore SIGTERM, so only the second interrupt's SIGKILL ends them before the grace period.
    const c = newCase('--values 1,hang --ignore-term --pid-dir PIDS', 2);
    const run = startCli(['run', c.specPath, '--out', c.sweepDir], c.dir);
    assert.ok(await waitUntil(() => pidsWritten(c).length === 2 && metricLines(c) === 2), `trials never reported: ${run.output()}`);
    const before = readFileSync(join(c.sweepDir, 'journal.jsonl'), 'utf8');
    run.child.kill('SIGINT');
    await waitUntil(() => run.output().includes('canceling the sweep'), 5000);
    run.child.kill('SIGINT');
    const result = await run.done;
    assert.equal(result.code, 130, result.stderr);
    const after = readFileSync(join(c.sweepDir, 'journal.jsonl'), 'utf8');
    assert.ok(after.startsWith(before), 'what was journaled before the interrupts is intact');
    const { state, events, problems, tornBytes } = await journal(c);
    assert.deepEqual(problems, []);
    assert.equal(tornBytes, 0);
    assert.equal(events.at(-1)?.type, 'sweep-ended');
    assert.equal(state.status, 'Canceled');
    assert.equal(state.cancelRequested?.by, 'signal');
    assert.ok(state.trials.every((t) => t.status === 'Canceled' && t.reason === 'user'));
    assert.ok(state.trials.every((t) => t.primary.length === 1), 'the metrics reported before the interrupt are kept');
    await assertNoSurvivors(pidsWritten(c));
  });
});

void describe('runner lock', () => {
  void test('a second run or resume on a running sweep is refused; after kill -9 resume takes the stale lock over', async () => {
    const c = newCase('--values 1,hang --pid-dir PIDS', 1);
    const run = startCli(['run', c.specPath, '--out', c.sweepDir], c.dir);
    assert.ok(await waitUntil(() => pidsWritten(c).length === 1), `trial never started: ${run.output()}`);

    const second = await runCli(['run', c.specPath, '--out', c.sweepDir], c.dir);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /already holds a sweep; continue it with `hypersweep resume/);
    const resumeWhileRunning = await runCli(['resume', c.sweepDir], c.dir);
    assert.equal(resumeWhileRunning.code, 1);
    assert.match(resumeWhileRunning.stderr, new RegExp(`hypersweep resume: .*${String(run.child.pid)}`));

    run.child.kill('SIGKILL');
    await run.done;
    const firstTrial = pidsWritten(c);
    const resume = startCli(['resume', c.sweepDir], c.dir);
    assert.ok(await waitUntil(() => pidsWritten(c).length === 2), `resume did not start the trial again: ${resume.output()}`);
    const { state } = await journal(c);
    assert.equal(state.runners.length, 2);
    assert.equal(state.runners[1]?.resume, true);
    assert.equal(state.trials[0]?.attempts, 2);
    assert.deepEqual(livePids(firstTrial), [], 'resume killed the trial the dead runner left behind');
    resume.child.kill('SIGINT');
    const ended = await resume.done;
    assert.equal(ended.code, 130, ended.stderr);
    assert.equal(existsSync(join(c.sweepDir, 'runner.lock')), false, 'the lock is released at the end');
    await assertNoSurvivors(pidsWritten(c));
  });
});
